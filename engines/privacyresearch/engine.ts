// The privacyresearch engine (README.md): the device contract over @privacyresearch/libsignal-protocol-typescript,
// a TypeScript port of Signal's X3DH and Double Ratchet (no PQXDH), run in a worker thread behind a
// blocking bridge. X3DH, the ratchet and the session records are the library's; the stores, the trust
// policy, the prekeys, the bundle encoding and the refusal codes are the adapter's (stores.ts, worker.ts).
// Nothing here imports the library: only the worker loads it.
import type { DeviceEngine, EngineCiphertext, EngineDevice, EngineInfo, Opened, PeerAddress, PublishedBundle, ServedBundle, SessionStart } from '../contract.ts';
import { Bridge, PACKAGE, privacyresearchInstalled } from './bridge.ts';
import type { Held } from './messages.ts';

class PrivacyresearchDevice implements EngineDevice {
  constructor(
    private readonly bridge: Bridge,
    private readonly h: number,
    readonly address: PeerAddress,
  ) {}

  identityKey(): Uint8Array {
    return this.bridge.call({ op: 'identity', h: this.h }) as Uint8Array;
  }

  bundle(options: { readonly refresh: boolean; readonly nowMs: number }): PublishedBundle {
    return this.bridge.call({ op: 'bundle', h: this.h, refresh: options.refresh }) as PublishedBundle;
  }

  startSession(peer: PeerAddress, bundle: ServedBundle, _nowMs: number): SessionStart {
    return this.bridge.call({ op: 'start', h: this.h, peer, base: bundle.base, oneTime: bundle.oneTime }) as SessionStart;
  }

  hasSession(peer: PeerAddress): boolean {
    return this.bridge.call({ op: 'has', h: this.h, peer }) as boolean;
  }

  encrypt(peer: PeerAddress, plaintext: Uint8Array, _nowMs: number): EngineCiphertext {
    return this.bridge.call({ op: 'encrypt', h: this.h, peer, plaintext }) as EngineCiphertext;
  }

  decrypt(peer: PeerAddress, ciphertext: EngineCiphertext, _nowMs: number): Opened {
    return this.bridge.call({ op: 'decrypt', h: this.h, peer, ciphertext: { kind: ciphertext.kind, bytes: ciphertext.bytes } }) as Opened;
  }

  peerIdentity(peer: PeerAddress): Uint8Array | undefined {
    return this.bridge.call({ op: 'peer-identity', h: this.h, peer }) as Uint8Array | undefined;
  }

  trustIdentity(peer: PeerAddress, identityKey: Uint8Array): void {
    this.bridge.call({ op: 'trust', h: this.h, peer, key: identityKey });
  }

  exportState(): Uint8Array {
    return this.bridge.call({ op: 'export', h: this.h }) as Uint8Array;
  }

  release(): void {
    this.bridge.call({ op: 'release', h: this.h });
  }
}

/** The privacyresearch device engine; throws a clear error when its package is not installed. */
export function privacyresearchEngine(info: EngineInfo): DeviceEngine {
  if (!privacyresearchInstalled()) throw new Error(`engine privacyresearch needs ${PACKAGE} (GPL-3.0-only), a devDependency: run \`npm install\` with dev dependencies`);
  const bridge = new Bridge();
  const device = (held: Held): PrivacyresearchDevice => new PrivacyresearchDevice(bridge, held.h, held.address);
  return {
    info,
    // The library draws from WebCrypto's getRandomValues (the OS CSPRNG): the seed is not used.
    createDevice: (address) => device(bridge.call({ op: 'create', user: address.user, device: address.device }) as Held),
    importDevice: (state) => device(bridge.call({ op: 'import', state }) as Held),
    openWith: (state, from, ciphertext) => bridge.call({ op: 'open', state, peer: from, ciphertext: { kind: ciphertext.kind, bytes: ciphertext.bytes } }) as Uint8Array | undefined,
    close: () => bridge.close(),
  };
}
