// Harness logic only (no timing): quantiles, median, MAD and IQR of fixed sample lists.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { median, medianAbsoluteDeviation, quantileSorted, summarize } from './stats.ts';

describe('bench stats', () => {
  it('interpolates quantiles between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileSorted([10], 0.75)).toBe(10);
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });

  it('summarizes a known list: min, median, max, IQR, MAD, mean', () => {
    const s = summarize([5, 1, 4, 2, 3, Number.NaN]);
    expect(s).toMatchObject({ samples: 5, median: 3, p25: 2, p75: 4, iqr: 2, mad: 1, mean: 3, min: 1, max: 5 });
  });

  it('MAD ignores a far outlier that would move the mean', () => {
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(median([1, 2, 3, 1_000_000])).toBe(2.5);
  });

  test.prop([fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 })], { numRuns: 100 })(
    'p25 ≤ median ≤ p75, spreads non-negative, median within [min, max]',
    (xs) => {
      const s = summarize(xs);
      expect(s.p25).toBeLessThanOrEqual(s.median);
      expect(s.median).toBeLessThanOrEqual(s.p75);
      expect(s.iqr).toBeGreaterThanOrEqual(0);
      expect(s.mad).toBeGreaterThanOrEqual(0);
      expect(s.median).toBeGreaterThanOrEqual(Math.min(...xs));
      expect(s.median).toBeLessThanOrEqual(Math.max(...xs));
    },
  );
});
