// A member's stored group state and its strict codec (group rooms; the device store serializes
// this and a phone seizure reads exactly these bytes). Only live secrets are here: a used message
// key never is, and skipped keys are bounded per chain.
import { ED25519_PUBLIC_BYTES, ED25519_SEED_BYTES } from '../crypto/provider.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { ProtocolError } from '../errors.ts';
import { MAX_DEVICE_STORE_BYTES, MAX_GROUP_MEMBERS, MAX_GROUP_PAST_EPOCHS, MAX_GROUP_ROOM_SKIPPED_KEYS, MAX_GROUP_SENDER_CHAINS, MAX_GROUP_SKIPPED_KEYS } from '../limits.ts';
import { decodeMessage, encodeMessage, fixedBytes, listOf, safeUint, struct, u32, versioned, type Codec } from './codec.ts';
import { deviceIdCodec, groupMemberCodec, roomIdCodec, transcriptHashCodec, type GroupMember } from './groupMember.ts';
import { SENDER_CHAIN_ID_BYTES, SENDER_CHAIN_KEY_BYTES } from './groupPairwise.ts';

export interface OwnSenderChain {
  readonly chainId: Uint8Array;
  readonly chainKey: Uint8Array;
  /** Index of the next message this member sends. */
  readonly index: number;
  readonly signingSeed: Uint8Array;
  readonly signingPublic: Uint8Array;
  /** ctx.nowMs when the chain was made: it is turned over once older than SENDER_KEY_LIFETIME_MS. */
  readonly createdAtMs: number;
}

export interface SkippedGroupKey {
  readonly index: number;
  /** Message seed HMAC(ck_index, 0x01); leaves the state when used or after GROUP_SKIPPED_KEY_TTL_MS (the owner wipes it). */
  readonly seed: Uint8Array;
  /** ctx.nowMs when it was stored. */
  readonly storedAtMs: number;
}

export interface ReceivingChain {
  readonly chainId: Uint8Array;
  /** Chain key for message `index`. */
  readonly chainKey: Uint8Array;
  /** Index of the next message expected on this chain. */
  readonly index: number;
  readonly signingPublic: Uint8Array;
  /** Oldest first. */
  readonly skipped: readonly SkippedGroupKey[];
}

export interface MemberChains {
  readonly memberId: DeviceId;
  /** Newest first; at most MAX_GROUP_SENDER_CHAINS. */
  readonly chains: readonly ReceivingChain[];
}

interface PastView {
  readonly epoch: number;
  readonly transcriptHash: Uint8Array;
}

export interface GroupState {
  readonly roomId: RoomId;
  readonly self: DeviceId;
  /** Sorted by id, unique; includes self. */
  readonly members: readonly GroupMember[];
  readonly epoch: number;
  /** H(prev || op) over every membership operation since create. */
  readonly transcriptHash: Uint8Array;
  /** Earlier views whose messages are still accepted, newest first. */
  readonly pastViews: readonly PastView[];
  readonly ownChain: OwnSenderChain;
  /** Sorted by memberId, unique; never self. */
  readonly receiving: readonly MemberChains[];
}

const chainId = fixedBytes('chainId', SENDER_CHAIN_ID_BYTES);
const chainKey = fixedBytes('chainKey', SENDER_CHAIN_KEY_BYTES);

const timeMs = safeUint('SkippedGroupKey.storedAtMs');

/** 2: skipped keys carry storedAtMs (GROUP_SKIPPED_KEY_TTL_MS). 3: our own chain carries createdAtMs (SENDER_KEY_LIFETIME_MS). */
export const GROUP_STATE_VERSION = 3;

const ownChainCodec = struct<OwnSenderChain>('OwnSenderChain', {
  chainId,
  chainKey,
  index: u32,
  signingSeed: fixedBytes('signingSeed', ED25519_SEED_BYTES),
  signingPublic: fixedBytes('signingPublic', ED25519_PUBLIC_BYTES),
  createdAtMs: safeUint('OwnSenderChain.createdAtMs'),
});

const receivingChainCodec = struct<ReceivingChain>('ReceivingChain', {
  chainId,
  chainKey,
  index: u32,
  signingPublic: fixedBytes('signingPublic', ED25519_PUBLIC_BYTES),
  skipped: listOf(struct<SkippedGroupKey>('SkippedGroupKey', { index: u32, seed: chainKey, storedAtMs: timeMs }), MAX_GROUP_SKIPPED_KEYS),
});

const stateCodec: Codec<GroupState> = versioned(
  GROUP_STATE_VERSION,
  struct<GroupState>('GroupState', {
    roomId: roomIdCodec,
    self: deviceIdCodec,
    members: listOf(groupMemberCodec, MAX_GROUP_MEMBERS),
    epoch: u32,
    transcriptHash: transcriptHashCodec,
    pastViews: listOf(struct<PastView>('PastView', { epoch: u32, transcriptHash: transcriptHashCodec }), MAX_GROUP_PAST_EPOCHS),
    ownChain: ownChainCodec,
    receiving: listOf(struct<MemberChains>('MemberChains', { memberId: deviceIdCodec, chains: listOf(receivingChainCodec, MAX_GROUP_SENDER_CHAINS) }), MAX_GROUP_MEMBERS),
  }),
);

export function encodeGroupState(state: GroupState): Uint8Array {
  return encodeMessage(stateCodec, state, MAX_DEVICE_STORE_BYTES);
}

/** Strict: field caps and the state's invariants (sorted unique ids, self a member, views in order). */
export function decodeGroupState(bytes: Uint8Array): GroupState {
  const state = decodeMessage(stateCodec, bytes, MAX_DEVICE_STORE_BYTES);
  checkStateShape(state);
  return state;
}

function bad(what: string): never {
  throw new ProtocolError('WIRE_BAD_VALUE', `GroupState: ${what}`);
}

function checkStateShape(s: GroupState): void {
  for (let i = 1; i < s.members.length; i++) if (!((s.members[i - 1]?.id ?? '') < (s.members[i]?.id ?? ''))) bad('members not sorted/unique');
  if (!s.members.some((m) => m.id === s.self)) bad('self is not a member');
  for (let i = 1; i < s.receiving.length; i++) {
    if (!((s.receiving[i - 1]?.memberId ?? '') < (s.receiving[i]?.memberId ?? ''))) bad('receiving not sorted/unique');
  }
  for (const r of s.receiving) {
    if (r.memberId === s.self || !s.members.some((m) => m.id === r.memberId)) bad('receiving chain of a non-member');
  }
  let prev = s.epoch;
  for (const v of s.pastViews) {
    if (!(v.epoch < prev)) bad('past views out of order');
    prev = v.epoch;
  }
  let skipped = 0;
  for (const r of s.receiving) for (const c of r.chains) skipped += c.skipped.length;
  if (skipped > MAX_GROUP_ROOM_SKIPPED_KEYS) throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `GroupState: ${skipped} skipped keys exceed MAX_GROUP_ROOM_SKIPPED_KEYS`);
}
