// The MLS engine (README.md): RFC 9420 groups over ts-mls (MIT), behind a blocking bridge into a worker
// thread (bridge.ts, worker.ts). The protocol is ts-mls's; the policy around it, the deterministic suite
// and the state encoding are the adapter's (device.ts, suite.ts, stateCodec.ts). It implements the
// MLS-shaped contract proposed in contract.ts; wiring it into the registry and the world comes later.
import type { EngineInfo, PeerAddress } from '../contract.ts';
import { DEVICE_SEED_BYTES } from '../contract.ts';
import { Bridge } from './bridge.ts';
import type { MlsApplied, MlsCommitted, MlsCreated, MlsDevice, MlsDeviceEngine, MlsEpoch, MlsJoined, MlsKeyPackage, MlsKeyPackageFor, MlsReceived, MlsSent } from './contract.ts';
import { checkRetention, DEFAULT_RETENTION, type Retention } from './state.ts';

export const MLS_ENGINE_INFO: EngineInfo = {
  name: 'mls',
  summary: 'RFC 9420 MLS groups over ts-mls 1.6.4, suite 1 (X25519, AES-128-GCM, SHA-256, Ed25519) on @noble with seeded randomness, behind sealroom’s adapter',
  capabilities: { groups: true, 'post-quantum': false, 'view-once-deletion': true, 'safety-numbers': false, 'deterministic-randomness': true },
  host: 'device',
  provenance: 'ts-mls 1.6.4 (MIT, https://github.com/LukaJCB/ts-mls), a dependency',
};

export interface MlsEngineOptions {
  /** Key retention for new devices; an imported device keeps the settings its state was made with. */
  readonly retention?: Partial<Retention>;
}

function seedOf(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== DEVICE_SEED_BYTES) throw new Error(`mls: a device seed is ${DEVICE_SEED_BYTES} bytes`);
  return seed;
}

class BridgedMlsDevice implements MlsDevice {
  constructor(
    private readonly bridge: Bridge,
    private readonly h: number,
    readonly address: PeerAddress,
  ) {}

  identityKey(): Uint8Array {
    return this.bridge.call({ op: 'identity', h: this.h }) as Uint8Array;
  }
  keyPackage(nowMs: number): MlsKeyPackage {
    return this.bridge.call({ op: 'key-package', h: this.h, nowMs }) as MlsKeyPackage;
  }
  createGroup(room: string, nowMs: number): MlsCreated {
    return this.bridge.call({ op: 'create-group', h: this.h, room, nowMs }) as MlsCreated;
  }
  add(room: string, keyPackages: readonly MlsKeyPackageFor[], nowMs: number): MlsCommitted {
    return this.bridge.call({ op: 'add', h: this.h, room, keyPackages, nowMs }) as MlsCommitted;
  }
  remove(room: string, members: readonly PeerAddress[], nowMs: number): MlsCommitted {
    return this.bridge.call({ op: 'remove', h: this.h, room, members, nowMs }) as MlsCommitted;
  }
  update(room: string, nowMs: number): MlsCommitted {
    return this.bridge.call({ op: 'update', h: this.h, room, nowMs }) as MlsCommitted;
  }
  confirm(room: string, commit: Uint8Array): MlsApplied {
    return this.bridge.call({ op: 'confirm', h: this.h, room, commit }) as MlsApplied;
  }
  discardPending(room: string): void {
    this.bridge.call({ op: 'discard', h: this.h, room });
  }
  processCommit(room: string, commit: Uint8Array, nowMs: number): MlsApplied {
    return this.bridge.call({ op: 'process-commit', h: this.h, room, commit, nowMs }) as MlsApplied;
  }
  join(welcome: Uint8Array, nowMs: number): MlsJoined {
    return this.bridge.call({ op: 'join', h: this.h, welcome, nowMs }) as MlsJoined;
  }
  send(room: string, plaintext: Uint8Array): MlsSent {
    return this.bridge.call({ op: 'send', h: this.h, room, plaintext }) as MlsSent;
  }
  receive(room: string, message: Uint8Array): MlsReceived {
    return this.bridge.call({ op: 'receive', h: this.h, room, message }) as MlsReceived;
  }
  epoch(room: string): MlsEpoch | undefined {
    return this.bridge.call({ op: 'epoch', h: this.h, room }) as MlsEpoch | undefined;
  }
  rooms(): readonly string[] {
    return this.bridge.call({ op: 'rooms', h: this.h }) as string[];
  }
  exportState(): Uint8Array {
    return this.bridge.call({ op: 'export', h: this.h }) as Uint8Array;
  }
  release(): void {
    this.bridge.call({ op: 'release', h: this.h });
  }
}

/** The MLS device engine: one worker thread holding every device it makes. */
export function mlsEngine(options: MlsEngineOptions = {}, info: EngineInfo = MLS_ENGINE_INFO): MlsDeviceEngine {
  const retention: Retention = { ...DEFAULT_RETENTION, ...options.retention };
  checkRetention(retention);
  const bridge = new Bridge();
  return {
    info,
    createDevice: (address, _nowMs, seed) => {
      const h = bridge.call({ op: 'create', user: address.user, device: address.device, seed: seedOf(seed), retention }) as number;
      return new BridgedMlsDevice(bridge, h, { user: address.user, device: address.device });
    },
    importDevice: (state, seed) => {
      const h = bridge.call({ op: 'import', state, seed: seedOf(seed) }) as number;
      return new BridgedMlsDevice(bridge, h, bridge.call({ op: 'address', h }) as PeerAddress);
    },
    openGroupWith: (state, room, message, handshakes = []) => bridge.call({ op: 'open', state, room, message, handshakes }) as Uint8Array | undefined,
    close: () => bridge.close(),
  };
}
