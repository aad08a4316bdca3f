// Numeric scales for chart axes: linear with "nice" 1-2-5 ticks, and logarithmic (base 10 or 2) with ticks at
// powers of the base. A scale maps a data value to a pixel coordinate; ticks come with fixed-format labels.

import { formatAs, formatFixed, type NumberFormat } from '../format.ts';

export type ScaleKind = 'linear' | 'log';

interface Tick {
  readonly value: number;
  readonly label: string;
}

export interface Scale {
  readonly kind: ScaleKind;
  readonly domain: readonly [number, number];
  /** Pixel coordinate of `value` (log scales clamp non-positive values to the domain's low end). */
  map(value: number): number;
  readonly ticks: readonly Tick[];
}

/** Tick count a linear axis aims for. */
const LINEAR_TICKS_TARGET = 5;
/** Most ticks a log axis shows; powers are thinned to stay under it. */
const LOG_TICKS_MAX = 8;

/** Largest magnitude a linear axis spans, so `hi - lo` never overflows to Infinity. */
const DOMAIN_ABS_MAX = 1e300;

/** The 1-2-5 step at or above `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const factor = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return factor * power;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Steps a time axis uses so ticks fall on whole seconds, minutes, hours or days. */
const DURATION_STEPS_MS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
] as const;

/** The step for `raw`: whole time units on duration axes (sub-second and very long spans use 1-2-5). */
function stepFor(raw: number, format: NumberFormat): number {
  if (format !== 'duration-ms' || raw < SECOND / 2 || raw > 28 * DAY) return niceStep(raw);
  return DURATION_STEPS_MS.find((s) => s >= raw) ?? niceStep(raw);
}

function tickLabel(value: number, step: number, format: NumberFormat): string {
  if (format !== 'number') return formatAs(value, format);
  return formatFixed(value, Math.max(0, -Math.floor(Math.log10(step))));
}

/** Linear scale over [min, max] (widened to nice tick bounds) onto [r0, r1]. */
export function linearScale(min: number, max: number, r0: number, r1: number, format: NumberFormat = 'number'): Scale {
  let lo = Number.isFinite(min) ? Math.max(-DOMAIN_ABS_MAX, Math.min(DOMAIN_ABS_MAX, min)) : 0;
  let hi = Number.isFinite(max) ? Math.max(-DOMAIN_ABS_MAX, Math.min(DOMAIN_ABS_MAX, max)) : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi - lo < Math.max(Math.abs(hi), 1) * 1e-9) {
    lo -= Math.max(Math.abs(lo) * 0.1, 0.5);
    hi += Math.max(Math.abs(hi) * 0.1, 0.5);
  }
  const step = stepFor((hi - lo) / LINEAR_TICKS_TARGET, format);
  let start = Math.floor(lo / step) * step;
  let end = Math.ceil(hi / step) * step;
  // Division can underflow (5e-324 / 2 === 0): widen by a step so the data always lies inside.
  if (start > lo) start -= step;
  if (end < hi) end += step;
  const ticks: Tick[] = [];
  for (let k = 0; k <= Math.round((end - start) / step) && k <= 4 * LINEAR_TICKS_TARGET; k += 1) {
    const v = start + k * step;
    const value = Math.abs(v) < step * 1e-9 ? 0 : v;
    ticks.push({ value, label: tickLabel(value, step, format) });
  }
  const span = end - start;
  return {
    kind: 'linear',
    domain: [start, end],
    map: (v) => r0 + ((v - start) / span) * (r1 - r0),
    ticks,
  };
}

/** Log scale over positive [min, max], snapped out to powers of `base`, onto [r0, r1]. */
export function logScale(min: number, max: number, r0: number, r1: number, base: 2 | 10, format: NumberFormat = 'si'): Scale {
  const safeMin = Number.isFinite(min) && min > 0 ? min : 1;
  const safeMax = Number.isFinite(max) && max > 0 ? Math.max(max, safeMin) : safeMin;
  const log = (v: number): number => Math.log(v) / Math.log(base);
  const p0 = Math.floor(log(safeMin) + 1e-9);
  let p1 = Math.ceil(log(safeMax) - 1e-9);
  if (p1 <= p0) p1 = p0 + 1;
  const stride = Math.max(1, Math.ceil((p1 - p0 + 1) / LOG_TICKS_MAX));
  const ticks: Tick[] = [];
  for (let p = p0; p <= p1; p += stride) {
    const value = base ** p;
    ticks.push({ value, label: formatAs(value, format) });
  }
  const lo = base ** p0;
  const hi = base ** p1;
  return {
    kind: 'log',
    domain: [lo, hi],
    map: (v) => r0 + ((log(v > 0 ? v : lo) - p0) / (p1 - p0)) * (r1 - r0),
    ticks,
  };
}

/** Chooses the scale kind; a log scale with base 2 when the values are byte sizes. */
export function makeScale(kind: ScaleKind, min: number, max: number, r0: number, r1: number, format: NumberFormat): Scale {
  if (kind === 'log') return logScale(min, max, r0, r1, format === 'bytes' ? 2 : 10, format === 'number' ? 'si' : format);
  return linearScale(min, max, r0, r1, format);
}
