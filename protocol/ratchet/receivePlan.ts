// The part of RatchetDecrypt (Signal Double Ratchet spec §3.5) that runs before the tag check: find
// the message key (skipped key, known chain, or a DH step to a new chain) on a working copy of the
// state. Limits are checked before any secret is touched; nothing here is committed by itself.
// With flags.closeOldChains a new ratchet key also closes the current receiving chain at the
// header's PN (§3.5 DHRatchet "SkipMessageKeys(state, header.pn)"); a closed chain derives nothing.
// The new chain's key depends neither on that closing nor on the DH step's sending half, so both are
// done only when the state is taken (after the tag opened). Before a chain is stepped at all, the
// header tag is checked under the chain's header key (headerTag.ts): a forged header with a new key
// costs one X25519 and no chain steps or closing work, one on a known key one HMAC, however far its
// numbers point. A late message on a skipped key is checked against the header key stored with it.
import { assert, ProtocolError } from '../errors.ts';
import { isCanonicalX25519PublicKey } from '../crypto/canonicalX25519.ts';
import { MAX_CHAIN_COUNTER, MAX_FORWARD_JUMP, MAX_RECEIVER_CHAINS } from '../limits.ts';
import type { RatchetMessage } from '../wire/ratchetMessage.ts';
import { advanceReceivingChain, closeReceivingChain } from './chain.ts';
import type { RatchetContext } from './context.ts';
import { receiveNewRatchetKey } from './dhStep.ts';
import { headerTagVerifies } from './headerTag.ts';
import { appendSkippedKeys, findSkippedKeyIndex, isSkippedKeyExpired, withoutSkippedKey } from './skipped.ts';
import { cloneRatchetState, findClosedChain, findReceivingChainIndex, peerRole, type ClosedChain, type RatchetState, type ReceivingChain } from './state.ts';

export interface ReceivePlan {
  /** Seed of this message's key; owned by the caller. */
  readonly seed: Uint8Array;
  /** The header key this message's header tag must verify under (its chain's, or its skipped key's). */
  readonly headerKey: Uint8Array;
  /**
   * Whether the tag was checked before any chain was stepped. Not yet for a skipped key (no work to
   * guard: the caller checks it before the AEAD) and under WEAK VARIANT advance-on-failure
   * (flags.atomicDecrypt off: chains are stepped first).
   */
  readonly headerChecked: boolean;
  /**
   * The working state with the key taken out (chain advanced, skipped keys stored, DH step done, old
   * chains closed), built on the first call and the same object after: call it only to commit.
   */
  readonly commit: () => RatchetState;
}

function planOf(seed: Uint8Array, headerKey: Uint8Array, headerChecked: boolean, build: () => RatchetState): ReceivePlan {
  let built: RatchetState | undefined;
  return { seed, headerKey, headerChecked, commit: () => (built ??= build()) };
}

/**
 * Refuses a header whose tag `chain`'s header key does not give, before the chain is stepped; with
 * flags.atomicDecrypt off the check waits for the AEAD. Returns whether it was checked.
 */
function checkHeaderFirst(chain: ReceivingChain, message: RatchetMessage, ctx: RatchetContext): boolean {
  if (!ctx.flags.atomicDecrypt) return false;
  if (!headerTagVerifies(ctx.provider, chain.headerKey, message.header, message.ciphertext, message.headerTag)) throw new ProtocolError('INVALID_MESSAGE', 'header tag does not verify');
  return true;
}

