// Rekey on change and on age (group rooms): a member starts a fresh sender chain and hands it, in a
// SenderKeyDistribution, to every other member of its current view over the pairwise sessions.
// One encoding is shared by all recipients (a 1,000-member room makes one payload, not 999).
// The turnover on age (SENDER_KEY_LIFETIME_MS, flag senderKeyRotation) is what heals a room after a
// theft: sender keys only hash forward, so a thief's copy holding a chain reads it to its end.
import type { SenderKeyDistribution } from '../wire/groupPairwise.ts';
import { encodeGroupPairwise } from '../wire/groupPairwise.ts';
import type { GroupState } from '../wire/groupState.ts';
import { SENDER_KEY_LIFETIME_MS } from '../limits.ts';
import type { GroupContext, GroupStep, PairwiseSend } from './context.ts';
import { newOwnChain } from './senderChain.ts';

function ownDistribution(state: GroupState): SenderKeyDistribution {
  const c = state.ownChain;
  return {
    roomId: state.roomId,
    senderId: state.self,
    epoch: state.epoch,
    transcriptHash: state.transcriptHash,
    chainId: c.chainId,
    index: c.index,
    chainKey: c.chainKey,
    signingPublic: c.signingPublic,
  };
}

/** Payloads giving our current chain to every other member (never to anyone outside our view). */
export function distributeOwnChain(state: GroupState): PairwiseSend[] {
  const payload = encodeGroupPairwise({ kind: 'sender-key', ...ownDistribution(state) });
  const out: PairwiseSend[] = [];
  for (const m of state.members) if (m.id !== state.self) out.push({ to: m.id, payload });
  return out;
}

/** The old chain is dropped from the state; nothing sent on the new one can be read with the old. */
export function withFreshChain(ctx: GroupContext, state: GroupState): GroupState {
  return { ...state, ownChain: newOwnChain(ctx) };
}

/** Whether our chain must be turned over before we send on it again (never, with flags.senderKeyRotation off). */
export function senderKeyDue(ctx: GroupContext, state: GroupState): boolean {
  // WEAK VARIANT static-sender-keys: a chain lives until a membership change replaces it.
  return ctx.flags.senderKeyRotation && ctx.nowMs - state.ownChain.createdAtMs >= SENDER_KEY_LIFETIME_MS;
}

/** A fresh chain for every member when ours is due; undefined when it is not. */
export function turnOverSenderKey(ctx: GroupContext, state: GroupState): GroupStep | undefined {
  if (!senderKeyDue(ctx, state)) return undefined;
  const fresh = withFreshChain(ctx, state);
  return { state: fresh, outgoing: distributeOwnChain(fresh), events: [] };
}
