// Wire codec for one group member record (group rooms, see protocol/group/membership.ts for the rules):
// a device id, its Ed25519 identity signing key and its admin flag, and (protocol/identity/binding.ts)
// the identity's X25519 half with its binding, so a record names the whole identity. Shared by
// membership operations, welcomes and the stored group state, with the id and transcript-hash codecs.
import { ED25519_PUBLIC_BYTES, ED25519_SIGNATURE_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import type { DeviceId } from '../ids.ts';
import { bool, fixedBytes, optional, struct, type Codec } from './codec.ts';
import { deviceIdCodec as deviceIdCodecOf, roomIdCodec as roomIdCodecOf } from './idCodecs.ts';

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

const TRANSCRIPT_HASH_BYTES = 32;

export const deviceIdCodec = deviceIdCodecOf();
export const roomIdCodec = roomIdCodecOf();
export const transcriptHashCodec = fixedBytes('TranscriptHash', TRANSCRIPT_HASH_BYTES);

export const groupMemberCodec: Codec<GroupMember> = struct<GroupMember>('GroupMember', {
  id: deviceIdCodec,
  identityKey: fixedBytes('GroupMember.identityKey', ED25519_PUBLIC_BYTES),
  admin: bool('GroupMember.admin'),
  dh: optional(fixedBytes('GroupMember.dh', X25519_KEY_BYTES)),
  binding: optional(fixedBytes('GroupMember.binding', ED25519_SIGNATURE_BYTES)),
});
