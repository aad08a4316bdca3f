// The DH ratchet step on receiving a new ratchet public key (Signal Double Ratchet spec §3.5
// DHRatchet): a receiving chain from DH(our current key, theirs), then (on commit) a fresh key pair
// from the rng and a sending chain from DH(fresh, theirs). Old receiving chains stay, at most MAX_RECEIVER_CHAINS.
import { wipe } from '../bytes.ts';
import { assert, isProtocolError, ProtocolError } from '../errors.ts';
import { MAX_RECEIVER_CHAINS } from '../limits.ts';
import { X25519_BASE_POINT, X25519_KEY_BYTES } from '../crypto/provider.ts';
import type { RatchetContext } from './context.ts';
import { deriveHeaderKey, kdfRootKey } from './kdf.ts';
import type { RatchetKeyPair, RatchetState, ReceivingChain } from './state.ts';

/** X25519 with the peer's untrusted key: a low-order point is the peer's fault, refused as INVALID_MESSAGE. */
function refusingLowOrder<T>(dh: () => T): T {
  try {
    return dh();
  } catch (e) {
    if (isProtocolError(e, 'BAD_PUBLIC_KEY')) throw new ProtocolError('INVALID_MESSAGE', 'ratchet key is a low-order point');
    throw e;
  }
}

export function newRatchetKeyPair(ctx: RatchetContext): RatchetKeyPair {
  const secretKey = ctx.rng.bytes(X25519_KEY_BYTES);
  return { publicKey: ctx.provider.x25519PublicKey(secretKey), secretKey };
}

/**
 * A fresh ratchet key pair and its DH with `theirKey`, the secret prepared once for both (the same
 * bytes as newRatchetKeyPair then x25519). BAD_PUBLIC_KEY for a low-order `theirKey`; nothing escapes.
 */
export function newRatchetKeyPairWith(ctx: RatchetContext, theirKey: Uint8Array): { readonly keyPair: RatchetKeyPair; readonly shared: Uint8Array } {
  const secretKey = ctx.rng.bytes(X25519_KEY_BYTES);
  let results: Uint8Array[];
  try {
    results = ctx.provider.x25519Each(secretKey, [X25519_BASE_POINT, theirKey]);
  } catch (e) {
    wipe(secretKey);
    throw e;
  }
  const [publicKey, shared] = results;
  assert(publicKey !== undefined && shared !== undefined, 'x25519Each answers every key');
  return { keyPair: { publicKey, secretKey }, shared };
}

/**
 * The DH step in two halves, so a forged header costs one X25519 before its tag is checked: `state`
 * is `s` (a working copy the caller owns) with a new receiving chain for `theirKey` in front, from
 * DH(our current key, theirs); `complete` adds the fresh key pair and its sending chain (the rng draw
 * and the second DH) and is called only to commit. Replaced secrets of the working copy are wiped
 * then. With flags.ratchet off there is no DH: the new receiving chain starts from the unchanging
 * initial chain key (held as the sending chain key).
 */
export function receiveNewRatchetKey(s: RatchetState, theirKey: Uint8Array, ctx: RatchetContext): { readonly state: RatchetState; readonly complete: (taken: RatchetState) => RatchetState } {
  if (!ctx.flags.ratchet) {
    const chain: ReceivingChain = { ratchetKey: theirKey.slice(), chainKey: s.sending.chainKey.slice(), headerKey: deriveHeaderKey(ctx.provider, s.sending.chainKey), counter: 0 };
    return { state: { ...s, receiving: keepNewest(chain, s.receiving) }, complete: (taken) => taken };
  }
  const { provider } = ctx;
  const dhReceive = refusingLowOrder(() => provider.x25519(s.sending.ratchetKeyPair.secretKey, theirKey));
  const mid = kdfRootKey(provider, s.rootKey, dhReceive);
  wipe(dhReceive);
  const chain: ReceivingChain = { ratchetKey: theirKey.slice(), chainKey: mid.chainKey, headerKey: deriveHeaderKey(provider, mid.chainKey), counter: 0 };
  const complete = (taken: RatchetState): RatchetState => {
    // theirKey is a valid point (the receiving DH above took it), so this DH cannot refuse it.
    const { keyPair: fresh, shared: dhSend } = newRatchetKeyPairWith(ctx, theirKey);
    const next = kdfRootKey(provider, mid.rootKey, dhSend);
    wipe(dhSend, mid.rootKey, s.rootKey, s.sending.ratchetKeyPair.secretKey, s.sending.chainKey, s.sending.headerKey);
    const sending = { ratchetKeyPair: fresh, chainKey: next.chainKey, headerKey: deriveHeaderKey(provider, next.chainKey), counter: 0 };
    return { ...taken, rootKey: next.rootKey, sending, previousCounter: s.sending.counter };
  };
  return { state: { ...s, receiving: keepNewest(chain, s.receiving) }, complete };
}

/** Puts `chain` first and drops (and wipes) the oldest beyond MAX_RECEIVER_CHAINS. */
function keepNewest(chain: ReceivingChain, older: readonly ReceivingChain[]): readonly ReceivingChain[] {
  const all = [chain, ...older];
  for (const dropped of all.slice(MAX_RECEIVER_CHAINS)) wipe(dropped.chainKey, dropped.headerKey);
  return all.slice(0, MAX_RECEIVER_CHAINS);
}
