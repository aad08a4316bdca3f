// The symmetric-key ratchet (Signal Double Ratchet spec §2.2, §3.5 SkipMessageKeys): step a chain
// one message at a time, and move a receiving chain forward to a message number, keeping the seeds
// of the messages jumped over. With flags.ratchet off the chain key never moves (weak variant).
import type { CryptoProvider } from '../crypto/provider.ts';
import { assert, UsageError } from '../errors.ts';
import { wipe } from '../bytes.ts';
import { MAX_CHAIN_COUNTER, MAX_FORWARD_JUMP } from '../limits.ts';
import { kdfChainKey, staticMessageSeed } from './kdf.ts';
import type { ClosedChain, RatchetRole, ReceivingChain, SkippedKey } from './state.ts';

/**
 * The seed of message `counter` and the chain key after it. `sender` and `counter` matter only when
 * `ratchet` is false: then the seed comes from the unchanging initial chain key (no-ratchet variant).
 */
export function stepChain(provider: CryptoProvider, chainKey: Uint8Array, counter: number, sender: RatchetRole, ratchet: boolean): { seed: Uint8Array; nextChainKey: Uint8Array } {
  if (counter > MAX_CHAIN_COUNTER) throw new UsageError('ratchet chain exhausted: message number above 2^32 - 2');
  if (ratchet) return kdfChainKey(provider, chainKey);
  return { seed: staticMessageSeed(provider, chainKey, sender, counter), nextChainKey: chainKey.slice() };
}

export interface ChainAdvance {
  readonly chain: ReceivingChain;
  /** Seed of message `target`. */
  readonly seed: Uint8Array;
  /** Seeds of messages chain.counter … target - 1, oldest first. */
  readonly skipped: readonly SkippedKey[];
}

/**
 * Moves `chain` (a working copy the caller owns) to just after `target`. The caller has checked
 * target >= chain.counter and the jump against MAX_FORWARD_JUMP; the loop is bounded by it again.
 */
export function advanceReceivingChain(provider: CryptoProvider, chain: ReceivingChain, target: number, sender: RatchetRole, ratchet: boolean, nowMs: number): ChainAdvance {
  assert(target >= chain.counter && target - chain.counter <= MAX_FORWARD_JUMP, 'receiving chain jump checked by the caller');
  const skipped: SkippedKey[] = [];
  let chainKey = chain.chainKey;
  for (let n = chain.counter; n < target; n++) {
    const step = stepChain(provider, chainKey, n, sender, ratchet);
    skipped.push({ ratchetKey: chain.ratchetKey.slice(), counter: n, seed: step.seed, headerKey: chain.headerKey.slice(), storedAtMs: nowMs });
    wipe(chainKey);
    chainKey = step.nextChainKey;
  }
  const last = stepChain(provider, chainKey, target, sender, ratchet);
  wipe(chainKey);
  return { chain: { ratchetKey: chain.ratchetKey, chainKey: last.nextChainKey, headerKey: chain.headerKey, counter: target + 1 }, seed: last.seed, skipped };
}

/**
 * Closes `chain` (a working copy the caller owns) at the peer's PN (spec §3.5 DHRatchet:
 * SkipMessageKeys(state, header.pn)): the seeds of messages chain.counter … end - 1 are returned as
 * skipped keys, the chain key is wiped and only the marker stays. An `end` at or below the counter
 * skips nothing. The caller has checked end - chain.counter against MAX_FORWARD_JUMP.
 */
export function closeReceivingChain(
  provider: CryptoProvider,
  chain: ReceivingChain,
  end: number,
  sender: RatchetRole,
  ratchet: boolean,
  nowMs: number,
): { readonly closed: ClosedChain; readonly skipped: readonly SkippedKey[] } {
  assert(end - chain.counter <= MAX_FORWARD_JUMP, 'closing jump checked by the caller');
  const skipped: SkippedKey[] = [];
  let chainKey = chain.chainKey;
  for (let n = chain.counter; n < end; n++) {
    const step = stepChain(provider, chainKey, n, sender, ratchet);
    skipped.push({ ratchetKey: chain.ratchetKey.slice(), counter: n, seed: step.seed, headerKey: chain.headerKey.slice(), storedAtMs: nowMs });
    wipe(chainKey);
    chainKey = step.nextChainKey;
  }
  wipe(chainKey, chain.headerKey);
  return { closed: { ratchetKey: chain.ratchetKey.slice(), end: Math.max(end, chain.counter) }, skipped };
}
