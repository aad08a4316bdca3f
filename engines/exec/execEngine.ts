// An engine in another process (docs/engine-protocol.md): `exec:COMMAND` started once, the handshake
// it answers (its name, version and capabilities), and the device contract (engines/contract.ts)
// carried over JSON-RPC. Devices are handles in the engine's process; bytes cross as base64.
import type {
  Capabilities,
  DeviceEngine,
  EngineCiphertext,
  EngineDevice,
  EngineGroups,
  EngineInfo,
  Opened,
  PeerAddress,
  PublishedBundle,
  RefusalCode,
  ServedBundle,
  SessionStart,
} from '../contract.ts';
import { INITIALIZE_TIMEOUT_MS, RpcClient } from './rpcClient.ts';
import { addressToWire, b64, ciphertextFromWire, ciphertextToWire, PROTOCOL_VERSION, unb64, type WireCiphertext } from './wire.ts';

/** What an exec engine says of itself in the handshake. */
interface Handshake {
  readonly protocolVersion: number;
  readonly engine: { readonly name: string; readonly version: string; readonly summary: string; readonly provenance?: string };
  readonly capabilities: Capabilities;
}

const EXEC_PREFIX = 'exec:';

export const isExecSpec = (name: string): boolean => name.startsWith(EXEC_PREFIX);

export const commandOf = (spec: string): string => spec.slice(EXEC_PREFIX.length).trim();

type WireOpened = { ok: true; plaintext: string } | { ok: false; refusal: RefusalCode };

const opened = (r: WireOpened): Opened => (r.ok ? { ok: true, plaintext: unb64(r.plaintext) } : { ok: false, code: r.refusal });

/** Sends `initialize` and checks the engine chose the version offered. */
function handshake(rpc: RpcClient, clientVersion: string): Handshake {
  const h = rpc.call('initialize', { protocolVersions: [PROTOCOL_VERSION], client: { name: 'sealroom', version: clientVersion } }, INITIALIZE_TIMEOUT_MS) as Handshake;
  if (h.protocolVersion !== PROTOCOL_VERSION) throw rpc.channel.fault('misbehaving', `initialize: chose protocol version ${h.protocolVersion}, which was not offered (offered ${PROTOCOL_VERSION})`);
  rpc.channel.label = h.engine.name;
  return h;
}

class ExecDevice implements EngineDevice {
  readonly safetyNumber?: (peer: PeerAddress, peerIdentityKey: Uint8Array) => string;
  readonly groups?: EngineGroups;
  private identity: Uint8Array | undefined;

  constructor(
    private readonly rpc: RpcClient,
    private readonly h: number,
    readonly address: PeerAddress,
    identityKey: Uint8Array,
    capabilities: Capabilities,
  ) {
    this.identity = identityKey;
    if (capabilities['safety-numbers']) {
      this.safetyNumber = (peer, key) => (this.rpc.call('device.safetyNumber', { device: this.h, peer: addressToWire(peer), identityKey: b64(key) }) as { safetyNumber: string }).safetyNumber;
    }
    if (capabilities.groups) this.groups = this.groupsOf();
  }

  private groupsOf(): EngineGroups {
    const at = (room: string) => ({ device: this.h, room });
    return {
      distribution: (room) => unb64((this.rpc.call('group.distribution', at(room)) as { distribution: string }).distribution),
      join: (room, from, distribution) => opened(this.rpc.call('group.join', { ...at(room), from: addressToWire(from), distribution: b64(distribution) }) as WireOpened),
      send: (room, plaintext) => unb64((this.rpc.call('group.send', { ...at(room), plaintext: b64(plaintext) }) as { ciphertext: string }).ciphertext),
      receive: (room, from, ciphertext) => opened(this.rpc.call('group.receive', { ...at(room), from: addressToWire(from), message: b64(ciphertext) }) as WireOpened),
      rekey: (room) => {
        this.rpc.call('group.rekey', at(room));
      },
    };
  }

  identityKey(): Uint8Array {
    this.identity ??= unb64((this.rpc.call('device.identityKey', { device: this.h }) as { identityKey: string }).identityKey);
    return this.identity;
  }