/** Throws ProtocolError: DUPLICATE_MESSAGE, TOO_FAR_IN_FUTURE, MESSAGE_EXPIRED, CHAIN_CLOSED or INVALID_MESSAGE. */
export function planReceive(state: RatchetState, message: RatchetMessage, ctx: RatchetContext): ReceivePlan {
  const { header } = message;
  const { counter, ratchetKey } = header;
  if (counter > MAX_CHAIN_COUNTER) throw new ProtocolError('INVALID_MESSAGE', 'message number past the end of a chain');
  // RFC 7748 §5: another encoding of a known key would look like a new ratchet key (flag setupReplayCheck).
  if (ctx.flags.setupReplayCheck && !isCanonicalX25519PublicKey(ratchetKey)) throw new ProtocolError('INVALID_MESSAGE', 'non-canonical ratchet key');
  const skippedAt = findSkippedKeyIndex(state.skipped, ratchetKey, counter);
  if (skippedAt >= 0) {
    const s = cloneRatchetState(state);
    const key = s.skipped[skippedAt];
    if (key === undefined || isSkippedKeyExpired(key, ctx.nowMs)) throw new ProtocolError('MESSAGE_EXPIRED', 'the key for this late message expired');
    const taken = { ...s, skipped: withoutSkippedKey(s.skipped, skippedAt) };
    return planOf(key.seed, key.headerKey, false, () => taken);
  }
  const closed = findClosedChain(state, ratchetKey);
  if (closed !== undefined) {
    // A closed chain's remaining keys are all in `skipped` (found above); nothing else is derived from it.
    if (counter < closed.end) throw new ProtocolError('DUPLICATE_MESSAGE', 'message number already used on a closed chain');
    throw new ProtocolError('CHAIN_CLOSED', `message ${counter} on a chain the peer closed at ${closed.end}`);
  }
  const known = state.receiving[findReceivingChainIndex(state, ratchetKey)];
  const next = known?.counter ?? 0;
  // SEC-INTEGRITY: a consumed message number with no stored key is a replay (or a key dropped by a limit).
  if (counter < next) throw new ProtocolError('DUPLICATE_MESSAGE', 'message number already used on this chain');
  if (counter - next > MAX_FORWARD_JUMP) throw new ProtocolError('TOO_FAR_IN_FUTURE', `jump of ${counter - next} exceeds ${MAX_FORWARD_JUMP}`);

  const closing = known === undefined && ctx.flags.closeOldChains;
  const current = state.receiving[0];
  if (closing && current !== undefined && header.previousCounter - current.counter > MAX_FORWARD_JUMP) {
    throw new ProtocolError('TOO_FAR_IN_FUTURE', `previous chain jump of ${header.previousCounter - current.counter} exceeds ${MAX_FORWARD_JUMP}`);
  }

  const s = cloneRatchetState(state);
  // Closing empties the open chains, so the new one is put in front of none (the old ones stay in `s` to be closed on commit).
  const step = known === undefined ? receiveNewRatchetKey(closing ? { ...s, receiving: [] } : s, ratchetKey, ctx) : { state: s, complete: (taken: RatchetState) => taken };
  const stepped = step.state;
  const at = findReceivingChainIndex(stepped, ratchetKey);
  const chain = stepped.receiving[at];
  assert(chain !== undefined, 'a receiving chain exists for the ratchet key after the DH step');
  const checked = checkHeaderFirst(chain, message, ctx);
  const advance = advanceReceivingChain(ctx.provider, chain, counter, peerRole(stepped), ctx.flags.ratchet, ctx.nowMs);
  const receiving = stepped.receiving.map((c, i) => (i === at ? advance.chain : c));
  if (!closing) {
    const taken = { ...stepped, receiving, skipped: appendSkippedKeys(stepped.skipped, advance.skipped, ctx.nowMs) };
    return planOf(advance.seed, chain.headerKey, checked, () => step.complete(taken));
  }
  return planOf(advance.seed, chain.headerKey, checked, () => {
    // The same lists, in the same order, as closing first and stepping after: closed keys, then the new chain's.
    const closed = closeReceivingChains(s, header.previousCounter, ctx);
    return step.complete({ ...stepped, receiving, skipped: appendSkippedKeys(closed.skipped, advance.skipped, ctx.nowMs), closedChains: closed.closedChains });
  });
}

/**
 * Flag closeOldChains: closes every open receiving chain of the working copy `s` (the newest at the
 * peer's PN, any older one where it stands), storing their remaining keys as skipped keys.
 */
function closeReceivingChains(s: RatchetState, previousCounter: number, ctx: RatchetContext): RatchetState {
  if (s.receiving.length === 0) return s;
  let skipped = s.skipped;
  const closed: ClosedChain[] = [];
  s.receiving.forEach((chain, i) => {
    const end = i === 0 ? previousCounter : chain.counter;
    const step = closeReceivingChain(ctx.provider, chain, end, peerRole(s), ctx.flags.ratchet, ctx.nowMs);
    skipped = appendSkippedKeys(skipped, step.skipped, ctx.nowMs);
    closed.push(step.closed);
  });
  // Closed markers share the receiving-chain bound: a marker that falls off only loses the sharp
  // refusal code; its chain key is already gone, so a message on it can only be tried as a new key.
  const closedChains = [...closed, ...(s.closedChains ?? [])].slice(0, MAX_RECEIVER_CHAINS);
  return { ...s, receiving: [], skipped, closedChains };
}
