// RSA-2048 key-pair generation from a caller's Rng, following FIPS 186-5 Appendix A.1.3
// ("random primes that are probably prime") with e = 65537 and Miller–Rabin rounds per Table B.1.
// Deterministic: the same Rng stream gives the same key, so a simulation replays from its seed.
import { AssertionFailure, assert } from '../../errors.ts';
import type { Rng } from '../../random/rng.ts';
import { bitLength, bytesToBigInt, gcd, isqrt, modInverse } from './bigint.ts';
import { isProbablePrime } from './prime.ts';
import { RSA_MODULUS_BITS, type RsaPrivateKey } from './rsaKey.ts';

const PUBLIC_EXPONENT = 65537n;
const PRIME_BITS = RSA_MODULUS_BITS / 2;
/** FIPS 186-5 Table B.1: five Miller–Rabin rounds for the primes of a 2048-bit modulus (error <= 2^-112). */
const MILLER_RABIN_ROUNDS = 5;
/** FIPS 186-5 A.1.3 steps 4.7 and 5.8: give up after 5 * (nlen/2) candidates for one prime. */
const MAX_PRIME_CANDIDATES = 5 * PRIME_BITS;
/** Bounds the redraws too: about 29% of uniform 1024-bit draws clear the sqrt(2) bound, so 8x the
 * counted limit is never reached before it unless the Rng is broken. */
const MAX_PRIME_DRAWS = 8 * MAX_PRIME_CANDIDATES;
/** A.1.3 step 6 asks for a new pair when d <= 2^(nlen/2); that happens with negligible probability. */
const MAX_KEY_ATTEMPTS = 4;
/** Each prime is at least sqrt(2) * 2^(nlen/2 - 1), so that n has exactly nlen bits (A.1.3 steps 4.4, 5.4). */
const PRIME_LOWER_BOUND = ceilSqrt(1n << BigInt(RSA_MODULUS_BITS - 1));
/** |p - q| must exceed 2^(nlen/2 - 100) (A.1.3 step 5.4). */
const MIN_PRIME_DISTANCE = 1n << BigInt(PRIME_BITS - 100);

function ceilSqrt(x: bigint): bigint {
  const r = isqrt(x);
  return r * r === x ? r : r + 1n;
}

/**
 * One prime per A.1.3 step 4 (or step 5 when `other` is the already chosen p). As in the standard,
 * a draw below the sqrt(2) bound or too close to p is redrawn without counting towards the limit.
 */
function generatePrime(rng: Rng, other: bigint | undefined): bigint {
  let counted = 0;
  for (let draw = 0; draw < MAX_PRIME_DRAWS && counted < MAX_PRIME_CANDIDATES; draw++) {
    const candidate = bytesToBigInt(rng.bytes(PRIME_BITS / 8)) | 1n;
    if (candidate < PRIME_LOWER_BOUND) continue;
    if (other !== undefined) {
      const distance = candidate > other ? candidate - other : other - candidate;
      if (distance <= MIN_PRIME_DISTANCE) continue;
    }
    counted++;
    if (gcd(candidate - 1n, PUBLIC_EXPONENT) === 1n && isProbablePrime(rng, candidate, MILLER_RABIN_ROUNDS)) return candidate;
  }
  throw new AssertionFailure(`generatePrime: no prime in ${counted} candidates (broken Rng?)`);
}

/** Generates an RSA-2048 private key (with CRT parts) from `rng`. */
export function generateRsaKey(rng: Rng): RsaPrivateKey {
  for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
    const p = generatePrime(rng, undefined);
    const q = generatePrime(rng, p);
    const pMinus1 = p - 1n;
    const qMinus1 = q - 1n;
    const lambda = (pMinus1 * qMinus1) / gcd(pMinus1, qMinus1);
    const d = modInverse(PUBLIC_EXPONENT, lambda);
    if (d <= 1n << BigInt(PRIME_BITS)) continue;
    const n = p * q;
    assert(bitLength(n) === RSA_MODULUS_BITS, 'generateRsaKey: modulus has exactly 2048 bits');
    return { n, e: PUBLIC_EXPONENT, d, p, q, dp: d % pMinus1, dq: d % qMinus1, qInv: modInverse(q, p) };
  }
  throw new AssertionFailure('generateRsaKey: d too small on every attempt (broken Rng?)');
}
