// Strict codec of the Double Ratchet wire message: round trip and one test per refusal (STYLE rule 5).
import { describe, expect, test } from 'vitest';
import { isProtocolError, type ProtocolErrorCode } from '../errors.ts';
import { MAX_WIRE_MESSAGE_BYTES } from '../limits.ts';
import { decodeRatchetMessage, encodeRatchetHeader, encodeRatchetMessage, HEADER_TAG_BYTES, MAX_RATCHET_CIPHERTEXT_BYTES, RATCHET_HEADER_BYTES, type RatchetMessage } from './ratchetMessage.ts';

const sample: RatchetMessage = {
  header: { ratchetKey: new Uint8Array(32).fill(5), previousCounter: 7, counter: 0x01020304 },
  headerTag: new Uint8Array(16).fill(3),
  ciphertext: new Uint8Array(40).fill(9),
};

function refusal(bytes: Uint8Array): ProtocolErrorCode | 'accepted' {
  try {
    decodeRatchetMessage(bytes);
    return 'accepted';
  } catch (e) {
    if (isProtocolError(e)) return e.code;
    throw e;
  }
}

describe('RatchetMessage codec', () => {
  test('round trip; header bytes are the wire prefix used as AD', () => {
    const bytes = encodeRatchetMessage(sample);
    const back = decodeRatchetMessage(bytes);
    expect(back.header.counter).toBe(0x01020304);
    expect(back.header.previousCounter).toBe(7);
    expect(back.header.ratchetKey).toEqual(sample.header.ratchetKey);
    expect(back.headerTag).toEqual(sample.headerTag);
    expect(back.ciphertext).toEqual(sample.ciphertext);
    expect(encodeRatchetHeader(sample.header)).toEqual(bytes.slice(0, RATCHET_HEADER_BYTES));
  });

  test('refuses truncation, trailing bytes, a wrong version and an unknown length', () => {
    const bytes = encodeRatchetMessage(sample);
    expect(refusal(bytes.slice(0, bytes.length - 1))).toBe('WIRE_TRUNCATED');
    expect(refusal(bytes.slice(0, 10))).toBe('WIRE_TRUNCATED');
    expect(refusal(new Uint8Array(0))).toBe('WIRE_TRUNCATED');
    expect(refusal(Uint8Array.of(...bytes, 0))).toBe('WIRE_TRAILING_BYTES');
    const badVersion = bytes.slice();
    badVersion[0] = 1; // before header tags
    expect(refusal(badVersion)).toBe('WIRE_BAD_VERSION');
  });

  test('refuses a ciphertext shorter than the AEAD tag', () => {
    const bytes = encodeRatchetMessage({ ...sample, ciphertext: new Uint8Array(15) });
    expect(refusal(bytes)).toBe('WIRE_BAD_VALUE');
    expect(refusal(encodeRatchetMessage({ ...sample, ciphertext: new Uint8Array(16) }))).toBe('accepted');
  });

  test('over the limit: MAX_WIRE_MESSAGE_BYTES and the ciphertext length cap', () => {
    const largest = encodeRatchetMessage({ ...sample, ciphertext: new Uint8Array(MAX_RATCHET_CIPHERTEXT_BYTES) });
    expect(largest.length).toBe(MAX_WIRE_MESSAGE_BYTES);
    expect(refusal(largest)).toBe('accepted');
    expect(refusal(new Uint8Array(MAX_WIRE_MESSAGE_BYTES + 1))).toBe('WIRE_TOO_LARGE');
    // A length prefix one above the cap is refused before any allocation.
    const lying = largest.slice(0, RATCHET_HEADER_BYTES + HEADER_TAG_BYTES + 4);
    new DataView(lying.buffer).setUint32(RATCHET_HEADER_BYTES + HEADER_TAG_BYTES, MAX_RATCHET_CIPHERTEXT_BYTES + 1);
    expect(refusal(lying)).toBe('WIRE_LENGTH_OVER_LIMIT');
    expect(() => encodeRatchetMessage({ ...sample, ciphertext: new Uint8Array(MAX_RATCHET_CIPHERTEXT_BYTES + 1) })).toThrow(TypeError);
  });
});
