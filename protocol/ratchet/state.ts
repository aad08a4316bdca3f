// The Double Ratchet session state (Signal Double Ratchet spec §3.2, laid out like libsignal's
// SessionState: one sending chain, a few receiving chains, skipped message keys). Plain readonly
// data; every step deep-copies it first, so a new state never shares a buffer with the old one.
import { equalBytes, wipe } from '../bytes.ts';

export type RatchetRole = 'initiator' | 'responder';

export interface RatchetKeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

export interface SendingChain {
  readonly ratchetKeyPair: RatchetKeyPair;
  readonly chainKey: Uint8Array;
  /** Index of the next message to send (N). */
  readonly counter: number;
}

export interface ReceivingChain {
  /** The peer's ratchet public key this chain belongs to. */
  readonly ratchetKey: Uint8Array;
  readonly chainKey: Uint8Array;
  /** Index of the next message expected on this chain. */
  readonly counter: number;
}

/** A message key kept for a message that has not arrived yet (spec §3.2 MKSKIPPED). */
export interface SkippedKey {
  readonly ratchetKey: Uint8Array;
  readonly counter: number;
  /** The 32-byte message key seed (never the chain key), from which deriveMessageKeys makes the keys. */
  readonly seed: Uint8Array;
  /** ctx.nowMs when it was stored; expires after SKIPPED_KEY_TTL_MS. */
  readonly storedAtMs: number;
}

export interface RatchetState {
  readonly role: RatchetRole;
  readonly rootKey: Uint8Array;
  readonly sending: SendingChain;
  /** Length of the previous sending chain (PN). */
  readonly previousCounter: number;
  /** Newest first; at most MAX_RECEIVER_CHAINS. */
  readonly receiving: readonly ReceivingChain[];
  /** Oldest first; at most MAX_SKIPPED_KEYS. */
  readonly skipped: readonly SkippedKey[];
  /** Opaque bytes fixed at session start (binds both identities); prefix of every message AD. */
  readonly associatedData: Uint8Array;
}

/** A deep copy: the owner may wipe either copy without touching the other. */
export function cloneRatchetState(s: RatchetState): RatchetState {
  return {
    role: s.role,
    rootKey: s.rootKey.slice(),
    sending: {
      ratchetKeyPair: { publicKey: s.sending.ratchetKeyPair.publicKey.slice(), secretKey: s.sending.ratchetKeyPair.secretKey.slice() },
      chainKey: s.sending.chainKey.slice(),
      counter: s.sending.counter,
    },
    previousCounter: s.previousCounter,
    receiving: s.receiving.map((c) => ({ ratchetKey: c.ratchetKey.slice(), chainKey: c.chainKey.slice(), counter: c.counter })),
    skipped: s.skipped.map((k) => ({ ratchetKey: k.ratchetKey.slice(), counter: k.counter, seed: k.seed.slice(), storedAtMs: k.storedAtMs })),
    associatedData: s.associatedData.slice(),
  };
}

/** Overwrites every secret of a state the owner no longer needs (the device store calls this on replaced states). */
export function wipeRatchetState(s: RatchetState): void {
  wipe(s.rootKey, s.sending.ratchetKeyPair.secretKey, s.sending.chainKey);
  for (const c of s.receiving) wipe(c.chainKey);
  for (const k of s.skipped) wipe(k.seed);
}

export function findReceivingChainIndex(s: RatchetState, ratchetKey: Uint8Array): number {
  return s.receiving.findIndex((c) => equalBytes(c.ratchetKey, ratchetKey));
}

/** The role of the party whose messages this state receives. */
export function peerRole(s: RatchetState): RatchetRole {
  return s.role === 'initiator' ? 'responder' : 'initiator';
}
