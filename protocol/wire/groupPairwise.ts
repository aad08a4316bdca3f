// Group payloads carried over the pairwise 1:1 sessions (sender keys as deployed by Signal/WhatsApp,
// membership as signed operations): SenderKeyDistribution, MembershipOp and Welcome, one versioned
// tagged union. Strict decoding; the pairwise session authenticates the peer that sent it.
import { ED25519_PUBLIC_BYTES, ED25519_SIGNATURE_BYTES } from '../crypto/provider.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { MAX_GROUP_MEMBERS, MAX_GROUP_PAIRWISE_BYTES } from '../limits.ts';
import { utf8 } from '../bytes.ts';
import { decodeMessage, encodeMessage, fixedBytes, listOf, struct, taggedUnion, u32, versioned, ByteWriter, type Codec } from './codec.ts';
import { deviceIdCodec, groupMemberCodec, roomIdCodec, transcriptHashCodec, type GroupMember } from './groupMember.ts';

export const SENDER_CHAIN_ID_BYTES = 16;
export const SENDER_CHAIN_KEY_BYTES = 32;
const MEMBERS_DIGEST_BYTES = 32;

/** The size cap of every group payload, set by the largest welcome (protocol/limits.ts gives the arithmetic). */
export { MAX_GROUP_PAIRWISE_BYTES } from '../limits.ts';

export type MembershipAction = { readonly kind: 'create' } | { readonly kind: 'add'; readonly member: GroupMember } | { readonly kind: 'remove'; readonly memberId: DeviceId };

export interface MembershipOpBody {
  readonly roomId: RoomId;
  /** The epoch this operation starts (previous epoch + 1; 0 for create). */
  readonly epoch: number;
  /** The signer's transcript hash before this operation (32 zero bytes for create). */
  readonly prevTranscriptHash: Uint8Array;
  readonly action: MembershipAction;
  /** Hash of the member list after this operation: binds the whole list into the transcript. */
  readonly membersDigest: Uint8Array;
  readonly signerId: DeviceId;
}

export interface MembershipOp extends MembershipOpBody {
  /** Ed25519 by the signer's identity key over MEMBERSHIP_OP_LABEL || body. */
  readonly signature: Uint8Array;
}

export interface SenderKeyDistribution {
  readonly roomId: RoomId;
  readonly senderId: DeviceId;
  /** The sender's view when it made the chain; a receiver with another view refuses it. */
  readonly epoch: number;
  readonly transcriptHash: Uint8Array;
  readonly chainId: Uint8Array;
  /** Index of the next message on this chain (0 for a fresh chain). */
  readonly index: number;
  readonly chainKey: Uint8Array;
  readonly signingPublic: Uint8Array;
}

export interface Welcome {
  /** The member list after `op`; its digest must equal op.membersDigest. */
  readonly members: readonly GroupMember[];
  /** The create or add operation that brought the recipient in. */
  readonly op: MembershipOp;
}

export type GroupPairwisePayload =
  | ({ readonly kind: 'sender-key' } & SenderKeyDistribution)
  | ({ readonly kind: 'membership' } & { readonly op: MembershipOp })
  | ({ readonly kind: 'welcome' } & Welcome);

const actionCodec: Codec<MembershipAction> = taggedUnion<MembershipAction['kind'], MembershipAction>('MembershipAction', {
  create: { tag: 1, body: struct('MembershipAction.create', {}) },
  add: { tag: 2, body: struct('MembershipAction.add', { member: groupMemberCodec }) },
  remove: { tag: 3, body: struct('MembershipAction.remove', { memberId: deviceIdCodec }) },
});

const opBodyFields = {
  roomId: roomIdCodec,
  epoch: u32,
  prevTranscriptHash: transcriptHashCodec,
  action: actionCodec,
  membersDigest: fixedBytes('MembershipOp.membersDigest', MEMBERS_DIGEST_BYTES),
  signerId: deviceIdCodec,
};

const opBodyCodec: Codec<MembershipOpBody> = struct<MembershipOpBody>('MembershipOpBody', opBodyFields);
const membershipOpCodec: Codec<MembershipOp> = struct<MembershipOp>('MembershipOp', {
  ...opBodyFields,
  signature: fixedBytes('MembershipOp.signature', ED25519_SIGNATURE_BYTES),
});

const skdmCodec: Codec<SenderKeyDistribution> = struct<SenderKeyDistribution>('SenderKeyDistribution', {
  roomId: roomIdCodec,
  senderId: deviceIdCodec,
  epoch: u32,
  transcriptHash: transcriptHashCodec,
  chainId: fixedBytes('SenderKeyDistribution.chainId', SENDER_CHAIN_ID_BYTES),
  index: u32,
  chainKey: fixedBytes('SenderKeyDistribution.chainKey', SENDER_CHAIN_KEY_BYTES),
  signingPublic: fixedBytes('SenderKeyDistribution.signingPublic', ED25519_PUBLIC_BYTES),
});

const payloadCodec: Codec<GroupPairwisePayload> = versioned(
  1,
  taggedUnion<GroupPairwisePayload['kind'], GroupPairwisePayload>('GroupPairwisePayload', {
    'sender-key': { tag: 1, body: skdmCodec },
    membership: { tag: 2, body: struct('GroupPairwisePayload.membership', { op: membershipOpCodec }) },
    welcome: {
      tag: 3,
      body: struct<Welcome>('Welcome', { members: listOf(groupMemberCodec, MAX_GROUP_MEMBERS), op: membershipOpCodec }),
    },
  }),
);

const MEMBERSHIP_OP_LABEL = utf8('sealroom group membership op v1\0');

/** The bytes an operation's signature covers: a domain label, then the encoded body. */
export function membershipOpSignedBytes(body: MembershipOpBody): Uint8Array {
  const w = new ByteWriter();
  w.raw(MEMBERSHIP_OP_LABEL);
  opBodyCodec.encode(body, w);
  return w.finish();
}

/** The whole signed operation, as hashed into the transcript. */
export function encodeMembershipOp(op: MembershipOp): Uint8Array {
  return encodeMessage(membershipOpCodec, op, MAX_GROUP_PAIRWISE_BYTES);
}

export function encodeGroupPairwise(payload: GroupPairwisePayload): Uint8Array {
  return encodeMessage(payloadCodec, payload, MAX_GROUP_PAIRWISE_BYTES);
}

/** Strict: size cap, version, tag, field caps, no trailing bytes (WIRE_* codes). */
export function decodeGroupPairwise(bytes: Uint8Array): GroupPairwisePayload {
  return decodeMessage(payloadCodec, bytes, MAX_GROUP_PAIRWISE_BYTES);
}
