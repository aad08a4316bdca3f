// Integer probabilities (TigerBeetle style): every random fault in the world is numerator/denominator,
// drawn from a seeded stream, so a run never depends on floating-point rounding.
import { UsageError } from '../../protocol/errors.ts';
import type { Drbg } from '../../protocol/random/drbg.ts';

export interface Probability {
  readonly num: number;
  readonly den: number;
}

export const NEVER: Probability = { num: 0, den: 1 };

/** Largest denominator: rng.chance draws below 2^32. */
const MAX_DENOMINATOR = 2 ** 32;

export function checkProbability(p: Probability, field: string): Probability {
  const ok = Number.isInteger(p.num) && Number.isInteger(p.den) && p.den >= 1 && p.den <= MAX_DENOMINATOR && p.num >= 0 && p.num <= p.den;
  if (!ok) throw new UsageError(`${field}: expected integers 0 <= num <= den, 1 <= den <= 2^32, got ${p.num}/${p.den}`);
  return p;
}

/** True with probability p. Draws nothing when the outcome is certain (0 or 1). */
export function happens(rng: Drbg, p: Probability): boolean {
  if (p.num === 0) return false;
  if (p.num === p.den) return true;
  return rng.chance(p.num, p.den);
}

/** Uniform integer in [min, max]. */
export function between(rng: Drbg, min: number, max: number): number {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) throw new UsageError(`between: bad range ${min}..${max}`);
  if (min === max) return min;
  return min + rng.below(max - min + 1);
}
