// Consuming group payloads that arrived over a pairwise 1:1 session (group rooms): a welcome (joins
// the room), a membership operation, or a sender-key distribution. `from` is the peer the pairwise
// session is bound to; it must be in our member set with the identity key our member set holds.
import { equalBytes } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { MAX_GROUP_SENDER_CHAINS } from '../limits.ts';
import { decodeGroupPairwise, membershipOpSignedBytes, type SenderKeyDistribution, type Welcome } from '../wire/groupPairwise.ts';
import type { GroupState, MemberChains } from '../wire/groupState.ts';
import type { GroupContext, GroupStep, PairwisePeer } from './context.ts';
import { refuse } from './events.ts';
import { compareIds, findMember, GENESIS_TRANSCRIPT_HASH, isSortedUnique, membersDigest, transcriptAfter } from './membership.ts';
import { distributeOwnChain } from './rekey.ts';
import { newOwnChain, receivingFromDistribution } from './senderChain.ts';
import { applyMembershipOp } from './transition.ts';
import { checkPeerView } from './view.ts';

/**
 * SEC-GROUP: only a device in our member set, holding the key our set names, may feed us group state.
 * With groupMemberBinding a record that names the X25519 half too must match the session's whole identity.
 */
function requirePeerIsMember(state: GroupState, from: PairwisePeer, wholeIdentity = true): void {
  if (from.id === state.self) throw new ProtocolError('INVALID_MESSAGE', 'group payload from ourselves');
  const member = findMember(state.members, from.id);
  const dhMismatch = wholeIdentity && member?.dh !== undefined && (from.dh === undefined || !equalBytes(member.dh, from.dh));
  if (member === undefined || !equalBytes(member.identityKey, from.identityKey) || dhMismatch) {
    refuse('NOT_A_MEMBER', `group payload from ${from.id}: not in our member set`, { kind: 'unknown-sender', from: from.id });
  }
}

/**
 * Handles one pairwise group payload. `self` is this device (id and identity signing public key);
 * `state` is null when this device holds no state for the room (only a welcome is then accepted).
 */
export function receivePairwise(ctx: GroupContext, self: PairwisePeer, state: GroupState | null, from: PairwisePeer, payload: Uint8Array): GroupStep {
  const p = decodeGroupPairwise(payload);
  if (p.kind === 'welcome') return joinFromWelcome(ctx, self, state, from, p);
  if (state === null) throw new ProtocolError('NOT_A_MEMBER', 'group payload for a room we are not in');
  requirePeerIsMember(state, from, ctx.flags.groupMemberBinding);
  if (p.kind === 'membership') return applyMembershipOp(ctx, state, p.op, from.id);
  return { state: acceptSenderKey(state, from, p), outgoing: [], events: [] };
}

function acceptSenderKey(state: GroupState, from: PairwisePeer, d: SenderKeyDistribution): GroupState {
  if (d.roomId !== state.roomId) refuse('GROUP_VIEW_MISMATCH', 'sender key: another room');
  if (d.senderId !== from.id) refuse('NOT_A_MEMBER', 'sender key: names another sender than the session peer', { kind: 'unknown-sender', from: from.id });
  // A chain made in another view is refused: only the current view's chains are handed out.
  if (checkPeerView(state, from.id, d.epoch, d.transcriptHash) !== 'current') refuse('STALE_EPOCH', 'sender key: from an earlier epoch');
  const at = state.receiving.findIndex((r) => r.memberId === from.id);
  const known = at >= 0 ? (state.receiving[at] as MemberChains).chains : [];
  // A replayed distribution would rewind the chain and let old messages be accepted again.
  if (known.some((c) => equalBytes(c.chainId, d.chainId))) throw new ProtocolError('DUPLICATE_MESSAGE', 'sender key: chain already known');
  const entry: MemberChains = { memberId: from.id, chains: [receivingFromDistribution(d), ...known].slice(0, MAX_GROUP_SENDER_CHAINS) };
  const receiving = at >= 0 ? state.receiving.map((r, i) => (i === at ? entry : r)) : [...state.receiving, entry].sort((a, b) => compareIds(a.memberId, b.memberId));
  return { ...state, receiving };
}

function joinFromWelcome(ctx: GroupContext, self: PairwisePeer, state: GroupState | null, from: PairwisePeer, w: Welcome): GroupStep {
  const { op, members } = w;
  if (state !== null) {
    requirePeerIsMember(state, from, ctx.flags.groupMemberBinding);
    refuse('STALE_EPOCH', 'welcome: we already hold this room');
  }
  if (!isSortedUnique(members)) throw new ProtocolError('WIRE_BAD_VALUE', 'welcome: member list not sorted/unique');
  const me = findMember(members, self.id);
  if (me === undefined || !equalBytes(me.identityKey, self.identityKey)) throw new ProtocolError('NOT_A_MEMBER', 'welcome: does not list us');
  const signer = findMember(members, op.signerId);
  const signerDhMismatch = ctx.flags.groupMemberBinding && signer?.dh !== undefined && (from.dh === undefined || !equalBytes(signer.dh, from.dh));
  if (signer === undefined || signer.id !== from.id || !equalBytes(signer.identityKey, from.identityKey) || signerDhMismatch) {
    refuse('NOT_A_MEMBER', 'welcome: not from its signer', { kind: 'unknown-sender', from: from.id });
  }
  const event = { kind: 'unauthorised-change', from: from.id, signerId: op.signerId } as const;
  if (!signer.admin || !ctx.provider.ed25519Verify(signer.identityKey, membershipOpSignedBytes(op), op.signature)) {
    refuse('UNAUTHORISED_MEMBERSHIP_CHANGE', 'welcome: op not signed by an admin', event);
  }
  const a = op.action;
  const brings = a.kind === 'create' ? op.epoch === 0 && equalBytes(op.prevTranscriptHash, GENESIS_TRANSCRIPT_HASH) : a.kind === 'add' && a.member.id === self.id;
  if (!brings) throw new ProtocolError('INVALID_MESSAGE', 'welcome: op does not bring us in');
  if (!equalBytes(membersDigest(ctx.provider, members), op.membersDigest)) refuse('GROUP_VIEW_MISMATCH', 'welcome: member list does not match the op');
  const joined: GroupState = {
    roomId: op.roomId,
    self: self.id,
    members,
    epoch: op.epoch,
    transcriptHash: transcriptAfter(ctx.provider, op.prevTranscriptHash, op),
    pastViews: [],
    ownChain: newOwnChain(ctx),
    receiving: [],
  };
  return { state: joined, outgoing: distributeOwnChain(joined), events: [{ kind: 'member-added', member: self.id, by: op.signerId }] };
}
