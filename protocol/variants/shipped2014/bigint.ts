// Integer arithmetic for the shipped-2014 RSA model: octet-string conversions (RFC 8017 §4.1 I2OSP,
// §4.2 OS2IP), windowed modular exponentiation, inverses and square roots over native BigInt.
// Not constant-time: this is a model of a broken design run inside a simulator, not a product.
import { fromHex, toHex } from '../../bytes.ts';
import { UsageError, assert } from '../../errors.ts';

/** OS2IP: big-endian bytes to a non-negative integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** I2OSP: a non-negative integer to exactly `length` big-endian bytes. A too-large integer is a caller bug. */
export function bigIntToBytes(x: bigint, length: number): Uint8Array {
  if (x < 0n) throw new UsageError('bigIntToBytes: negative integer');
  if (x === 0n) return new Uint8Array(length);
  const hex = x.toString(16);
  if (hex.length > 2 * length) throw new UsageError(`bigIntToBytes: integer too large for ${length} bytes`);
  return fromHex(hex.padStart(2 * length, '0'));
}

export function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Bits per window in modPow: 16 precomputed powers cut the multiplications by about a third. */
const WINDOW_BITS = 4;

/** base^exponent mod modulus, left to right over fixed 4-bit windows. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  assert(modulus > 1n && exponent >= 0n, 'modPow: modulus > 1 and exponent >= 0');
  const b = ((base % modulus) + modulus) % modulus;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 1 << WINDOW_BITS; i++) table.push(((table[i - 1] as bigint) * b) % modulus);
  let result = 1n;
  for (const digit of exponent.toString(16)) {
    for (let i = 0; i < WINDOW_BITS; i++) result = (result * result) % modulus;
    const d = parseInt(digit, 16);
    if (d !== 0) result = (result * (table[d] as bigint)) % modulus;
  }
  return result;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** a^-1 mod m by the extended Euclidean algorithm; a non-invertible input is a caller bug. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new UsageError('modInverse: not invertible');
  return ((oldS % m) + m) % m;
}

/** floor(sqrt(x)) by Newton's iteration. */
export function isqrt(x: bigint): bigint {
  assert(x >= 0n, 'isqrt: non-negative input');
  if (x < 2n) return x;
  let y = 1n << BigInt((bitLength(x) + 1) >> 1);
  for (;;) {
    const next = (y + x / y) >> 1n;
    if (next >= y) return y;
    y = next;
  }
}
