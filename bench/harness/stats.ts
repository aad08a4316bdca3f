// Latency summaries from raw samples: quantiles by linear interpolation
// between order statistics (the common "type 7" definition), the median, the interquartile range and
// the median absolute deviation. Pure functions on numbers, tested without any timing.

export interface Summary {
  readonly samples: number;
  readonly median: number;
  readonly mean: number;
  readonly mad: number;
  readonly iqr: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
}

function sortedCopy(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** The q-quantile (0 ≤ q ≤ 1) of already sorted values; NaN for an empty list. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(sortedCopy(values), 0.5);
}

/** Median of |x - median|, unscaled (the same convention as tinybench's `mad`). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** Summary of finite samples; non-finite samples are dropped. */
export function summarize(values: readonly number[]): Summary {
  const sorted = sortedCopy(values);
  const p25 = quantileSorted(sorted, 0.25);
  const p75 = quantileSorted(sorted, 0.75);
  const mean = sorted.length === 0 ? Number.NaN : sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return {
    samples: sorted.length,
    median: quantileSorted(sorted, 0.5),
    mean,
    mad: medianAbsoluteDeviation(sorted),
    iqr: p75 - p25,
    p25,
    p75,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
