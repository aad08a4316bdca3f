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
  /** Fixed for the chain's life: keys every message's header tag (headerTag.ts). */
  readonly headerKey: Uint8Array;
  /** Index of the next message to send (N). */
  readonly counter: number;
}

export interface ReceivingChain {
  /** The peer's ratchet public key this chain belongs to. */
  readonly ratchetKey: Uint8Array;
  readonly chainKey: Uint8Array;
  /** The sender's header key for this chain: checked before the chain is stepped (headerTag.ts). */
  readonly headerKey: Uint8Array;
  /** Index of the next message expected on this chain. */
  readonly counter: number;
}

/**
 * A receiving chain closed when the peer's next ratchet key arrived (Double Ratchet spec §3.5
 * DHRatchet, flag closeOldChains): its keys up to the header's PN were stored as skipped keys and its
 * chain key erased. Only this marker stays, so a later message on it is refused, never derived.
 */
export interface ClosedChain {
  readonly ratchetKey: Uint8Array;
  /** The peer's PN for this chain: messages 0 … end - 1 were sent on it, none after. */
  readonly end: number;
}

/** A message key kept for a message that has not arrived yet (spec §3.2 MKSKIPPED). */
export interface SkippedKey {
  readonly ratchetKey: Uint8Array;
  readonly counter: number;
  /** The 32-byte message key seed (never the chain key), from which deriveMessageKeys makes the keys. */
  readonly seed: Uint8Array;
  /** The header key of the chain it was skipped on: the late message's header tag is checked too (headerTag.ts). */
  readonly headerKey: Uint8Array;
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
  /** Closed receiving chains, newest first, at most MAX_RECEIVER_CHAINS; absent when none (flag closeOldChains). */
  readonly closedChains?: readonly ClosedChain[] | undefined;
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
      headerKey: s.sending.headerKey.slice(),
      counter: s.sending.counter,
    },
    previousCounter: s.previousCounter,
    receiving: s.receiving.map((c) => ({ ratchetKey: c.ratchetKey.slice(), chainKey: c.chainKey.slice(), headerKey: c.headerKey.slice(), counter: c.counter })),
    skipped: s.skipped.map((k) => ({ ratchetKey: k.ratchetKey.slice(), counter: k.counter, seed: k.seed.slice(), headerKey: k.headerKey.slice(), storedAtMs: k.storedAtMs })),
    associatedData: s.associatedData.slice(),
    ...(s.closedChains === undefined || s.closedChains.length === 0 ? {} : { closedChains: s.closedChains.map((c) => ({ ratchetKey: c.ratchetKey.slice(), end: c.end })) }),
  };
}

/** Every secret buffer of a state: root key, sending secret, chain and header keys, receiving chain and header keys, skipped seeds and their header keys. */
export function ratchetSecrets(s: RatchetState): Uint8Array[] {
  return [
    s.rootKey,
    s.sending.ratchetKeyPair.secretKey,
    s.sending.chainKey,
    s.sending.headerKey,
    ...s.receiving.flatMap((c) => [c.chainKey, c.headerKey]),
    ...s.skipped.flatMap((k) => [k.seed, k.headerKey]),
  ];
}

/**
 * Overwrites every secret of a state the owner no longer needs and holds alone (device steps hand a
 * dropped session's ratchetSecrets back in `consumed` instead, for the owner to wipe).
 */
export function wipeRatchetState(s: RatchetState): void {
  wipe(...ratchetSecrets(s));
}

export function findClosedChain(s: RatchetState, ratchetKey: Uint8Array): ClosedChain | undefined {
  return s.closedChains?.find((c) => equalBytes(c.ratchetKey, ratchetKey));
}

/** Whether this state has a receiving chain (open or closed) or a skipped key for `ratchetKey`. */
export function knowsRatchetKey(s: RatchetState, ratchetKey: Uint8Array): boolean {
  return findReceivingChainIndex(s, ratchetKey) >= 0 || findClosedChain(s, ratchetKey) !== undefined || s.skipped.some((k) => equalBytes(k.ratchetKey, ratchetKey));
}

/** Peer ratchet keys this state has seen (open plus closed chains); 2 or more means the peer heard back from us. */
export function peerRatchetKeysSeen(s: RatchetState): number {
  return s.receiving.length + (s.closedChains?.length ?? 0);
}

export function findReceivingChainIndex(s: RatchetState, ratchetKey: Uint8Array): number {
  return s.receiving.findIndex((c) => equalBytes(c.ratchetKey, ratchetKey));
}

/** The role of the party whose messages this state receives. */
export function peerRole(s: RatchetState): RatchetRole {
  return s.role === 'initiator' ? 'responder' : 'initiator';
}
