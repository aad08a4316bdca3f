// Applying one signed membership operation to a member's state (group rooms): authorise, check it
// extends our exact view (epoch + 1, our transcript hash, the member-list digest), then commit the new
// view, drop a removed member's chains, and rekey (always on add; on remove unless the
// group-no-rekey-on-remove weak variant is on).
import type { CryptoProvider } from '../crypto/provider.ts';
import { equalBytes } from '../bytes.ts';
import type { DeviceId } from '../ids.ts';
import { MAX_GROUP_PAST_EPOCHS } from '../limits.ts';
import type { MembershipOp } from '../wire/groupPairwise.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { GroupContext, GroupStep } from './context.ts';
import { refuse, type GroupEvent } from './events.ts';
import { applyAction, checkOpAuthorised, membersDigest, transcriptAfter } from './membership.ts';
import { distributeOwnChain, withFreshChain } from './rekey.ts';

function checkExtendsView(provider: CryptoProvider, state: GroupState, op: MembershipOp, from: DeviceId): void {
  if (op.roomId !== state.roomId) refuse('GROUP_VIEW_MISMATCH', 'membership op: another room');
  // SEC-GROUP: a second, different op for our current epoch is an equivocation (a fork), not a replay.
  if (op.epoch === state.epoch && !equalBytes(transcriptAfter(provider, op.prevTranscriptHash, op), state.transcriptHash)) {
    refuse('GROUP_VIEW_MISMATCH', 'membership op: a different op for our current epoch', { kind: 'fork-detected', from, epoch: op.epoch });
  }
  if (op.epoch <= state.epoch) refuse('STALE_EPOCH', `membership op: epoch ${op.epoch} already passed (we are at ${state.epoch})`);
  if (op.epoch > state.epoch + 1) {
    refuse('STALE_EPOCH', `membership op: epoch ${op.epoch} skips ahead of ${state.epoch}`, { kind: 'view-behind', from, epoch: op.epoch });
  }
  // SEC-GROUP: an op built on another history (an equivocating signer, a forked group) is refused.
  if (!equalBytes(op.prevTranscriptHash, state.transcriptHash)) {
    refuse('GROUP_VIEW_MISMATCH', 'membership op: built on another transcript', { kind: 'fork-detected', from, epoch: op.epoch });
  }
}

/** Validates `op` against `state` and returns the next state; `state` itself is never modified. */
export function applyMembershipOp(ctx: GroupContext, state: GroupState, op: MembershipOp, from: DeviceId): GroupStep {
  checkOpAuthorised(ctx.provider, state.members, op, from);
  checkExtendsView(ctx.provider, state, op, from);
  const members = applyAction(state.members, op.action);
  if (!equalBytes(membersDigest(ctx.provider, members), op.membersDigest)) {
    refuse('GROUP_VIEW_MISMATCH', 'membership op: member list digest differs from ours', { kind: 'fork-detected', from, epoch: op.epoch });
  }
  const action = op.action;
  const events: GroupEvent[] = [];
  if (action.kind === 'add') events.push({ kind: 'member-added', member: action.member.id, by: op.signerId });
  if (action.kind === 'remove') {
    events.push({ kind: 'member-removed', member: action.memberId, by: op.signerId });
    if (action.memberId === state.self) {
      // We are out: the honest device erases every chain it holds for this room.
      return { state: null, outgoing: [], events: [{ kind: 'removed-from-group', by: op.signerId }] };
    }
  }
  const removedId = action.kind === 'remove' ? action.memberId : undefined;
  const next: GroupState = {
    ...state,
    members,
    epoch: op.epoch,
    transcriptHash: transcriptAfter(ctx.provider, state.transcriptHash, op),
    pastViews: [{ epoch: state.epoch, transcriptHash: state.transcriptHash }, ...state.pastViews].slice(0, MAX_GROUP_PAST_EPOCHS),
    receiving: state.receiving.filter((r) => r.memberId !== removedId),
  };
  // Fresh chains on add too: the new member can derive nothing sent before it joined.
  const rekey = action.kind === 'add' || ctx.flags.groupRekeyOnRemove;
  if (!rekey) return { state: next, outgoing: [], events };
  const rekeyed = withFreshChain(ctx, next);
  return { state: rekeyed, outgoing: distributeOwnChain(rekeyed), events };
}
