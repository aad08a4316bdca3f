// The DH ratchet step on receiving a new ratchet public key (Signal Double Ratchet spec §3.5
// DHRatchet): a receiving chain from DH(our current key, theirs), then a fresh key pair from the rng
// and a sending chain from DH(fresh, theirs). Old receiving chains stay, at most MAX_RECEIVER_CHAINS.
import { wipe } from '../bytes.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import { MAX_RECEIVER_CHAINS } from '../limits.ts';
import { X25519_KEY_BYTES, type CryptoProvider } from '../crypto/provider.ts';
import type { RatchetContext } from './context.ts';
import { kdfRootKey } from './kdf.ts';
import type { RatchetKeyPair, RatchetState, ReceivingChain } from './state.ts';

/** X25519 with the peer's untrusted key: a low-order point is the peer's fault, refused as INVALID_MESSAGE. */
function dhWithPeer(provider: CryptoProvider, secretKey: Uint8Array, theirKey: Uint8Array): Uint8Array {
  try {
    return provider.x25519(secretKey, theirKey);
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
 * Returns `s` (a working copy the caller owns) with a new receiving chain for `theirKey` in front.
 * Replaced secrets of the working copy are wiped. With flags.ratchet off there is no DH: the new
 * receiving chain starts from the unchanging initial chain key (held as the sending chain key).
 */
export function receiveNewRatchetKey(s: RatchetState, theirKey: Uint8Array, ctx: RatchetContext): RatchetState {
  if (!ctx.flags.ratchet) {
    const chain: ReceivingChain = { ratchetKey: theirKey.slice(), chainKey: s.sending.chainKey.slice(), counter: 0 };
    return { ...s, receiving: keepNewest(chain, s.receiving) };
  }
  const { provider } = ctx;
  const dhReceive = dhWithPeer(provider, s.sending.ratchetKeyPair.secretKey, theirKey);
  const mid = kdfRootKey(provider, s.rootKey, dhReceive);
  const fresh = newRatchetKeyPair(ctx);
  const dhSend = dhWithPeer(provider, fresh.secretKey, theirKey);
  const next = kdfRootKey(provider, mid.rootKey, dhSend);
  wipe(dhReceive, dhSend, mid.rootKey, s.rootKey, s.sending.ratchetKeyPair.secretKey, s.sending.chainKey);
  const chain: ReceivingChain = { ratchetKey: theirKey.slice(), chainKey: mid.chainKey, counter: 0 };
  return {
    ...s,
    rootKey: next.rootKey,
    sending: { ratchetKeyPair: fresh, chainKey: next.chainKey, counter: 0 },
    previousCounter: s.sending.counter,
    receiving: keepNewest(chain, s.receiving),
  };
}

/** Puts `chain` first and drops (and wipes) the oldest beyond MAX_RECEIVER_CHAINS. */
function keepNewest(chain: ReceivingChain, older: readonly ReceivingChain[]): readonly ReceivingChain[] {
  const all = [chain, ...older];
  for (const dropped of all.slice(MAX_RECEIVER_CHAINS)) wipe(dropped.chainKey);
  return all.slice(0, MAX_RECEIVER_CHAINS);
}
