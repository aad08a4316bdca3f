// Wire codec for one group member record (group rooms, see protocol/group/membership.ts for the rules):
// a device id, its Ed25519 identity signing key and its admin flag, and (protocol/identity/binding.ts)
// the identity's X25519 half with its binding, so a record names the whole identity. Shared by
// membership operations, welcomes and the stored group state, with the id and transcript-hash codecs.
import { ED25519_PUBLIC_BYTES, ED25519_SIGNATURE_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { MAX_DEVICE_ID_BYTES, MAX_ROOM_ID_BYTES } from '../limits.ts';
import { bool, fixedBytes, optional, struct, utf8String, type Codec } from './codec.ts';

export interface GroupMember {
  readonly id: DeviceId;
  /** Ed25519 identity signing public key (IdentityKey.sign), 32 bytes. */
  readonly identityKey: Uint8Array;
  /** Admins may add and remove members (protocol/group/membership.ts states the rule). */
  readonly admin: boolean;
  /** The identity's X25519 half (IdentityKey.dh). Absent in records made without groupMemberBinding. */
  readonly dh?: Uint8Array | undefined;
  /** The identity's binding signature (IdentityKey.binding), when known. */
  readonly binding?: Uint8Array | undefined;
}

export const TRANSCRIPT_HASH_BYTES = 32;

export const deviceIdCodec = utf8String('DeviceId', MAX_DEVICE_ID_BYTES) as unknown as Codec<DeviceId>;
export const roomIdCodec = utf8String('RoomId', MAX_ROOM_ID_BYTES) as unknown as Codec<RoomId>;
export const transcriptHashCodec = fixedBytes('TranscriptHash', TRANSCRIPT_HASH_BYTES);

export const groupMemberCodec: Codec<GroupMember> = struct<GroupMember>('GroupMember', {
  id: deviceIdCodec,
  identityKey: fixedBytes('GroupMember.identityKey', ED25519_PUBLIC_BYTES),
  admin: bool('GroupMember.admin'),
  dh: optional(fixedBytes('GroupMember.dh', X25519_KEY_BYTES)),
  binding: optional(fixedBytes('GroupMember.binding', ED25519_SIGNATURE_BYTES)),
});
