// A group message as the server relays it (sender keys as deployed by Signal/WhatsApp): a header
// naming room, sender, the sender's membership view (epoch, transcript hash), chain and index; the
// AEAD ciphertext; and an Ed25519 signature by the sender chain's signing key over both.
import { AEAD_TAG_BYTES, ED25519_SIGNATURE_BYTES } from '../crypto/provider.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { MAX_PLAINTEXT_BYTES, PADDING_BLOCK_BYTES } from '../limits.ts';
import { utf8 } from '../bytes.ts';
import { ByteWriter, decodeMessage, encodeMessage, fixedBytes, struct, u32, varBytes, versioned, type Codec } from './codec.ts';
import { deviceIdCodec, roomIdCodec, transcriptHashCodec } from './groupMember.ts';
import { SENDER_CHAIN_ID_BYTES } from './groupPairwise.ts';

export interface GroupMessageHeader {
  readonly roomId: RoomId;
  readonly senderId: DeviceId;
  readonly epoch: number;
  readonly transcriptHash: Uint8Array;
  readonly chainId: Uint8Array;
  readonly index: number;
}

export interface GroupMessage extends GroupMessageHeader {
  /** ChaCha20-Poly1305 output, ct || tag, of the padded plaintext. */
  readonly ciphertext: Uint8Array;
  readonly signature: Uint8Array;
}

const headerFields = {
  roomId: roomIdCodec,
  senderId: deviceIdCodec,
  epoch: u32,
  transcriptHash: transcriptHashCodec,
  chainId: fixedBytes('GroupMessage.chainId', SENDER_CHAIN_ID_BYTES),
  index: u32,
};
const headerCodec: Codec<GroupMessageHeader> = struct<GroupMessageHeader>('GroupMessageHeader', headerFields);
/**
 * A group message carries one encoded text (at most MAX_PLAINTEXT_BYTES), padded (at most one more
 * block) and sealed (the tag): a cap of its own, apart from the 1:1 wire cap that must admit a welcome.
 */
const MAX_GROUP_CIPHERTEXT_BYTES = MAX_PLAINTEXT_BYTES + PADDING_BLOCK_BYTES + AEAD_TAG_BYTES;
const ciphertextCodec = varBytes('GroupMessage.ciphertext', MAX_GROUP_CIPHERTEXT_BYTES);

const messageCodec: Codec<GroupMessage> = versioned(
  1,
  struct<GroupMessage>('GroupMessage', {
    ...headerFields,
    ciphertext: ciphertextCodec,
    signature: fixedBytes('GroupMessage.signature', ED25519_SIGNATURE_BYTES),
  }),
);

/** A whole group message: the largest ciphertext plus a header of capped fields (under 300 bytes) and the signature. */
export const MAX_GROUP_MESSAGE_BYTES = MAX_GROUP_CIPHERTEXT_BYTES + 1024;

const AD_LABEL = utf8('sealroom group message ad v1\0');
const SIGNATURE_LABEL = utf8('sealroom group message sig v1\0');

/** AEAD associated data: binds room, sender, epoch, transcript hash, chain and index. */
export function groupMessageAd(header: GroupMessageHeader): Uint8Array {
  const w = new ByteWriter();
  w.raw(AD_LABEL);
  headerCodec.encode(header, w);
  return w.finish();
}

/** What the sender's chain signing key signs: the header and the ciphertext. */
export function groupMessageSignedBytes(header: GroupMessageHeader, ciphertext: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.raw(SIGNATURE_LABEL);
  headerCodec.encode(header, w);
  ciphertextCodec.encode(ciphertext, w);
  return w.finish();
}

export function encodeGroupMessage(message: GroupMessage): Uint8Array {
  return encodeMessage(messageCodec, message, MAX_GROUP_MESSAGE_BYTES);
}

/** Strict: size cap, version, field caps, no trailing bytes (WIRE_* codes). */
export function decodeGroupMessage(bytes: Uint8Array): GroupMessage {
  return decodeMessage(messageCodec, bytes, MAX_GROUP_MESSAGE_BYTES);
}
