// Key derivation of the shipped-2014 model (docs/weak-variants.md "shipped-2014"): the room key
// K = PBKDF2-HMAC-SHA1(room secret, ASCII salt, 2048 iterations, 32 bytes), and the AES-CTR initial
// counter block = first 8 bytes of HMAC-SHA256(K, ASCII label || message id), then 8 zero bytes.
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, requireBytes, utf8 } from '../../bytes.ts';
import { UsageError } from '../../errors.ts';

/** Random bytes per room secret (model choice: 256 bits, one AES-256 key's worth). */
export const ROOM_SECRET_BYTES = 32;
/**
 * PBKDF2 salt: these 34 ASCII characters themselves (the hex spelling of "SecretChatRoomKey"),
 * NOT their hex decoding. The shipped client passed the hex string as text.
 */
export const ROOM_KEY_SALT = utf8('53656372657443686174526f6f6d4b6579');
const ROOM_KEY_ITERATIONS = 2048;
export const ROOM_KEY_BYTES = 32;
/** HMAC label: 32 ASCII characters (the hex spelling of "MessageNonceHmac"), used as text. */
export const COUNTER_LABEL = utf8('4d6573736167654e6f6e6365486d6163');
const COUNTER_BLOCK_BYTES = 16;
/** Bytes of the HMAC kept in the counter block; the rest of the block starts at zero and counts blocks. */
const COUNTER_PREFIX_BYTES = 8;
const MAX_MESSAGE_ID = 0xffff_ffff_ffff_ffffn;

/** K = PBKDF2-HMAC-SHA1(password = room secret, salt = ROOM_KEY_SALT, c = 2048, dkLen = 32). */
export function roomKey(roomSecret: Uint8Array): Uint8Array {
  requireBytes(roomSecret, 'roomSecret', ROOM_SECRET_BYTES);
  return pbkdf2(sha1, roomSecret, ROOM_KEY_SALT, { c: ROOM_KEY_ITERATIONS, dkLen: ROOM_KEY_BYTES });
}

/** A message id is a u64 (the server-assigned message number), encoded big-endian in 8 bytes. */
export function encodeMessageId(messageId: bigint): Uint8Array {
  if (typeof messageId !== 'bigint' || messageId < 0n || messageId > MAX_MESSAGE_ID) {
    throw new UsageError(`messageId: expected a u64 bigint, got ${String(messageId)}`);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, messageId);
  return out;
}

/**
 * The 16-byte initial counter block. The "per-room key" keying the HMAC is K itself (model
 * decision, documented in index.ts). It depends only on (K, message id): reusing an id reuses
 * the keystream, and nothing in the design prevents that.
 */
export function counterBlock(messageKey: Uint8Array, messageId: bigint): Uint8Array {
  requireBytes(messageKey, 'messageKey', ROOM_KEY_BYTES);
  const mac = hmac(sha256, messageKey, concatBytes(COUNTER_LABEL, encodeMessageId(messageId)));
  const block = new Uint8Array(COUNTER_BLOCK_BYTES);
  block.set(mac.subarray(0, COUNTER_PREFIX_BYTES), 0);
  return block;
}
