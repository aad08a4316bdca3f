// Strictness of the InitialMessage codec (docs/conventions.md): round trip, truncation at every length,
// trailing bytes, bad version, bad presence bytes, size cap.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isProtocolError, UsageError, type ProtocolErrorCode } from '../errors.ts';
import { preKeyId } from '../ids.ts';
import { decodeInitialMessage, encodeInitialMessage, MAX_INITIAL_MESSAGE_BYTES, type InitialMessage } from './initialMessage.ts';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const id = fc.nat({ max: 0xffff_ffff }).map(preKeyId);
const messageArb: fc.Arbitrary<InitialMessage> = fc.record({
  initiatorIdentity: fc.record({ dh: bytes(32), sign: bytes(32) }),
  ephemeralPublic: bytes(32),
  signedPreKeyId: id,
  oneTimePreKeyId: fc.option(id, { nil: undefined }),
  kem: fc.option(fc.record({ preKeyId: id, ciphertext: bytes(1088) }), { nil: undefined }),
});

function codeOf(f: () => unknown): ProtocolErrorCode | 'no error' | 'other' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : 'other';
  }
}

const full: InitialMessage = {
  initiatorIdentity: { dh: new Uint8Array(32).fill(1), sign: new Uint8Array(32).fill(2), binding: new Uint8Array(64).fill(9) },
  ephemeralPublic: new Uint8Array(32).fill(3),
  signedPreKeyId: preKeyId(1),
  oneTimePreKeyId: preKeyId(2),
  kem: { preKeyId: preKeyId(3), ciphertext: new Uint8Array(1088).fill(4) },
  supersedes: new Uint8Array(32).fill(5),
};

describe('InitialMessage codec', () => {
  test.prop([messageArb], { numRuns: 50 })('round-trips', (m) => {
    expect(decodeInitialMessage(encodeInitialMessage(m))).toEqual(m);
  });

  test.prop([messageArb], { numRuns: 10 })('every truncation is WIRE_TRUNCATED', (m) => {
    const enc = encodeInitialMessage(m);
    for (let n = 0; n < enc.length; n++) expect(codeOf(() => decodeInitialMessage(enc.slice(0, n)))).toBe('WIRE_TRUNCATED');
  });

  test.prop([messageArb, fc.uint8Array({ minLength: 1, maxLength: 8 })], { numRuns: 20 })('trailing bytes are WIRE_TRAILING_BYTES (or WIRE_TOO_LARGE past the cap)', (m, extra) => {
    const enc = encodeInitialMessage(m);
    const expected = enc.length + extra.length > MAX_INITIAL_MESSAGE_BYTES ? 'WIRE_TOO_LARGE' : 'WIRE_TRAILING_BYTES'; // the size cap is checked first
    expect(codeOf(() => decodeInitialMessage(new Uint8Array([...enc, ...extra])))).toBe(expected);
  });

  test.prop([messageArb, fc.integer({ min: 0, max: 255 }).filter((v) => v !== 1)], { numRuns: 20 })('another version is WIRE_BAD_VERSION', (m, v) => {
    const enc = encodeInitialMessage(m);
    enc[0] = v;
    expect(codeOf(() => decodeInitialMessage(enc))).toBe('WIRE_BAD_VERSION');
  });

  it('MAX_INITIAL_MESSAGE_BYTES is exactly the largest header; one byte more is WIRE_TOO_LARGE', () => {
    const enc = encodeInitialMessage(full);
    expect(enc.length).toBe(MAX_INITIAL_MESSAGE_BYTES);
    expect(codeOf(() => decodeInitialMessage(new Uint8Array([...enc, 0])))).toBe('WIRE_TOO_LARGE');
  });

  it('presence bytes other than 0/1 are WIRE_BAD_VALUE', () => {
    const enc = encodeInitialMessage({ ...full, oneTimePreKeyId: undefined, kem: undefined, supersedes: undefined });
    for (const at of [enc.length - 3, enc.length - 2, enc.length - 1]) {
      const bad = enc.slice();
      bad[at] = 2;
      expect(codeOf(() => decodeInitialMessage(bad))).toBe('WIRE_BAD_VALUE');
    }
  });

  it('a wrong-length KEM ciphertext is refused when encoding (caller bug)', () => {
    expect(() => encodeInitialMessage({ ...full, kem: { preKeyId: preKeyId(3), ciphertext: new Uint8Array(1087) } })).toThrow(UsageError);
  });
});
