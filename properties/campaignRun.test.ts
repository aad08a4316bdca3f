// Campaign seeds and shards: a seed below 2^32 draws exactly fast-check's own runs (the pinned
// campaigns keep theirs), a 64-bit seed never replays a smaller one, and a block of runs starting at
// run k draws exactly runs k… of the whole campaign, so shards laid end to end are the campaign.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_CAMPAIGN_SEED } from './budget.ts';
import { campaignRandom, runCampaign } from './campaignRun.ts';

const draws = fc.array(fc.integer(), { minLength: 3, maxLength: 3 });

function sample(seed: bigint, numRuns: number, firstRun = 0): number[][] {
  return fc.sample(draws, { seed: 0, randomType: campaignRandom(seed, firstRun), numRuns });
}

describe('campaign seeds', () => {
  test.each([0n, 1n, 7n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n])('seed %s draws what fast-check draws from it', (seed) => {
    expect(sample(seed, 5)).toEqual(fc.sample(draws, { seed: Number(seed), numRuns: 5 }));
  });

  test.each([
    [2n ** 32n + 1n, 1n],
    [2n ** 32n, 0n],
    [MAX_CAMPAIGN_SEED, 2n ** 32n - 1n],
    [0xffffffff00000005n, 5n],
  ])('seed %s does not replay seed %s', (big, small) => {
    expect(sample(big, 5)).not.toEqual(sample(small, 5));
  });

  test('seeds outside 0 … 2^64 − 1 are refused', () => {
    expect(() => runCampaign({ property: 'SEC-PCS', variant: 'reference', seed: MAX_CAMPAIGN_SEED + 1n, runs: 1 })).toThrow(RangeError);
    expect(() => runCampaign({ property: 'SEC-PCS', variant: 'reference', seed: -1, runs: 1 })).toThrow(RangeError);
  });
});

describe('campaign blocks (shards)', () => {
  test('a block starting at run k draws runs k… of the whole campaign', () => {
    const whole = sample(99n, 6);
    expect(sample(99n, 2, 4)).toEqual(whole.slice(4));
  });

  test('SEC-PCS: two blocks of 2 runs tally the coverage of one campaign of 4', () => {
    const one = runCampaign({ property: 'SEC-PCS', variant: 'reference', seed: 5, runs: 4 });
    const a = runCampaign({ property: 'SEC-PCS', variant: 'reference', seed: 5, runs: 2, coverageGate: false });
    const b = runCampaign({ property: 'SEC-PCS', variant: 'reference', seed: 5, runs: 2, firstRun: 2, coverageGate: false });
    expect(b.firstRun).toBe(2);
    expect(a.coverage.map((c, i) => c.hits + (b.coverage[i]?.hits ?? 0))).toEqual(one.coverage.map((c) => c.hits));
  });
});
