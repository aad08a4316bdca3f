// Strict decoders of the shipped-2014 wire messages: round trips, and each malformed input refused
// with its own code (docs/conventions.md).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes } from '../../bytes.ts';
import { isProtocolError } from '../../errors.ts';
import { MAX_PLAINTEXT_BYTES, MAX_WIRE_MESSAGE_BYTES } from '../../limits.ts';
import { decodeChatMessage, encodeChatMessage } from './chatMessage.ts';
import { ROOM_KEY_MESSAGE_BYTES, decodeRoomKeyMessage, encodeRoomKeyMessage } from './roomKeyMessage.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
  return undefined;
};

const block = fc.uint8Array({ minLength: 256, maxLength: 256 });

describe('shipped-2014 room-key message', () => {
  test.prop([block, block], { numRuns: 20 })('round-trips', (wrappedForPeer, wrappedForSelf) => {
    const bytes = encodeRoomKeyMessage({ wrappedForPeer, wrappedForSelf });
    expect(bytes.length).toBe(ROOM_KEY_MESSAGE_BYTES);
    expect(decodeRoomKeyMessage(bytes)).toEqual({ wrappedForPeer, wrappedForSelf });
  });

  test('truncated, extended and wrong-version inputs are refused', () => {
    const bytes = encodeRoomKeyMessage({ wrappedForPeer: new Uint8Array(256), wrappedForSelf: new Uint8Array(256) });
    expect(codeOf(() => decodeRoomKeyMessage(bytes.subarray(0, bytes.length - 1)))).toBe('WIRE_TRUNCATED');
    expect(codeOf(() => decodeRoomKeyMessage(concatBytes(bytes, new Uint8Array(1))))).toBe('WIRE_TOO_LARGE');
    const v0 = bytes.slice();
    v0[0] = 0;
    expect(codeOf(() => decodeRoomKeyMessage(v0))).toBe('WIRE_BAD_VERSION');
  });
});

describe('shipped-2014 chat message', () => {
  test.prop([fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }), fc.uint8Array({ maxLength: 200 })], { numRuns: 30 })('round-trips', (messageId, ciphertext) => {
    expect(decodeChatMessage(encodeChatMessage({ messageId, ciphertext }))).toEqual({ messageId, ciphertext });
  });

  test('truncated, trailing, over-long, over-size and wrong-version inputs are refused', () => {
    const bytes = encodeChatMessage({ messageId: 5n, ciphertext: new Uint8Array(10) });
    expect(codeOf(() => decodeChatMessage(bytes.subarray(0, bytes.length - 1)))).toBe('WIRE_TRUNCATED');
    expect(codeOf(() => decodeChatMessage(bytes.subarray(0, 5)))).toBe('WIRE_TRUNCATED');
    expect(codeOf(() => decodeChatMessage(concatBytes(bytes, new Uint8Array(1))))).toBe('WIRE_TRAILING_BYTES');
    const v2 = bytes.slice();
    v2[0] = 2;
    expect(codeOf(() => decodeChatMessage(v2))).toBe('WIRE_BAD_VERSION');
    // A length prefix one over MAX_PLAINTEXT_BYTES is refused before anything is read.
    const overLong = concatBytes(bytes.subarray(0, 9), new Uint8Array([0, 1, 0, 1]));
    expect(MAX_PLAINTEXT_BYTES).toBe(0x1_0000);
    expect(codeOf(() => decodeChatMessage(overLong))).toBe('WIRE_LENGTH_OVER_LIMIT');
    expect(codeOf(() => decodeChatMessage(new Uint8Array(MAX_WIRE_MESSAGE_BYTES + 1)))).toBe('WIRE_TOO_LARGE');
  });
});
