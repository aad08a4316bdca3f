// Strictness of the PreKeyBundle codec (docs/conventions.md): round trip, truncation at every length,
// trailing bytes, bad version, bad presence/boolean bytes, over-limit device id and size cap.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isProtocolError, UsageError, type ProtocolErrorCode } from '../errors.ts';
import { deviceId, preKeyId } from '../ids.ts';
import { MAX_DEVICE_ID_BYTES } from '../limits.ts';
import { decodePreKeyBundle, encodePreKeyBundle, MAX_PREKEY_BUNDLE_BYTES, type PreKeyBundle } from './preKeyBundle.ts';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const id = fc.nat({ max: 0xffff_ffff }).map(preKeyId);
const bundleArb: fc.Arbitrary<PreKeyBundle> = fc.record({
  deviceId: fc.string({ maxLength: 16 }).map(deviceId),
  identityKey: fc.record({ dh: bytes(32), sign: bytes(32) }),
  signedPreKey: fc.record({ id, publicKey: bytes(32), signature: bytes(64) }),
  oneTimePreKey: fc.option(fc.record({ id, publicKey: bytes(32) }), { nil: undefined }),
  kemPreKey: fc.option(fc.record({ id, publicKey: bytes(1184), signature: bytes(64), lastResort: fc.boolean() }), { nil: undefined }),
});

function codeOf(f: () => unknown): ProtocolErrorCode | 'no error' | 'other' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : 'other';
  }
}

const full: PreKeyBundle = {
  deviceId: deviceId('x'.repeat(MAX_DEVICE_ID_BYTES)),
  identityKey: { dh: new Uint8Array(32).fill(1), sign: new Uint8Array(32).fill(2), binding: new Uint8Array(64).fill(9) },
  signedPreKey: { id: preKeyId(7), publicKey: new Uint8Array(32).fill(3), signature: new Uint8Array(64).fill(4) },
  oneTimePreKey: { id: preKeyId(8), publicKey: new Uint8Array(32).fill(5) },
  kemPreKey: { id: preKeyId(9), publicKey: new Uint8Array(1184).fill(6), signature: new Uint8Array(64).fill(7), lastResort: true },
};

describe('PreKeyBundle codec', () => {
  test.prop([bundleArb], { numRuns: 50 })('round-trips', (bundle) => {
    expect(decodePreKeyBundle(encodePreKeyBundle(bundle))).toEqual(bundle);
  });

  test.prop([bundleArb], { numRuns: 10 })('every truncation is WIRE_TRUNCATED', (bundle) => {
    const enc = encodePreKeyBundle(bundle);
    for (let n = 0; n < enc.length; n++) expect(codeOf(() => decodePreKeyBundle(enc.slice(0, n)))).toBe('WIRE_TRUNCATED');
  });

  test.prop([bundleArb, fc.uint8Array({ minLength: 1, maxLength: 8 })], { numRuns: 20 })('trailing bytes are WIRE_TRAILING_BYTES (or WIRE_TOO_LARGE past the cap)', (bundle, extra) => {
    const enc = encodePreKeyBundle(bundle);
    const expected = enc.length + extra.length > MAX_PREKEY_BUNDLE_BYTES ? 'WIRE_TOO_LARGE' : 'WIRE_TRAILING_BYTES'; // the size cap is checked first
    expect(codeOf(() => decodePreKeyBundle(new Uint8Array([...enc, ...extra])))).toBe(expected);
  });

  test.prop([bundleArb, fc.integer({ min: 0, max: 255 }).filter((v) => v !== 1)], { numRuns: 20 })('another version is WIRE_BAD_VERSION', (bundle, v) => {
    const enc = encodePreKeyBundle(bundle);
    enc[0] = v;
    expect(codeOf(() => decodePreKeyBundle(enc))).toBe('WIRE_BAD_VERSION');
  });

  it('MAX_PREKEY_BUNDLE_BYTES is exactly the largest bundle; one byte more is WIRE_TOO_LARGE', () => {
    const enc = encodePreKeyBundle(full);
    expect(enc.length).toBe(MAX_PREKEY_BUNDLE_BYTES);
    expect(codeOf(() => decodePreKeyBundle(new Uint8Array([...enc, 0])))).toBe('WIRE_TOO_LARGE');
  });

  it('a device id over MAX_DEVICE_ID_BYTES is refused: UsageError to encode, WIRE_LENGTH_OVER_LIMIT to decode', () => {
    expect(() => encodePreKeyBundle({ ...full, deviceId: deviceId('x'.repeat(MAX_DEVICE_ID_BYTES + 1)) })).toThrow(UsageError);
    const enc = encodePreKeyBundle({ ...full, oneTimePreKey: undefined, kemPreKey: undefined });
    enc[2] = MAX_DEVICE_ID_BYTES + 1; // u16 length prefix at bytes 1..2
    expect(codeOf(() => decodePreKeyBundle(enc))).toBe('WIRE_LENGTH_OVER_LIMIT');
  });

  it('presence and boolean bytes other than 0/1 are WIRE_BAD_VALUE', () => {
    const noOptional = encodePreKeyBundle({ ...full, oneTimePreKey: undefined, kemPreKey: undefined });
    const presenceAt = noOptional.length - 2; // oneTimePreKey presence byte, then kemPreKey presence byte
    const badPresence = noOptional.slice();
    badPresence[presenceAt] = 2;
    expect(codeOf(() => decodePreKeyBundle(badPresence))).toBe('WIRE_BAD_VALUE');
    const enc = encodePreKeyBundle(full);
    enc[enc.length - 1] = 2; // kemPreKey.lastResort
    expect(codeOf(() => decodePreKeyBundle(enc))).toBe('WIRE_BAD_VALUE');
  });

  it('wrong-length keys are refused when encoding (caller bug)', () => {
    expect(() => encodePreKeyBundle({ ...full, signedPreKey: { ...full.signedPreKey, publicKey: new Uint8Array(33) } })).toThrow(UsageError);
  });
});
