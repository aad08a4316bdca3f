// Padding: round trip, bucket lengths (a ciphertext reveals only its bucket), strict unpadding,
// and the MAX_CONTENT_BYTES limit on both sides.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isProtocolError, UsageError, type ProtocolErrorCode } from '../errors.ts';
import { MAX_CONTENT_BYTES, PADDING_BLOCK_BYTES } from '../limits.ts';
import { MAX_PADDED_BYTES, pad, paddedLength, unpad } from './padding.ts';

function codeOf(f: () => unknown): ProtocolErrorCode | 'no error' | 'other' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : 'other';
  }
}

const payload = fc.uint8Array({ maxLength: 4 * PADDING_BLOCK_BYTES + 3 });

describe('padding', () => {
  test.prop([payload])('unpad(pad(x)) = x', (x) => {
    expect(unpad(pad(x))).toEqual(x);
  });

  test.prop([payload])('padded length is the next block multiple strictly above the length', (x) => {
    const n = pad(x).length;
    expect(n % PADDING_BLOCK_BYTES).toBe(0);
    expect(n).toBeGreaterThan(x.length);
    expect(n - x.length).toBeLessThanOrEqual(PADDING_BLOCK_BYTES);
  });

  test.prop([payload, payload])('two payloads in the same bucket pad to the same length', (a, b) => {
    const sameBucket = Math.floor(a.length / PADDING_BLOCK_BYTES) === Math.floor(b.length / PADDING_BLOCK_BYTES);
    expect(pad(a).length === pad(b).length).toBe(sameBucket);
  });

  it('an exact multiple of the block gains a whole block', () => {
    expect(pad(new Uint8Array(PADDING_BLOCK_BYTES)).length).toBe(2 * PADDING_BLOCK_BYTES);
    expect(pad(new Uint8Array(0)).length).toBe(PADDING_BLOCK_BYTES);
  });

  test.prop([payload, fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0 && b !== 0x80)])('a non-marker, non-zero byte after the marker is WIRE_BAD_VALUE', (x, junk) => {
    const padded = pad(x);
    if (padded.length - x.length < 2) return; // no zero byte to spoil
    padded[padded.length - 1] = junk;
    expect(codeOf(() => unpad(padded))).toBe('WIRE_BAD_VALUE');
  });

  it('refuses empty, unaligned, all-zero and over-long padding with WIRE_BAD_VALUE', () => {
    expect(codeOf(() => unpad(new Uint8Array(0)))).toBe('WIRE_BAD_VALUE');
    expect(codeOf(() => unpad(pad(new Uint8Array(3)).slice(0, PADDING_BLOCK_BYTES - 1)))).toBe('WIRE_BAD_VALUE');
    expect(codeOf(() => unpad(new Uint8Array(PADDING_BLOCK_BYTES)))).toBe('WIRE_BAD_VALUE');
    // A marker a whole block before the end: valid ISO padding, but not the minimal form pad() makes.
    const overLong = new Uint8Array(2 * PADDING_BLOCK_BYTES);
    overLong[PADDING_BLOCK_BYTES - 1] = 0x80;
    expect(codeOf(() => unpad(overLong))).toBe('WIRE_BAD_VALUE');
  });

  it('MAX_CONTENT_BYTES: at the limit pads and unpads; one over is refused on both sides', () => {
    const max = new Uint8Array(MAX_CONTENT_BYTES).fill(7);
    expect(unpad(pad(max)).length).toBe(MAX_CONTENT_BYTES);
    expect(pad(max).length).toBe(MAX_PADDED_BYTES);
    expect(() => pad(new Uint8Array(MAX_CONTENT_BYTES + 1))).toThrow(UsageError);
    const tooLong = new Uint8Array(MAX_PADDED_BYTES + PADDING_BLOCK_BYTES);
    tooLong[MAX_CONTENT_BYTES + 1] = 0x80;
    expect(codeOf(() => unpad(tooLong))).toBe('WIRE_TOO_LARGE');
    // One byte over the limit still fits the last bucket, so the payload length itself is checked.
    expect(paddedLength(MAX_CONTENT_BYTES + 1)).toBe(MAX_PADDED_BYTES);
    const oneOver = new Uint8Array(MAX_PADDED_BYTES);
    oneOver[MAX_CONTENT_BYTES + 1] = 0x80;
    expect(codeOf(() => unpad(oneOver))).toBe('WIRE_TOO_LARGE');
  });
});
