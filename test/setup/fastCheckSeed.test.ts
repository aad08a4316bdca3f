// The suite's fast-check seed (test/setup/fastCheckSeed.ts): fixed unless FC_SEED says otherwise, and a
// failure still names the seed and shrink path that replay it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FC_SEED, seedFromEnv } from './fastCheckSeed.ts';

describe('fast-check seed setup', () => {
  it('sets the global seed: the fixed one, or FC_SEED when it is set', () => {
    expect(fc.readConfigureGlobal().seed).toBe(seedFromEnv(process.env['FC_SEED']));
    if (process.env['FC_SEED'] === undefined) expect(fc.readConfigureGlobal().seed).toBe(DEFAULT_FC_SEED);
  });

  it('reads FC_SEED as a 32-bit integer and refuses anything else', () => {
    expect(seedFromEnv(undefined)).toBe(DEFAULT_FC_SEED);
    expect(seedFromEnv('')).toBe(DEFAULT_FC_SEED);
    expect(seedFromEnv('42')).toBe(42);
    expect(seedFromEnv('-1905284367')).toBe(-1905284367);
    expect(() => seedFromEnv('abc')).toThrow(/FC_SEED must be an integer/);
    expect(() => seedFromEnv('1.5')).toThrow(/FC_SEED must be an integer/);
  });

  it('makes generation repeat from run to run', () => {
    expect(fc.sample(fc.integer(), 20)).toEqual(fc.sample(fc.integer(), 20));
  });

  it('still reports the seed and path of a counterexample', () => {
    const run = () => fc.assert(fc.property(fc.integer({ min: 0, max: 1_000 }), (n) => n < 500));
    expect(run).toThrow(new RegExp(`seed: ${fc.readConfigureGlobal().seed}, path: "[0-9:]+"`));
    const details = fc.check(fc.property(fc.integer({ min: 0, max: 1_000 }), (n) => n < 500));
    expect(details.failed).toBe(true);
    // Replaying from the reported seed and path gives the same shrunk counterexample at once.
    const replay = fc.check(
      fc.property(fc.integer({ min: 0, max: 1_000 }), (n) => n < 500),
      { seed: details.seed, path: details.counterexamplePath ?? '' },
    );
    expect(replay.counterexample).toEqual(details.counterexample);
  });
});
