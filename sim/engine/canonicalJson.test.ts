// Canonical JSON: key order, bytes as hex, bigint, refusals.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { UsageError } from '../../protocol/errors.ts';
import { canonicalJson } from './canonicalJson.ts';

describe('canonicalJson', () => {
  test('DET-REPLAY: keys are sorted at every level, undefined keys left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });

  test('Uint8Array is lowercase hex, bigint a bare integer, -0 is 0', () => {
    expect(canonicalJson({ k: new Uint8Array([0, 0xab, 0xff]), n: 123456789012345678901234567890n, z: -0 })).toBe('{"k":"00abff","n":123456789012345678901234567890,"z":0}');
  });

  test.prop([fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)))], { numRuns: 100 })(
    'DET-REPLAY: key insertion order does not change the text, and the text parses back',
    (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      expect(JSON.parse(canonicalJson(obj))).toEqual(obj);
    },
  );

  test('refuses non-finite numbers, class instances, undefined in arrays, and cycles', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(UsageError);
    expect(() => canonicalJson({ m: new Map() as never })).toThrow(UsageError);
    expect(() => canonicalJson([undefined as never])).toThrow(UsageError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic as never)).toThrow(UsageError);
  });
});
