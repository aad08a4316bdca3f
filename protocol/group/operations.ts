// The membership operations a device starts (group rooms): create a room, add a member, remove a
// member (or leave). Each signs its operation with the device's identity key, applies it through the
// same path as a received one, and returns what to carry over pairwise sessions: the op to every
// member of the previous view, a welcome to a new member, then our fresh sender chain.
import { equalBytes, requireBytes } from '../bytes.ts';
import { ProtocolError, UsageError } from '../errors.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { MAX_GROUP_EPOCH, MAX_GROUP_MEMBERS } from '../limits.ts';
import type { GroupMember } from '../wire/groupMember.ts';
import { encodeGroupPairwise, type MembershipAction } from '../wire/groupPairwise.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { GroupContext, GroupIdentity, GroupStep, PairwisePeer, PairwiseSend } from './context.ts';
import { applyAction, compareIds, findMember, GENESIS_TRANSCRIPT_HASH, membersDigest, signOp, transcriptAfter } from './membership.ts';
import { distributeOwnChain } from './rekey.ts';
import { newOwnChain } from './senderChain.ts';
import { applyMembershipOp } from './transition.ts';

export interface NewMember extends PairwisePeer {
  readonly admin?: boolean;
  /** The member identity's binding signature (protocol/identity/binding.ts), stored with `dh`. */
  readonly binding?: Uint8Array | undefined;
}

function toMember(m: NewMember): GroupMember {
  requireBytes(m.identityKey, `member ${m.id} identityKey`, 32);
  if (typeof m.id !== 'string' || m.id.length === 0) throw new UsageError('member id: expected a non-empty string');
  if (m.dh !== undefined) requireBytes(m.dh, `member ${m.id} dh`, 32);
  if (m.binding !== undefined) requireBytes(m.binding, `member ${m.id} binding`, 64);
  // Both optional fields are always set (maybe to undefined), so a record equals its decoded copy.
  return { id: m.id, identityKey: m.identityKey, admin: m.admin === true, dh: m.dh, binding: m.dh === undefined ? undefined : m.binding };
}

function requireOwnIdentity(ctx: GroupContext, identity: GroupIdentity, members: readonly GroupMember[]): void {
  const me = findMember(members, identity.id);
  if (me === undefined) throw new UsageError(`identity ${identity.id}: not a member of this group`);
  if (!equalBytes(me.identityKey, ctx.provider.ed25519PublicKey(identity.signingSeed))) {
    throw new UsageError(`identity ${identity.id}: signing key does not match the member record`);
  }
}

/** Creates a room; `members` must include the creator, who becomes an admin. */
export function createGroup(ctx: GroupContext, creator: GroupIdentity, roomId: RoomId, members: readonly NewMember[]): GroupStep {
  if (members.length > MAX_GROUP_MEMBERS) throw new ProtocolError('GROUP_TOO_LARGE', `createGroup: ${members.length} members > ${MAX_GROUP_MEMBERS}`);
  const list = members.map((m) => (m.id === creator.id ? toMember({ ...m, admin: true }) : toMember(m)));
  list.sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < list.length; i++) if ((list[i - 1] as GroupMember).id === (list[i] as GroupMember).id) throw new UsageError('createGroup: duplicate member id');
  requireOwnIdentity(ctx, creator, list);
  const op = signOp(ctx.provider, creator, {
    roomId,
    epoch: 0,
    prevTranscriptHash: GENESIS_TRANSCRIPT_HASH,
    action: { kind: 'create' },
    membersDigest: membersDigest(ctx.provider, list),
    signerId: creator.id,
  });
  const state: GroupState = {
    roomId,
    self: creator.id,
    members: list,
    epoch: 0,
    transcriptHash: transcriptAfter(ctx.provider, GENESIS_TRANSCRIPT_HASH, op),
    pastViews: [],
    ownChain: newOwnChain(ctx),
    receiving: [],
  };
  const welcome = encodeGroupPairwise({ kind: 'welcome', members: list, op });
  const outgoing: PairwiseSend[] = list.filter((m) => m.id !== creator.id).map((m) => ({ to: m.id, payload: welcome }));
  return { state, outgoing: [...outgoing, ...distributeOwnChain(state)], events: [] };
}

function issue(ctx: GroupContext, identity: GroupIdentity, state: GroupState, action: MembershipAction): GroupStep {
  if (identity.id !== state.self) throw new UsageError('identity: not the owner of this group state');
  requireOwnIdentity(ctx, identity, state.members);
  // A welcome may have put us at the last epoch: the next operation's epoch would not fit its u32 field.
  if (state.epoch >= MAX_GROUP_EPOCH) throw new ProtocolError('STALE_EPOCH', `room ${state.roomId}: epoch ${state.epoch} is the last one, membership can no longer change`);
  const after = applyAction(state.members, action);
  const op = signOp(ctx.provider, identity, {
    roomId: state.roomId,
    epoch: state.epoch + 1,
    prevTranscriptHash: state.transcriptHash,
    action,
    membersDigest: membersDigest(ctx.provider, after),
    signerId: identity.id,
  });
  const step = applyMembershipOp(ctx, state, op, identity.id);
  const opPayload = encodeGroupPairwise({ kind: 'membership', op });
  const outgoing: PairwiseSend[] = state.members.filter((m) => m.id !== state.self).map((m) => ({ to: m.id, payload: opPayload }));
  if (action.kind === 'add') outgoing.push({ to: action.member.id, payload: encodeGroupPairwise({ kind: 'welcome', members: after, op }) });
  return { state: step.state, outgoing: [...outgoing, ...step.outgoing], events: step.events };
}

/** Adds a member (the caller must be an admin: UNAUTHORISED_MEMBERSHIP_CHANGE otherwise). */
export function addMember(ctx: GroupContext, identity: GroupIdentity, state: GroupState, member: NewMember): GroupStep {
  return issue(ctx, identity, state, { kind: 'add', member: toMember(member) });
}

/** Removes a member, or leaves when `memberId` is the caller. The removed member is told too. */
export function removeMember(ctx: GroupContext, identity: GroupIdentity, state: GroupState, memberId: DeviceId): GroupStep {
  return issue(ctx, identity, state, { kind: 'remove', memberId });
}
