// Rekey on change (group rooms): a member starts a fresh sender chain and hands it, in a
// SenderKeyDistribution, to every other member of its current view over the pairwise sessions.
// One encoding is shared by all recipients (a 1,000-member room makes one payload, not 999).
import type { SenderKeyDistribution } from '../wire/groupPairwise.ts';
import { encodeGroupPairwise } from '../wire/groupPairwise.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { GroupContext, PairwiseSend } from './context.ts';
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
