// Probable-prime testing for RSA key generation: trial division by small primes, then the
// Miller–Rabin test with random bases drawn from the caller's Rng (FIPS 186-5 Appendix B.3.1).
// The trial division is only a filter; the Miller–Rabin rounds decide.
import { AssertionFailure, assert } from '../../errors.ts';
import type { Rng } from '../../random/rng.ts';
import { bitLength, bytesToBigInt, modPow } from './bigint.ts';

/** Odd primes below this divide out most composites (about 87%) for a fraction of one modPow. */
const SIEVE_BOUND = 4096;
/** Products of small primes stay below 2^53, so the remainder fits a Number exactly. */
const MAX_SAFE_PRODUCT = 2 ** 53;
/** Redraws of one Miller–Rabin base: each draw is out of range with probability at most 1/2. */
const MAX_BASE_DRAWS = 128;

interface SieveChunk {
  readonly product: bigint;
  readonly primes: readonly number[];
}

function oddPrimesBelow(bound: number): number[] {
  const composite = new Uint8Array(bound);
  const out: number[] = [];
  for (let i = 3; i < bound; i += 2) {
    if (composite[i] === 1) continue;
    out.push(i);
    for (let j = i * i; j < bound; j += 2 * i) composite[j] = 1;
  }
  return out;
}

function sieveChunks(): SieveChunk[] {
  const chunks: SieveChunk[] = [];
  let primes: number[] = [];
  let product = 1;
  for (const p of oddPrimesBelow(SIEVE_BOUND)) {
    if (product * p >= MAX_SAFE_PRODUCT) {
      chunks.push({ product: BigInt(product), primes });
      primes = [];
      product = 1;
    }
    primes.push(p);
    product *= p;
  }
  if (primes.length > 0) chunks.push({ product: BigInt(product), primes });
  return chunks;
}

const CHUNKS = sieveChunks();

/** True when w (assumed above SIEVE_BOUND) has an odd prime factor below SIEVE_BOUND. */
export function hasSmallFactor(w: bigint): boolean {
  assert(w > BigInt(SIEVE_BOUND), 'hasSmallFactor: w above the sieve bound');
  for (const chunk of CHUNKS) {
    const r = Number(w % chunk.product);
    for (const p of chunk.primes) if (r % p === 0) return true;
  }
  return false;
}

/** A base b with 1 < b < w - 1, drawn as wlen random bits and redrawn when out of range (B.3.1 step 4.1–4.2). */
function randomBase(rng: Rng, w: bigint, wlen: number): bigint {
  const byteLength = Math.ceil(wlen / 8);
  const mask = (1n << BigInt(wlen)) - 1n;
  for (let i = 0; i < MAX_BASE_DRAWS; i++) {
    const b = bytesToBigInt(rng.bytes(byteLength)) & mask;
    if (b > 1n && b < w - 1n) return b;
  }
  throw new AssertionFailure('randomBase: no base in range after MAX_BASE_DRAWS draws (broken Rng?)');
}

/** FIPS 186-5 B.3.1: `rounds` Miller–Rabin iterations on odd w > 3; false means certainly composite. */
export function millerRabin(rng: Rng, w: bigint, rounds: number): boolean {
  assert(w > 3n && (w & 1n) === 1n, 'millerRabin: odd w > 3');
  const wMinus1 = w - 1n;
  let a = 0;
  let m = wMinus1;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    a++;
  }
  const wlen = bitLength(w);
  outer: for (let i = 0; i < rounds; i++) {
    let z = modPow(randomBase(rng, w, wlen), m, w);
    if (z === 1n || z === wMinus1) continue;
    for (let j = 1; j < a; j++) {
      z = (z * z) % w;
      if (z === wMinus1) continue outer;
      if (z === 1n) return false;
    }
    return false;
  }
  return true;
}

/** Trial division, then Miller–Rabin. For the large odd candidates of RSA key generation only. */
export function isProbablePrime(rng: Rng, w: bigint, rounds: number): boolean {
  return !hasSmallFactor(w) && millerRabin(rng, w, rounds);
}
