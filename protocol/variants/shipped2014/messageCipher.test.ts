// The shipped-2014 message layer against node:crypto: PBKDF2-HMAC-SHA1 with the ASCII salt, the
// HMAC-SHA256 counter block, and AES-256-CTR, each on random inputs.
import { createCipheriv, createHmac, pbkdf2Sync } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes, equalBytes, fromHex } from '../../bytes.ts';
import { UsageError, isProtocolError } from '../../errors.ts';
import { MAX_PLAINTEXT_BYTES } from '../../limits.ts';
import { decryptMessage, decryptWithRoomKey, encryptMessage, encryptWithRoomKey } from './messageCipher.ts';
import { COUNTER_LABEL, ROOM_KEY_SALT, counterBlock, encodeMessageId, roomKey } from './roomKey.ts';

const secret = fc.uint8Array({ minLength: 32, maxLength: 32 });
const messageId = fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn });
const u8 = (b: Buffer) => new Uint8Array(b);

describe('shipped-2014 room key K = PBKDF2-HMAC-SHA1', () => {
  test('the salt is the 34 ASCII characters, not their hex decoding', () => {
    expect(ROOM_KEY_SALT.length).toBe(34);
    expect(new TextDecoder().decode(ROOM_KEY_SALT)).toBe('53656372657443686174526f6f6d4b6579');
    expect(COUNTER_LABEL.length).toBe(32);
    const s = new Uint8Array(32).fill(1);
    const decodedSalt = pbkdf2Sync(s, fromHex('53656372657443686174526f6f6d4b6579'), 2048, 32, 'sha1');
    expect(equalBytes(roomKey(s), u8(decodedSalt))).toBe(false);
  });

  test.prop([secret], { numRuns: 20 })('matches node pbkdf2Sync(sha1, 2048 iterations, 32 bytes)', (s) => {
    const expected = pbkdf2Sync(s, '53656372657443686174526f6f6d4b6579', 2048, 32, 'sha1');
    expect(equalBytes(roomKey(s), u8(expected))).toBe(true);
  });

  test('a room secret of the wrong length is a caller error', () => {
    expect(() => roomKey(new Uint8Array(31))).toThrow(UsageError);
  });
});

describe('shipped-2014 counter block and AES-256-CTR', () => {
  test.prop([secret, messageId], { numRuns: 30 })('counter block = HMAC-SHA256(K, label || u64 id)[0..8] || 8 zero bytes', (k, id) => {
    const mac = createHmac('sha256', k)
      .update(concatBytes(COUNTER_LABEL, encodeMessageId(id)))
      .digest();
    const block = counterBlock(k, id);
    expect(equalBytes(block.subarray(0, 8), u8(mac.subarray(0, 8)))).toBe(true);
    expect(equalBytes(block.subarray(8), new Uint8Array(8))).toBe(true);
  });

  test.prop([secret, messageId, fc.uint8Array({ maxLength: 300 })], { numRuns: 30 })('matches node aes-256-ctr from the same counter block', (k, id, pt) => {
    const cipher = createCipheriv('aes-256-ctr', k, counterBlock(k, id));
    const expected = Buffer.concat([cipher.update(pt), cipher.final()]);
    const ct = encryptWithRoomKey(k, id, pt);
    expect(equalBytes(ct, u8(expected))).toBe(true);
    expect(equalBytes(decryptWithRoomKey(k, id, ct), pt)).toBe(true);
  });

  test.prop([secret, messageId, fc.uint8Array({ maxLength: 100 })], { numRuns: 5 })('encryptMessage derives K from the room secret', (s, id, pt) => {
    const ct = encryptMessage(s, id, pt);
    expect(equalBytes(ct, encryptWithRoomKey(roomKey(s), id, pt))).toBe(true);
    expect(equalBytes(decryptMessage(s, id, ct), pt)).toBe(true);
    expect(ct.length).toBe(pt.length); // no tag, no padding: the length leaks
  });

  test('limits: over-long ciphertext is WIRE_LENGTH_OVER_LIMIT, over-long plaintext and a non-u64 id are caller errors', () => {
    const k = new Uint8Array(32);
    try {
      decryptWithRoomKey(k, 1n, new Uint8Array(MAX_PLAINTEXT_BYTES + 1));
      expect.unreachable('over-long ciphertext accepted');
    } catch (e) {
      expect(isProtocolError(e, 'WIRE_LENGTH_OVER_LIMIT')).toBe(true);
    }
    expect(decryptWithRoomKey(k, 1n, new Uint8Array(MAX_PLAINTEXT_BYTES)).length).toBe(MAX_PLAINTEXT_BYTES);
    expect(() => encryptWithRoomKey(k, 1n, new Uint8Array(MAX_PLAINTEXT_BYTES + 1))).toThrow(UsageError);
    expect(() => encryptWithRoomKey(k, -1n, new Uint8Array(1))).toThrow(UsageError);
    expect(() => encryptWithRoomKey(k, 1n << 64n, new Uint8Array(1))).toThrow(UsageError);
  });
});
