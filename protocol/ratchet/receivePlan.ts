// The part of RatchetDecrypt (Signal Double Ratchet spec §3.5) that runs before the tag check: find
// the message key (skipped key, known chain, or a DH step to a new chain) on a working copy of the
// state. Limits are checked before any secret is touched; nothing here is committed by itself.
import { assert, ProtocolError } from '../errors.ts';
import { isCanonicalX25519PublicKey } from '../crypto/canonicalX25519.ts';
import { MAX_FORWARD_JUMP } from '../limits.ts';
import type { RatchetHeader } from '../wire/ratchetMessage.ts';
import { advanceReceivingChain, MAX_CHAIN_COUNTER } from './chain.ts';
import type { RatchetContext } from './context.ts';
import { receiveNewRatchetKey } from './dhStep.ts';
import { appendSkippedKeys, findSkippedKeyIndex, isSkippedKeyExpired, withoutSkippedKey } from './skipped.ts';
import { cloneRatchetState, findReceivingChainIndex, peerRole, type RatchetState } from './state.ts';

export interface ReceivePlan {
  /** The working state with the key taken out (chain advanced, skipped keys stored, DH step done). */
  readonly state: RatchetState;
  /** Seed of this message's key; owned by the caller. */
  readonly seed: Uint8Array;
}

/** Throws ProtocolError: DUPLICATE_MESSAGE, TOO_FAR_IN_FUTURE, MESSAGE_EXPIRED or INVALID_MESSAGE. */
export function planReceive(state: RatchetState, header: RatchetHeader, ctx: RatchetContext): ReceivePlan {
  const { counter, ratchetKey } = header;
  if (counter > MAX_CHAIN_COUNTER) throw new ProtocolError('INVALID_MESSAGE', 'message number past the end of a chain');
  // RFC 7748 §5: another encoding of a known key would look like a new ratchet key (flag setupReplayCheck).
  if (ctx.flags.setupReplayCheck && !isCanonicalX25519PublicKey(ratchetKey)) throw new ProtocolError('INVALID_MESSAGE', 'non-canonical ratchet key');
  const skippedAt = findSkippedKeyIndex(state.skipped, ratchetKey, counter);
  if (skippedAt >= 0) {
    const s = cloneRatchetState(state);
    const key = s.skipped[skippedAt];
    if (key === undefined || isSkippedKeyExpired(key, ctx.nowMs)) throw new ProtocolError('MESSAGE_EXPIRED', 'the key for this late message expired');
    return { state: { ...s, skipped: withoutSkippedKey(s.skipped, skippedAt) }, seed: key.seed };
  }
  const known = state.receiving[findReceivingChainIndex(state, ratchetKey)];
  const next = known?.counter ?? 0;
  // SEC-INTEGRITY: a consumed message number with no stored key is a replay (or a key dropped by a limit).
  if (counter < next) throw new ProtocolError('DUPLICATE_MESSAGE', 'message number already used on this chain');
  if (counter - next > MAX_FORWARD_JUMP) throw new ProtocolError('TOO_FAR_IN_FUTURE', `jump of ${counter - next} exceeds ${MAX_FORWARD_JUMP}`);

  let s = cloneRatchetState(state);
  if (known === undefined) s = receiveNewRatchetKey(s, ratchetKey, ctx);
  const at = findReceivingChainIndex(s, ratchetKey);
  const chain = s.receiving[at];
  assert(chain !== undefined, 'a receiving chain exists for the ratchet key after the DH step');
  const advance = advanceReceivingChain(ctx.provider, chain, counter, peerRole(s), ctx.flags.ratchet, ctx.nowMs);
  const receiving = s.receiving.map((c, i) => (i === at ? advance.chain : c));
  const skipped = appendSkippedKeys(s.skipped, advance.skipped, ctx.nowMs);
  return { state: { ...s, receiving, skipped }, seed: advance.seed };
}
