// RSA-2048 key generation of the shipped-2014 model: deterministic from the Rng seed (DET-REPLAY),
// FIPS 186-5 A.1.3 constraints met, primes confirmed by node:crypto, keys accepted by node, and
// strict key decoders.
import { checkPrimeSync, createPublicKey } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes, equalBytes, fromHex, toHex } from '../../bytes.ts';
import { isProtocolError } from '../../errors.ts';
import { createDrbg } from '../../random/drbg.ts';
import { bigIntToBytes, bitLength, isqrt } from './bigint.ts';
import { deriveInstallKey, generateInstallKey, installKeyFromSeed, publicKeyOf } from './installKey.ts';
import { keyImage } from './keyImage.ts';
import { hasSmallFactor, millerRabin } from './prime.ts';
import { decodeRsaPrivateKey, decodeRsaPublicKey, encodeRsaPrivateKey, encodeRsaPublicKey } from './rsaKey.ts';
import { fixtureKey, nodePrivateKey } from '../../../test/kits/shippedKeys.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
  return undefined;
};

const SEED = new Uint8Array(32).map((_, i) => i);
/** Pinned: a change in key generation changes every simulated run, so it must be deliberate. */
const PINNED_PUBLIC_SHA256 = '017713137a9761e8590f8ae235d765dd9566b3b635fc70ffcde664ea14442473';
const PINNED_PRIVATE_SHA256 = 'd4ae73f59ac8f320aec7bd5e86f78601af359539d5f2718222ca0e8d9d9fac8f';

describe('shipped-2014 install key determinism (DET-REPLAY)', () => {
  const derived = deriveInstallKey(SEED);

  test('the key for a fixed seed is the pinned one', () => {
    expect(toHex(sha256(derived.publicKey))).toBe(PINNED_PUBLIC_SHA256);
    expect(toHex(sha256(derived.privateKey))).toBe(PINNED_PRIVATE_SHA256);
  });

  test('the same Rng seed gives the same key pair, cached or not', () => {
    const viaCache = installKeyFromSeed(SEED.slice());
    expect(equalBytes(viaCache.publicKey, derived.publicKey) && equalBytes(viaCache.privateKey, derived.privateKey)).toBe(true);
    // fixtureKey('alice') is generateInstallKey(createDrbg('shipped-2014 fixture alice')), already cached.
    const a = generateInstallKey(createDrbg('shipped-2014 fixture alice'));
    expect(equalBytes(a.privateKey, fixtureKey('alice').privateKey)).toBe(true);
    expect(equalBytes(a.privateKey, deriveInstallKey(createDrbg('shipped-2014 fixture alice').bytes(32)).privateKey)).toBe(true);
    expect(equalBytes(a.publicKey, derived.publicKey)).toBe(false);
  });

  test('the cache hands out copies: wiping a returned key does not change the next one', () => {
    const first = installKeyFromSeed(SEED);
    first.privateKey.fill(0);
    first.publicKey.fill(0);
    expect(equalBytes(installKeyFromSeed(SEED).privateKey, derived.privateKey)).toBe(true);
  });

  test('publicKeyOf recovers the published key from the stored private key', () => {
    expect(equalBytes(publicKeyOf(derived.privateKey), derived.publicKey)).toBe(true);
  });
});

describe('shipped-2014 key shape (FIPS 186-5 A.1.3)', () => {
  const alice = fixtureKey('alice');
  const k = decodeRsaPrivateKey(alice.privateKey);

  test('n has 2048 bits, e = 65537, p and q are prime, far apart, above sqrt(2)*2^1023, d > 2^1024', () => {
    expect(bitLength(k.n)).toBe(2048);
    expect(k.e).toBe(65537n);
    expect(checkPrimeSync(k.p) && checkPrimeSync(k.q)).toBe(true);
    const bound = isqrt(1n << 2047n);
    expect(k.p > bound && k.q > bound).toBe(true);
    const distance = k.p > k.q ? k.p - k.q : k.q - k.p;
    expect(distance > 1n << 924n).toBe(true);
    expect(k.d > 1n << 1024n).toBe(true);
  });

  test('node:crypto accepts the private key and derives the same public modulus', () => {
    const jwk = createPublicKey(nodePrivateKey(alice.privateKey)).export({ format: 'jwk' });
    expect(jwk.n).toBe(Buffer.from(bigIntToBytes(k.n, 256)).toString('base64url'));
  });
});