  bundle(options: { readonly refresh: boolean; readonly nowMs: number }): PublishedBundle {
    const b = this.rpc.call('device.bundle', { device: this.h, refresh: options.refresh, nowMs: options.nowMs }) as { base: string; oneTime: { id: number; bytes: string }[] };
    const ids = new Set(b.oneTime.map((k) => k.id));
    if (ids.size !== b.oneTime.length) throw this.rpc.channel.fault('misbehaving', `device.bundle: one-time prekeys with repeated ids (${b.oneTime.map((k) => k.id).join(', ')})`);
    return { base: unb64(b.base), oneTime: b.oneTime.map((k) => ({ id: k.id, bytes: unb64(k.bytes) })) };
  }

  startSession(peer: PeerAddress, bundle: ServedBundle, nowMs: number): SessionStart {
    const served = { base: b64(bundle.base), ...(bundle.oneTime === undefined ? {} : { oneTime: { id: bundle.oneTime.id, bytes: b64(bundle.oneTime.bytes) } }) };
    const r = this.rpc.call('device.startSession', { device: this.h, peer: addressToWire(peer), bundle: served, nowMs }) as { ok: true } | { ok: false; refusal: RefusalCode; identityKey?: string };
    if (r.ok) return { ok: true };
    return { ok: false, code: r.refusal, ...(r.identityKey === undefined ? {} : { identityKey: unb64(r.identityKey) }) };
  }

  hasSession(peer: PeerAddress): boolean {
    return (this.rpc.call('device.hasSession', { device: this.h, peer: addressToWire(peer) }) as { hasSession: boolean }).hasSession;
  }

  encrypt(peer: PeerAddress, plaintext: Uint8Array, nowMs: number): EngineCiphertext {
    return ciphertextFromWire((this.rpc.call('device.encrypt', { device: this.h, peer: addressToWire(peer), plaintext: b64(plaintext), nowMs }) as { ciphertext: WireCiphertext }).ciphertext);
  }

  decrypt(peer: PeerAddress, ciphertext: EngineCiphertext, nowMs: number): Opened {
    return opened(this.rpc.call('device.decrypt', { device: this.h, peer: addressToWire(peer), ciphertext: ciphertextToWire(ciphertext), nowMs }) as WireOpened);
  }

  peerIdentity(peer: PeerAddress): Uint8Array | undefined {
    const k = (this.rpc.call('device.peerIdentity', { device: this.h, peer: addressToWire(peer) }) as { identityKey: string | null }).identityKey;
    return k === null ? undefined : unb64(k);
  }

  trustIdentity(peer: PeerAddress, identityKey: Uint8Array): void {
    this.rpc.call('device.trustIdentity', { device: this.h, peer: addressToWire(peer), identityKey: b64(identityKey) });
  }

  release(): void {
    this.rpc.call('device.release', { device: this.h });
  }

  exportState(): Uint8Array {
    return unb64((this.rpc.call('device.exportState', { device: this.h }) as { state: string }).state);
  }
}

/** An engine started from `exec:COMMAND`; its info is what it said in the handshake, named as it names itself. */
export function execEngine(spec: string, clientVersion: string): DeviceEngine {
  const rpc = new RpcClient(commandOf(spec));
  let h: Handshake;
  try {
    h = handshake(rpc, clientVersion);
  } catch (e) {
    rpc.close();
    throw e;
  }
  const info: EngineInfo = {
    name: spec,
    selfName: h.engine.name,
    summary: `${h.engine.summary} (version ${h.engine.version}, out of process: ${spec})`,
    capabilities: h.capabilities,
    host: 'device',
    provenance: h.engine.provenance ?? `the command ${commandOf(spec)}`,
  };
  const device = (r: { device: number; identityKey: string }, address: PeerAddress) => new ExecDevice(rpc, r.device, address, unb64(r.identityKey), h.capabilities);
  return {
    info,
    createDevice: (address, nowMs, seed) => device(rpc.call('engine.createDevice', { address: addressToWire(address), nowMs, seed: b64(seed) }) as { device: number; identityKey: string }, address),
    importDevice: (state, seed) => {
      const r = rpc.call('engine.importDevice', { state: b64(state), seed: b64(seed) }) as { device: number; identityKey: string; address: PeerAddress };
      return device(r, r.address);
    },
    openWith: (state, from, ciphertext, nowMs) => {
      const r = rpc.call('engine.openWith', { state: b64(state), from: addressToWire(from), ciphertext: ciphertextToWire(ciphertext), nowMs }) as { plaintext: string | null };
      return r.plaintext === null ? undefined : unb64(r.plaintext);
    },
    close: () => {
      try {
        rpc.send('shutdown', {});
      } catch {
        // an engine that cannot shut down is stopped below all the same
      }
      rpc.close();
    },
  };
}
