// Wire codec for one group member record (group rooms, see protocol/group/membership.ts for the rules):
// a device id, its Ed25519 identity signing key and its admin flag. Shared by membership operations,
// welcomes and the stored group state, together with the id and transcript-hash field codecs.
import { ED25519_PUBLIC_BYTES } from '../crypto/provider.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { MAX_DEVICE_ID_BYTES, MAX_ROOM_ID_BYTES } from '../limits.ts';
import { bool, fixedBytes, struct, utf8String, type Codec } from './codec.ts';

export interface GroupMember {
  readonly id: DeviceId;
  /** Ed25519 identity signing public key (IdentityKey.sign), 32 bytes. */
  readonly identityKey: Uint8Array;
  /** Admins may add and remove members (protocol/group/membership.ts states the rule). */
  readonly admin: boolean;
}

export const TRANSCRIPT_HASH_BYTES = 32;

export const deviceIdCodec = utf8String('DeviceId', MAX_DEVICE_ID_BYTES) as unknown as Codec<DeviceId>;
export const roomIdCodec = utf8String('RoomId', MAX_ROOM_ID_BYTES) as unknown as Codec<RoomId>;
export const transcriptHashCodec = fixedBytes('TranscriptHash', TRANSCRIPT_HASH_BYTES);

export const groupMemberCodec: Codec<GroupMember> = struct<GroupMember>('GroupMember', {
  id: deviceIdCodec,
  identityKey: fixedBytes('GroupMember.identityKey', ED25519_PUBLIC_BYTES),
  admin: bool('GroupMember.admin'),
});
