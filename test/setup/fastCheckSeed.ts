// Vitest setup file (vitest.config.ts `setupFiles`): every fast-check property in the suite runs from one
// fixed seed, so a CI run cannot fail by the luck of the draw. FC_SEED=<integer> runs them from another
// seed instead (to explore, or to replay a failure: fast-check prints the seed and the shrink path of
// every counterexample, and @fast-check/vitest puts the seed in each property's test name).
// Prints nothing. Properties that pass their own `seed` (properties/ campaigns) keep it.
import fc from 'fast-check';

/** The suite's seed when FC_SEED is not set. Any fixed integer would do; changing it reshuffles every property. */
export const DEFAULT_FC_SEED = 1_234_567;

export function seedFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_FC_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer (fast-check prints the seed of a failure), got ${JSON.stringify(value)}`);
  // fast-check seeds are 32-bit: keep the low 32 bits as a signed integer, as fast-check itself does.
  return seed | 0;
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: seedFromEnv(process.env['FC_SEED']) });
