// The engines the judge knows, by name: what each offers (contract.ts capabilities) and how the world
// runs it. The two built-ins run on phones of the world's own (sim/world/simDevice.ts, sim/world/shipped/);
// a device engine is loaded only when a run asks for it, so its package may be absent until then.
import { createRequire } from 'node:module';
import { protocolFlags, type VariantName } from '../protocol/variant.ts';
import type { Capabilities, DeviceEngine, EngineInfo } from './contract.ts';

/** sealroom's version, told to an exec engine in the handshake. */
const SEALROOM_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
import { commandOf, execEngine, isExecSpec } from './exec/execEngine.ts';
import { loaded } from './loadedEngines.ts';
import { libsignalEngine } from './libsignal/engine.ts';
import { privacyresearchEngine } from './privacyresearch/engine.ts';
import { referenceDeviceEngine } from './reference/engine.ts';

const PRIVACY_MODE: EngineInfo = {
  name: 'privacy-mode',
  summary: "sealroom's reference protocol (PQXDH, Double Ratchet, sender-key groups) and its weak variants",
  capabilities: { groups: true, 'post-quantum': true, 'view-once-deletion': true, 'safety-numbers': true, 'deterministic-randomness': true },
  host: 'world',
};

const SHIPPED_2014: EngineInfo = {
  name: 'shipped-2014',
  summary: 'the model of the design shipped in 2014: static RSA install keys, AES-CTR rooms without a MAC, 1:1 only',
  capabilities: { groups: false, 'post-quantum': false, 'view-once-deletion': true, 'safety-numbers': false, 'deterministic-randomness': true },
  host: 'world',
};

const LIBSIGNAL: EngineInfo = {
  name: 'libsignal',
  summary: "Signal's libsignal (@signalapp/libsignal-client): PQXDH with Kyber prekeys and the Double Ratchet, behind sealroom's adapter",
  capabilities: { groups: false, 'post-quantum': true, 'view-once-deletion': true, 'safety-numbers': true, 'deterministic-randomness': false },
  host: 'device',
  provenance: '@signalapp/libsignal-client (AGPL-3.0-only), a devDependency loaded only when this engine is asked for',
};

const PRIVACY_MODE_DEVICE: EngineInfo = {
  name: 'privacy-mode-device',
  summary: "sealroom's reference protocol (PQXDH, Double Ratchet) through the device contract, on the world's generic phone: how the reference is judged out of process",
  capabilities: { groups: false, 'post-quantum': true, 'view-once-deletion': true, 'safety-numbers': true, 'deterministic-randomness': true },
  host: 'device',
};

const PRIVACYRESEARCH: EngineInfo = {
  name: 'privacyresearch',
  summary: "@privacyresearch/libsignal-protocol-typescript: a TypeScript port of Signal's X3DH and Double Ratchet (no PQXDH), behind sealroom's adapter",
  capabilities: { groups: false, 'post-quantum': false, 'view-once-deletion': true, 'safety-numbers': false, 'deterministic-randomness': false },
  host: 'device',
  provenance: '@privacyresearch/libsignal-protocol-typescript (GPL-3.0-only), a devDependency loaded only when this engine is asked for',
};

export const ENGINES: readonly EngineInfo[] = [PRIVACY_MODE, SHIPPED_2014, LIBSIGNAL, PRIVACY_MODE_DEVICE, PRIVACYRESEARCH];

export type BuiltinEngineName = 'privacy-mode' | 'shipped-2014';

/** A registered engine's name, or `exec:COMMAND` for an engine in another process (docs/engine-protocol.md). */
export function isEngineName(name: string): boolean {
  return ENGINES.some((e) => e.name === name) || (isExecSpec(name) && commandOf(name) !== '');
}

/** What an engine is; an exec engine is started to ask (its handshake says its name and capabilities). */
export function engineInfo(name: string): EngineInfo {
  if (isExecSpec(name)) return loadDeviceEngine(name).info;
  const info = ENGINES.find((e) => e.name === name);
  if (info === undefined) throw new RangeError(`no engine named ${name} (one of ${ENGINES.map((e) => e.name).join(', ')}, or exec:COMMAND)`);
  return info;
}

/** An engine as messages name it: an exec engine by its own name with the command that reaches it. */
export function engineLabel(info: EngineInfo): string {
  return info.selfName === undefined ? info.name : `${info.selfName} (${info.name})`;
}

/** The built-in engine a protocol variant runs on (protocol/variant.ts): each variant is one engine's code with a safeguard off. */
export function engineOfVariant(variant: VariantName): BuiltinEngineName {
  return protocolFlags(variant).engine;
}

/** What a run's settings say of its engine: its name, and where an engine in another process was reached (`exec:COMMAND`). */
interface RunEngine {
  readonly variant: VariantName;
  readonly engine?: string;
  readonly engineAt?: string;
}

/** The engine a run used: named in its settings (reached where they say), or else the one its variant runs on. */
export function engineOfRun(settings: RunEngine): EngineInfo {
  return engineInfo(settings.engineAt ?? settings.engine ?? engineOfVariant(settings.variant));
}

export function capabilitiesOf(settings: RunEngine): Capabilities {
  return engineOfRun(settings).capabilities;
}

/** Device engines by name, each made once per process on first use (a libsignal engine is one worker thread, an exec engine one process). */
const loaders: Readonly<Record<string, () => DeviceEngine>> = {
  libsignal: () => libsignalEngine(LIBSIGNAL),
  'privacy-mode-device': () => referenceDeviceEngine(PRIVACY_MODE_DEVICE),
  privacyresearch: () => privacyresearchEngine(PRIVACYRESEARCH),
};

/** The device engine named `name`, loaded on first use; throws a clear error when it is built in or its package is absent. */
export function loadDeviceEngine(name: string): DeviceEngine {
  let load: (() => DeviceEngine) | undefined;
  if (isExecSpec(name)) load = () => execEngine(name, SEALROOM_VERSION);
  else {
    const info = engineInfo(name);
    if (info.host !== 'device') throw new RangeError(`engine ${name} runs on the world's own phones, not through the device contract`);
    load = loaders[name];
    if (load === undefined) throw new RangeError(`engine ${name} is registered but has no loader`);
  }
  let engine = loaded.get(name);
  if (engine === undefined) {
    const made = load();
    // Closing it forgets it here, so the next run that asks for the engine gets a fresh one.
    engine = {
      ...made,
      close: () => {
        loaded.delete(name);
        made.close();
      },
    };
    loaded.set(name, engine);
  }
  return engine;
}
