// Seeded deterministic random bit generator for simulations and tests: the ChaCha20 keystream
// under a 32-byte key, read front to back. Sub-streams are keyed by HMAC-SHA256(key, "fork" || label),
// so a fork depends only on its parent's key and its label, never on how much was read.
// Not for production keys (no reseeding, no prediction resistance); real use takes the system CSPRNG.
import { chacha20 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import type { Rng } from './rng.ts';

/** Keystream bytes made per refill: one ChaCha20 call amortised over many small reads. */
const BLOCK_BYTES = 4096;
/** A single read above this is a caller bug (the protocol never needs more than an ML-KEM seed). */
const MAX_READ_BYTES = 1 << 20;
const NONCE = new Uint8Array(12);

export interface Drbg extends Rng {
  fork(label: string): Drbg;
  /** Uniform integer in [0, bound) without modulo bias; bound in 1..2^32. */
  below(bound: number): number;
  /** True with probability numerator/denominator (integer probabilities, TigerBeetle-style). */
  chance(numerator: number, denominator: number): boolean;
  /** How many bytes were read so far (for trace diagnostics). */
  readonly position: number;
}

/** Derive the 32-byte DRBG key from any seed (a bigint/number, a string, or bytes). */
export function seedKey(seed: bigint | number | string | Uint8Array): Uint8Array {
  let material: Uint8Array;
  if (seed instanceof Uint8Array) material = seed;
  else if (typeof seed === 'string') material = utf8(`str:${seed}`);
  else {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) throw new UsageError(`seed: not a safe integer: ${seed}`);
    material = utf8(`int:${BigInt(seed).toString(10)}`);
  }
  return hmac(sha256, utf8('sealroom drbg seed v1'), material);
}

export function createDrbg(seed: bigint | number | string | Uint8Array): Drbg {
  return drbgFromKey(seedKey(seed));
}

function drbgFromKey(key: Uint8Array): Drbg {
  let block = new Uint8Array(0);
  let blockAt = 0;
  let counter = 0;
  let position = 0;

  function refill(): void {
    block = chacha20(key, NONCE, new Uint8Array(BLOCK_BYTES), undefined, counter);
    counter += BLOCK_BYTES / 64;
    blockAt = 0;
  }

  function bytes(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || length > MAX_READ_BYTES) {
      throw new UsageError(`rng.bytes length: must be an integer in 0..${MAX_READ_BYTES}, got ${length}`);
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (blockAt === block.length) refill();
      const take = Math.min(length - filled, block.length - blockAt);
      out.set(block.subarray(blockAt, blockAt + take), filled);
      blockAt += take;
      filled += take;
    }
    position += length;
    return out;
  }

  function uint32(): number {
    const b = bytes(4);
    return ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24)) >>> 0;
  }

  return {
    bytes,
    fork(label: string): Drbg {
      if (typeof label !== 'string' || label.length === 0) throw new UsageError('rng.fork label: expected a non-empty string');
      return drbgFromKey(hmac(sha256, key, concatBytes(utf8('fork\0'), utf8(label))));
    },
    below(bound: number): number {
      if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new UsageError(`rng.below bound: expected 1..2^32, got ${bound}`);
      // Rejection sampling: draw until the value falls in the largest multiple of `bound`.
      const limit = 2 ** 32 - (2 ** 32 % bound);
      for (let tries = 0; tries < 1000; tries++) {
        const x = uint32();
        if (x < limit) return x % bound;
      }
      throw new UsageError('rng.below: rejection sampling did not terminate (broken stream?)');
    },
    chance(numerator: number, denominator: number): boolean {
      if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || denominator < 1 || numerator < 0 || numerator > denominator) {
        throw new UsageError(`rng.chance: expected integers 0 <= ${numerator} <= ${denominator}, denominator >= 1`);
      }
      return this.below(denominator) < numerator;
    },
    get position() {
      return position;
    },
  };
}
