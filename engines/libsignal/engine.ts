// The libsignal engine (docs/engine-contract.md "libsignal"): the device contract over Signal's
// @signalapp/libsignal-client, run in a worker behind a blocking bridge. PQXDH with a last-resort Kyber
// prekey, the Double Ratchet, libsignal's session records, and its numeric safety numbers are libsignal's;
// the stores, the trust policy, prekey refresh and the bundle encoding are the adapter's (stores.ts, worker.ts).
import type { DeviceEngine, EngineCiphertext, EngineDevice, EngineInfo, Opened, PeerAddress, PublishedBundle, RefusalCode, ServedBundle, SessionStart } from '../contract.ts';
import { Bridge, libsignalInstalled } from './bridge.ts';

/** The identity key a served bundle names (the adapter's bundle encoding, worker.ts bundleOf), if it decodes. */
function bundleIdentity(base: Uint8Array): Uint8Array | undefined {
  try {
    const b = JSON.parse(new TextDecoder().decode(base)) as { identityKey?: unknown };
    return typeof b.identityKey === 'string' && /^[0-9a-f]+$/.test(b.identityKey) ? new Uint8Array(Buffer.from(b.identityKey, 'hex')) : undefined;
  } catch {
    return undefined;
  }
}

class LibsignalDevice implements EngineDevice {
  readonly safetyNumber: (peer: PeerAddress, peerIdentityKey: Uint8Array) => string;

  constructor(
    private readonly bridge: Bridge,
    private readonly h: number,
    readonly address: PeerAddress,
  ) {
    this.safetyNumber = (peer, key) => this.bridge.value({ op: 'safety-number', h: this.h, peer, key }) as string;
  }

  identityKey(): Uint8Array {
    return this.bridge.value({ op: 'identity', h: this.h }) as Uint8Array;
  }

  bundle(options: { readonly refresh: boolean; readonly nowMs: number }): PublishedBundle {
    return this.bridge.value({ op: 'bundle', h: this.h, refresh: options.refresh }) as PublishedBundle;
  }

  startSession(peer: PeerAddress, bundle: ServedBundle, nowMs: number): SessionStart {
    const r = this.bridge.call({ op: 'start', h: this.h, peer, base: bundle.base, oneTime: bundle.oneTime, nowMs });
    if (r.ok) return { ok: true };
    const identityKey = r.code === 'UNTRUSTED_IDENTITY' ? bundleIdentity(bundle.base) : undefined;
    return { ok: false, code: r.code as RefusalCode, ...(identityKey === undefined ? {} : { identityKey }) };
  }

  hasSession(peer: PeerAddress): boolean {
    return this.bridge.value({ op: 'has', h: this.h, peer }) as boolean;
  }

  encrypt(peer: PeerAddress, plaintext: Uint8Array, nowMs: number): EngineCiphertext {
    return this.bridge.value({ op: 'encrypt', h: this.h, peer, plaintext, nowMs }) as EngineCiphertext;
  }

  decrypt(peer: PeerAddress, ciphertext: EngineCiphertext, _nowMs: number): Opened {
    const r = this.bridge.call({ op: 'decrypt', h: this.h, peer, kind: ciphertext.kind, bytes: ciphertext.bytes });
    return r.ok ? { ok: true, plaintext: r.value as Uint8Array } : { ok: false, code: r.code as RefusalCode };
  }

  peerIdentity(peer: PeerAddress): Uint8Array | undefined {
    return this.bridge.value({ op: 'peer-identity', h: this.h, peer }) as Uint8Array | undefined;
  }

  trustIdentity(peer: PeerAddress, key: Uint8Array): void {
    this.bridge.value({ op: 'trust', h: this.h, peer, key });
  }

  exportState(): Uint8Array {
    return this.bridge.value({ op: 'export', h: this.h }) as Uint8Array;
  }

  release(): void {
    this.bridge.value({ op: 'release', h: this.h });
  }
}

/** The libsignal device engine; throws a clear error when @signalapp/libsignal-client is not installed. */
export function libsignalEngine(info: EngineInfo): DeviceEngine {
  if (!libsignalInstalled()) throw new Error('engine libsignal needs @signalapp/libsignal-client (AGPL-3.0-only), a devDependency: run `npm install` with dev dependencies');
  const bridge = new Bridge();
  const device = (h: number): LibsignalDevice => {
    const { user, device: n } = JSON.parse(new TextDecoder().decode(bridge.value({ op: 'export', h }) as Uint8Array)) as { user: string; device: number };
    return new LibsignalDevice(bridge, h, { user, device: n });
  };
  return {
    info,
    createDevice: (address) => new LibsignalDevice(bridge, bridge.value({ op: 'create', user: address.user, device: address.device }) as number, address),
    importDevice: (state) => device(bridge.value({ op: 'import', state }) as number),
    openWith: (state, from, ciphertext) => bridge.value({ op: 'open', state, peer: from, kind: ciphertext.kind, bytes: ciphertext.bytes }) as Uint8Array | undefined,
    close: () => bridge.close(),
  };
}
