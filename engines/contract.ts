// The engine contract (docs/engine-contract.md): what any implementation of a privacy mode declares
// and fulfils to be put under the judge. An engine declares its capabilities; a property that needs a
// capability the engine lacks is reported "not applicable", never pass. Device engines implement the
// device-level interface below; the world wraps them in its phones, the judges in their oracles.

/** What an engine may or may not offer; each property names the ones it needs (properties/catalogue.ts). */
export const CAPABILITIES = ['groups', 'post-quantum', 'view-once-deletion', 'safety-numbers', 'deterministic-randomness'] as const;

export type Capability = (typeof CAPABILITIES)[number];

export type Capabilities = Readonly<Record<Capability, boolean>>;

/** How the world runs an engine: its own phones (the built-ins), or the device-level contract below. */
export type EngineHost = 'world' | 'device';

/** What the registry (registry.ts) knows of an engine before anything of it is loaded. */
export interface EngineInfo {
  readonly name: string;
  readonly summary: string;
  readonly capabilities: Capabilities;
  readonly host: EngineHost;
  /** Where its code is and under which licence, for engines outside this repository's own code. */
  readonly provenance?: string;
  /**
   * The name an out-of-process engine gives itself in its handshake (docs/engine-protocol.md); `name` is
   * then the `exec:` command that reaches it. Traces record this one, so one engine served in and out of
   * process gives one trace.
   */
  readonly selfName?: string;
}

/** One one-time prekey as the directory holds it: its id and public bytes, opaque to the world. */
export interface OneTimePreKey {
  readonly id: number;
  readonly bytes: Uint8Array;
}

/** What a device puts in the server's directory: the signed part, and one-time prekeys the directory hands out once each. */
export interface PublishedBundle {
  readonly base: Uint8Array;
  readonly oneTime: readonly OneTimePreKey[];
}

/** What the directory serves for a device: the signed part and at most one one-time prekey (none when they ran out). */
export interface ServedBundle {
  readonly base: Uint8Array;
  readonly oneTime?: OneTimePreKey;
}

/** One encrypted message: a session setup (first flight) or a message on an established session. */
export interface EngineCiphertext {
  readonly kind: 'setup' | 'message';
  readonly bytes: Uint8Array;
}

/** Why a device refused input: a closed set, so the judges can compare codes across engines. */
export type RefusalCode = 'UNTRUSTED_IDENTITY' | 'INVALID_MESSAGE' | 'DUPLICATE_MESSAGE' | 'NO_SESSION' | 'INVALID_BUNDLE' | 'INVALID_KEY';

export type SessionStart = { readonly ok: true } | { readonly ok: false; readonly code: RefusalCode; readonly identityKey?: Uint8Array };

export type Opened = { readonly ok: true; readonly plaintext: Uint8Array } | { readonly ok: false; readonly code: RefusalCode };

/** A peer device as the engine names it: user and device number. */
export interface PeerAddress {
  readonly user: string;
  readonly device: number;
}

/**
 * One device of a device engine. Every method is synchronous, because the world is a synchronous
 * discrete-event simulation; an engine whose library is asynchronous runs it behind a blocking bridge
 * (engines/libsignal/bridge.ts). A method that refuses input should leave the device unchanged: the
 * world compares the exported state around every refusal and SEC-INTEGRITY judges it.
 */
export interface EngineDevice {
  readonly address: PeerAddress;
  /** The device's public identity key, as the engine encodes it. */
  identityKey(): Uint8Array;
  /** The bundle to put in the server's directory: the current one, or (`refresh`) a new signed prekey and one-time prekeys. */
  bundle(options: { readonly refresh: boolean; readonly nowMs: number }): PublishedBundle;
  /**
   * Starts (or replaces) the session with `peer` from a bundle the server served; refuses a bad bundle,
   * and an identity other than the one this device trusts for `peer` (UNTRUSTED_IDENTITY, with that identity).
   */
  startSession(peer: PeerAddress, bundle: ServedBundle, nowMs: number): SessionStart;
  hasSession(peer: PeerAddress): boolean;
  encrypt(peer: PeerAddress, plaintext: Uint8Array, nowMs: number): EngineCiphertext;
  decrypt(peer: PeerAddress, ciphertext: EngineCiphertext, nowMs: number): Opened;
  /** The identity key this device holds for `peer` (trusted on first use), if any. */
  peerIdentity(peer: PeerAddress): Uint8Array | undefined;
  /** Trusts a changed identity for `peer` (the user acknowledged the key change). */
  trustIdentity(peer: PeerAddress, identityKey: Uint8Array): void;
  /** Stops using this device (its handle in the engine is released); the exported state stays valid. */
  release(): void;
  /** The whole stored state as opaque bytes: what a seizure or a thief takes. */
  exportState(): Uint8Array;
  /** Optional capabilities, present exactly when the engine declares them: the numeric safety number for `peer` (capability `safety-numbers`). */
  readonly safetyNumber?: (peer: PeerAddress, peerIdentityKey: Uint8Array) => string;
  readonly groups?: EngineGroups;
}

/** Sender-key style groups over the pairwise sessions (capability `groups`). */
export interface EngineGroups {
  /** This device's sender key for `room`: bytes to hand each member over a pairwise session. */
  distribution(room: string): Uint8Array;
  /** Accepts a member's sender key received over a pairwise session. */
  join(room: string, from: PeerAddress, distribution: Uint8Array): Opened;
  send(room: string, plaintext: Uint8Array): Uint8Array;
  receive(room: string, from: PeerAddress, ciphertext: Uint8Array): Opened;
  /** A membership change: this device starts a fresh sender key for `room`. */
  rekey(room: string): void;
}

/** Bytes in a device seed (DeviceEngine.createDevice, importDevice). */
export const DEVICE_SEED_BYTES = 32;

/**
 * A device engine: makes devices, and brings an exported state back to life (a thief's clone, a rollback).
 * Each device gets a 32-byte `seed` from the run's seed. An engine that declares `deterministic-randomness`
 * draws every random byte of that device from it, so one run seed replays the run byte for byte; others may
 * ignore it and use the system's CSPRNG.
 */
export interface DeviceEngine {
  readonly info: EngineInfo;
  createDevice(address: PeerAddress, nowMs: number, seed: Uint8Array): EngineDevice;
  /** The device `state` describes; its random draws from now on come from `seed` (a clone runs on other hardware). */
  importDevice(state: Uint8Array, seed: Uint8Array): EngineDevice;
  /**
   * The key trial: opens a captured ciphertext from `from` with an imported copy of `state`, and
   * leaves `state` unchanged (the copy is thrown away). Undefined when the state opens nothing.
   */
  openWith(state: Uint8Array, from: PeerAddress, ciphertext: EngineCiphertext, nowMs: number): Uint8Array | undefined;
  /** Releases what the engine holds (a worker, native handles); the engine is unusable after. */
  close(): void;
}

export function lacking(capabilities: Capabilities, needs: readonly Capability[]): Capability[] {
  return needs.filter((c) => !capabilities[c]);
}
