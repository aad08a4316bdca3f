// The engines the judge knows, by name: what each offers (contract.ts capabilities) and how the world
// runs it. The two built-ins run on phones of the world's own (sim/world/simDevice.ts, sim/world/shipped/);
// a device engine is loaded only when a run asks for it, so its package may be absent until then.
import { protocolFlags, type VariantName } from '../protocol/variant.ts';
import type { Capabilities, DeviceEngine, EngineInfo } from './contract.ts';
import { libsignalEngine } from './libsignal/engine.ts';

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

export const ENGINES: readonly EngineInfo[] = [PRIVACY_MODE, SHIPPED_2014, LIBSIGNAL];

export type BuiltinEngineName = 'privacy-mode' | 'shipped-2014';

export function isEngineName(name: string): boolean {
  return ENGINES.some((e) => e.name === name);
}

export function engineInfo(name: string): EngineInfo {
  const info = ENGINES.find((e) => e.name === name);
  if (info === undefined) throw new RangeError(`no engine named ${name} (one of ${ENGINES.map((e) => e.name).join(', ')})`);
  return info;
}

/** The built-in engine a protocol variant runs on (protocol/variant.ts): each variant is one engine's code with a safeguard off. */
export function engineOfVariant(variant: VariantName): BuiltinEngineName {
  return protocolFlags(variant).engine;
}

/** The engine a run used: named in its settings, or else the one its variant runs on. */
export function engineOfRun(settings: { readonly variant: VariantName; readonly engine?: string }): EngineInfo {
  return engineInfo(settings.engine ?? engineOfVariant(settings.variant));
}

export function capabilitiesOf(settings: { readonly variant: VariantName; readonly engine?: string }): Capabilities {
  return engineOfRun(settings).capabilities;
}

/** Device engines by name, each made once per process on first use (a libsignal engine is one worker thread). */
const loaders: Readonly<Record<string, () => DeviceEngine>> = { libsignal: () => libsignalEngine(LIBSIGNAL) };
const loaded = new Map<string, DeviceEngine>();

/** The device engine named `name`, loaded on first use; throws a clear error when it is built in or its package is absent. */
export function loadDeviceEngine(name: string): DeviceEngine {
  const info = engineInfo(name);
  if (info.host !== 'device') throw new RangeError(`engine ${name} runs on the world's own phones, not through the device contract`);
  const load = loaders[name];
  if (load === undefined) throw new RangeError(`engine ${name} is registered but has no loader`);
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
