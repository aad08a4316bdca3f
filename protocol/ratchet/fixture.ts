// Test support only (not exported by index.ts): two ratchet parties started from a seeded DRBG the
// way a handshake would start them, and the key-trial checker the SEC-FS / SEC-PCS tests share.
import { nobleProvider } from '../crypto/noble.ts';
import { createDrbg, type Drbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { encodeRatchetHeader, type RatchetMessage } from '../wire/ratchetMessage.ts';
import { concatBytes } from '../bytes.ts';
import type { RatchetContext } from './context.ts';
import { initInitiator, initResponder } from './init.ts';
import { stepChain } from './chain.ts';
import { deriveMessageKeys } from './kdf.ts';
import { openWithSeed } from './messageCipher.ts';
import { encodeRatchetState } from './stateCodec.ts';
import { peerRole, type RatchetState } from './state.ts';

export interface Party {
  state: RatchetState;
  readonly rng: Drbg;
}

export interface Pair {
  /** The initiator. */
  readonly alice: Party;
  /** The responder. */
  readonly bob: Party;
  readonly flags: ProtocolFlags;
}

export function ctxOf(party: Party, flags: ProtocolFlags, nowMs = 0): RatchetContext {
  return { provider: nobleProvider, rng: party.rng, nowMs, flags };
}

/** Alice (initiator) and Bob (responder) from random rootKey/chainKey, as a handshake would hand them over. */
export function makePair(seed: number | string, flags: ProtocolFlags = REFERENCE_FLAGS): Pair {
  const drbg = createDrbg(seed);
  const shared = drbg.fork('handshake');
  const rootKey = shared.bytes(32);
  const chainKey = shared.bytes(32);
  const associatedData = shared.bytes(64);
  const spkSecret = shared.bytes(32);
  const spk = { secretKey: spkSecret, publicKey: nobleProvider.x25519PublicKey(spkSecret) };
  const bob: Party = { state: initResponder({ rootKey, chainKey, ourRatchetKey: spk, associatedData }, nobleProvider), rng: drbg.fork('bob') };
  const aliceRng = drbg.fork('alice');
  const aliceState = initInitiator({ rootKey, chainKey, theirRatchetKey: spk.publicKey, associatedData }, { provider: nobleProvider, rng: aliceRng, nowMs: 0, flags });
  return { alice: { state: aliceState, rng: aliceRng }, bob, flags };
}

/** Every window of `width` bytes of `bytes`. */
function* windows(bytes: Uint8Array, width = 32): Generator<Uint8Array> {
  for (let at = 0; at + width <= bytes.length; at++) yield bytes.slice(at, at + width);
}

export function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let at = 0; at + needle.length <= hay.length; at++) {
    for (let j = 0; j < needle.length; j++) if (hay[at + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Chain positions a candidate chain key is tried at, counted back from the message's number. */
const CHAIN_TRIAL_STEPS = 4;

/**
 * Key trial (docs/properties.md "How a property is judged"): every 32-byte window of the encoded `seized`
 * state is tried, with the protocol's own chain step and message cipher, as a message key seed and as
 * the chain key a few steps before the message; and directly as the ChaCha20 key with the true nonce.
 * (The header tag is no secrecy barrier and is not asked for.)
 * Returns the first payload recovered, or undefined.
 */
export function keyTrial(seized: RatchetState, message: RatchetMessage, ctx: RatchetContext, trueSeed: Uint8Array): Uint8Array | undefined {
  const { counter } = message.header;
  const nonce = deriveMessageKeys(ctx.provider, trueSeed).iv.subarray(0, 12);
  const ad = concatBytes(seized.associatedData, encodeRatchetHeader(message.header));
  const asSeed = (seed: Uint8Array): Uint8Array | undefined => {
    try {
      return openWithSeed(ctx.provider, seed, seized.associatedData, message.header, message.ciphertext);
    } catch {
      return undefined; // expected: not the key
    }
  };
  for (const w of windows(encodeRatchetState(seized))) {
    const opened = asSeed(w);
    if (opened !== undefined) return opened;
    // As the chain key `back` steps before the message, walked with the protocol's own chain step.
    let chainKey = w;
    for (let back = 0; back < CHAIN_TRIAL_STEPS && back <= counter; back++) {
      const step = stepChain(ctx.provider, chainKey, counter, peerRole(seized), ctx.flags.ratchet);
      const byChain = asSeed(step.seed);
      if (byChain !== undefined) return byChain;
      chainKey = step.nextChainKey;
    }
    try {
      return ctx.provider.chacha20poly1305.open(w, nonce, message.ciphertext, ad);
    } catch {
      // expected: not the key
    }
  }
  return undefined;
}