describe('shipped-2014 primality testing', () => {
  test.prop([fc.bigInt({ min: 1n << 100n, max: 1n << 400n })], { numRuns: 100 })('agrees with node checkPrime on odd numbers', (x) => {
    const w = x | 1n;
    expect(!hasSmallFactor(w) && millerRabin(createDrbg(toHex(bigIntToBytes(w, 51))), w, 5)).toBe(checkPrimeSync(w));
  });

  test('finds known primes and rejects strong pseudoprimes and Carmichael numbers', () => {
    const rng = createDrbg('mr');
    expect(millerRabin(rng, (1n << 127n) - 1n, 5)).toBe(true);
    expect(millerRabin(rng, (1n << 521n) - 1n, 5)).toBe(true);
    expect(millerRabin(rng, 3_215_031_751n, 5)).toBe(false); // strong pseudoprime to bases 2, 3, 5, 7
    expect(millerRabin(rng, 561n, 5)).toBe(false); // Carmichael
    expect(millerRabin(rng, ((1n << 127n) - 1n) * ((1n << 89n) - 1n), 5)).toBe(false);
  });

  test('the sieve catches multiples of small primes only', () => {
    const big = (1n << 127n) - 1n;
    expect(hasSmallFactor(big * 3n) && hasSmallFactor(big * 4093n)).toBe(true);
    expect(hasSmallFactor(big * 4099n)).toBe(false);
  });
});

describe('shipped-2014 key decoders are strict', () => {
  const bob = fixtureKey('bob');
  const pub = decodeRsaPublicKey(bob.publicKey);

  test('public key: bad shapes are BAD_PUBLIC_KEY', () => {
    expect(codeOf(() => decodeRsaPublicKey(encodeRsaPublicKey({ n: pub.n - 1n, e: pub.e })))).toBe('BAD_PUBLIC_KEY');
    expect(codeOf(() => decodeRsaPublicKey(encodeRsaPublicKey({ n: pub.n >> 1n, e: pub.e })))).toBe('BAD_PUBLIC_KEY');
    expect(codeOf(() => decodeRsaPublicKey(encodeRsaPublicKey({ n: pub.n, e: 65536n })))).toBe('BAD_PUBLIC_KEY');
    expect(codeOf(() => decodeRsaPublicKey(encodeRsaPublicKey({ n: pub.n, e: 1n })))).toBe('BAD_PUBLIC_KEY');
  });

  test('public key: truncation, extra bytes and unknown versions are refused with their codes', () => {
    expect(codeOf(() => decodeRsaPublicKey(bob.publicKey.subarray(0, 100)))).toBe('WIRE_TRUNCATED');
    expect(codeOf(() => decodeRsaPublicKey(concatBytes(bob.publicKey, new Uint8Array(1))))).toBe('WIRE_TOO_LARGE');
    const v2 = bob.publicKey.slice();
    v2[0] = 2;
    expect(codeOf(() => decodeRsaPublicKey(v2))).toBe('WIRE_BAD_VERSION');
  });

  test('private key: an inconsistent stored key is STORE_CORRUPT', () => {
    const k = decodeRsaPrivateKey(bob.privateKey);
    expect(codeOf(() => decodeRsaPrivateKey(encodeRsaPrivateKey({ ...k, p: k.p + 2n })))).toBe('STORE_CORRUPT');
    expect(codeOf(() => decodeRsaPrivateKey(encodeRsaPrivateKey({ ...k, dp: k.dq })))).toBe('STORE_CORRUPT');
    expect(codeOf(() => decodeRsaPrivateKey(encodeRsaPrivateKey({ ...k, qInv: k.qInv + 1n })))).toBe('STORE_CORRUPT');
    expect(codeOf(() => decodeRsaPrivateKey(bob.privateKey.subarray(1)))).toBe('WIRE_BAD_VERSION');
  });
});

describe('shipped-2014 key image (hand comparison, nothing forces it)', () => {
  test('equal keys give equal images, different keys different images; garbage is refused', () => {
    const alice = fixtureKey('alice').publicKey;
    const bob = fixtureKey('bob').publicKey;
    expect(keyImage(alice)).toBe(keyImage(alice.slice()));
    expect(keyImage(alice)).not.toBe(keyImage(bob));
    expect(keyImage(alice)).toMatch(/^([0-9a-f]{4} ){9}[0-9a-f]{4}$/);
    expect(codeOf(() => keyImage(fromHex('01')))).toBe('WIRE_TRUNCATED');
  });
});
