// The integer helpers behind the shipped-2014 RSA model, checked against plain definitions.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { UsageError } from '../../errors.ts';
import { bigIntToBytes, bytesToBigInt, gcd, isqrt, modInverse, modPow } from './bigint.ts';

function slowModPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  let x = b % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

const big = fc.bigInt({ min: 0n, max: (1n << 600n) - 1n });

describe('shipped-2014 bigint', () => {
  test.prop([big, big, fc.bigInt({ min: 2n, max: (1n << 600n) - 1n })], { numRuns: 50 })('windowed modPow equals square-and-multiply', (b, e, m) => {
    expect(modPow(b, e, m)).toBe(slowModPow(b, e, m));
  });

  test.prop([fc.bigInt({ min: 1n, max: (1n << 300n) - 1n }), fc.bigInt({ min: 2n, max: (1n << 300n) - 1n })], { numRuns: 50 })(
    'modInverse inverts whenever gcd is 1, and refuses otherwise',
    (a, m) => {
      if (gcd(a, m) === 1n) expect((a * modInverse(a, m)) % m).toBe(1n % m);
      else expect(() => modInverse(a, m)).toThrow(UsageError);
    },
  );

  test.prop([big], { numRuns: 50 })('isqrt is the floor square root', (x) => {
    const r = isqrt(x);
    expect(r * r <= x && (r + 1n) * (r + 1n) > x).toBe(true);
  });

  test.prop([fc.uint8Array({ maxLength: 64 })], { numRuns: 50 })('I2OSP(OS2IP(x)) round-trips at the same length', (b) => {
    expect(bigIntToBytes(bytesToBigInt(b), b.length)).toEqual(b);
  });

  test('I2OSP refuses an integer that does not fit, and a negative one', () => {
    expect(() => bigIntToBytes(256n, 1)).toThrow(UsageError);
    expect(() => bigIntToBytes(-1n, 4)).toThrow(UsageError);
  });
});
