// Membership as an end-to-end fact (group rooms): the authorisation rule, the member-list digest and
// the running transcript hash. THE RULE: `create` is signed by the creator, who is an admin in the
// initial list; `add` is signed by an admin; `remove` is signed by an admin or by the member itself
// (leaving); the last admin cannot be removed while other members remain; admin status is granted
// only at create or by an admin's add (GroupMember.admin). Operations are Ed25519-signed by the
// signer's identity signing key; transcriptHash' = SHA-256(transcriptHash || encoded signed op).
import type { CryptoProvider } from '../crypto/provider.ts';
import { concatBytes, utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import type { DeviceId } from '../ids.ts';
import { MAX_GROUP_MEMBERS } from '../limits.ts';
import { ByteWriter, listOf } from '../wire/codec.ts';
import { groupMemberCodec, type GroupMember } from '../wire/groupMember.ts';
import { encodeMembershipOp, membershipOpSignedBytes, type MembershipAction, type MembershipOp, type MembershipOpBody } from '../wire/groupPairwise.ts';
import type { GroupIdentity } from './context.ts';
import { refuse } from './events.ts';

export const GENESIS_TRANSCRIPT_HASH = new Uint8Array(32);
const MEMBERS_DIGEST_LABEL = utf8('sealroom group members v1\0');
const membersListCodec = listOf(groupMemberCodec, MAX_GROUP_MEMBERS);

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Binary search in a list sorted by id. */
export function findMember(members: readonly GroupMember[], id: string): GroupMember | undefined {
  let lo = 0;
  let hi = members.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = members[mid] as GroupMember;
    const c = compareIds(m.id, id);
    if (c === 0) return m;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function isSortedUnique(members: readonly GroupMember[]): boolean {
  for (let i = 1; i < members.length; i++) if (compareIds((members[i - 1] as GroupMember).id, (members[i] as GroupMember).id) >= 0) return false;
  return true;
}

export function membersDigest(provider: CryptoProvider, members: readonly GroupMember[]): Uint8Array {
  const w = new ByteWriter();
  w.raw(MEMBERS_DIGEST_LABEL);
  membersListCodec.encode(members, w);
  return provider.sha256(w.finish());
}

export function transcriptAfter(provider: CryptoProvider, prev: Uint8Array, op: MembershipOp): Uint8Array {
  return provider.sha256(concatBytes(prev, encodeMembershipOp(op)));
}

export function signOp(provider: CryptoProvider, identity: GroupIdentity, body: MembershipOpBody): MembershipOp {
  return { ...body, signature: provider.ed25519Sign(identity.signingSeed, membershipOpSignedBytes(body)) };
}

/** The member list after `action` (a new sorted array). Refuses an action that does not fit `members`. */
export function applyAction(members: readonly GroupMember[], action: MembershipAction): readonly GroupMember[] {
  switch (action.kind) {
    case 'create':
      throw new ProtocolError('INVALID_MESSAGE', 'membership: create applies only to an empty group');
    case 'add': {
      if (findMember(members, action.member.id) !== undefined) throw new ProtocolError('INVALID_MESSAGE', 'membership: add of an existing member');
      if (members.length + 1 > MAX_GROUP_MEMBERS) throw new ProtocolError('GROUP_TOO_LARGE', `membership: more than ${MAX_GROUP_MEMBERS} members`);
      const out = [...members, action.member];
      out.sort((a, b) => compareIds(a.id, b.id));
      return out;
    }
    case 'remove': {
      if (findMember(members, action.memberId) === undefined) throw new ProtocolError('INVALID_MESSAGE', 'membership: remove of a non-member');
      return members.filter((m) => m.id !== action.memberId);
    }
  }
}

/**
 * Signature by a member of `members` (the signer's view before the op) and THE RULE above.
 * `from` is the pairwise peer that delivered the op, for the event.
 */
export function checkOpAuthorised(provider: CryptoProvider, members: readonly GroupMember[], op: MembershipOp, from: DeviceId): void {
  const signer = findMember(members, op.signerId);
  const event = { kind: 'unauthorised-change', from, signerId: op.signerId } as const;
  if (signer === undefined || !provider.ed25519Verify(signer.identityKey, membershipOpSignedBytes(op), op.signature)) {
    refuse('UNAUTHORISED_MEMBERSHIP_CHANGE', 'membership op: signer not a member or bad signature', event);
  }
  const action = op.action;
  if (action.kind === 'create') refuse('UNAUTHORISED_MEMBERSHIP_CHANGE', 'membership op: create inside an existing group', event);
  const leaving = action.kind === 'remove' && action.memberId === op.signerId;
  if (!signer.admin && !leaving) refuse('UNAUTHORISED_MEMBERSHIP_CHANGE', 'membership op: signer is not an admin', event);
  if (action.kind === 'remove') {
    const after = members.filter((m) => m.id !== action.memberId);
    if (after.length > 0 && !after.some((m) => m.admin)) refuse('UNAUTHORISED_MEMBERSHIP_CHANGE', 'membership op: removes the last admin', event);
  }
}
