// Fixed, locale-independent number formatting for reports and chart axes.
// Output depends only on the input value (never on the machine's locale or clock), so reports are byte-stable.

/** How a chart axis or table column shows numbers. */
export type NumberFormat = 'number' | 'si' | 'bytes' | 'percent' | 'duration-ms';

/** Significant digits kept for free-standing values: enough to compare, few enough to read. */
const SIGNIFICANT_DIGITS = 3;

/** From this magnitude on, numbers print as `m×10^k` (toFixed would switch to `1e+21` on its own). */
const PLAIN_DIGITS_MAX = 15;

/** Formats a finite number with at most `SIGNIFICANT_DIGITS` significant digits, no `e` exponent, no grouping. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  if (magnitude >= PLAIN_DIGITS_MAX) return `${formatNumber(value / 10 ** magnitude)}×10^${magnitude}`;
  const decimals = Math.max(0, Math.min(12, SIGNIFICANT_DIGITS - 1 - magnitude));
  const text = value.toFixed(decimals);
  return trimZeros(text === '-0' ? '0' : text);
}

/** Removes trailing fractional zeros: `1.500` → `1.5`, `2.000` → `2`. */
function trimZeros(text: string): string {
  if (!text.includes('.')) return text;
  const out = text.replace(/0+$/, '').replace(/\.$/, '');
  return out === '-0' ? '0' : out;
}

/** Formats with a fixed number of decimals (e.g. ticks of one axis share their decimals). */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 10 ** PLAIN_DIGITS_MAX) return formatNumber(value);
  const text = value.toFixed(Math.max(0, Math.min(12, decimals)));
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

const SI_PREFIXES: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 1500 → `1.5k`, 2e6 → `2M`; values under 1000 use `formatNumber`. */
export function formatSi(value: number): string {
  const abs = Math.abs(value);
  for (const [scale, prefix] of SI_PREFIXES) {
    if (abs >= scale) return `${formatNumber(value / scale)}${prefix}`;
  }
  return formatNumber(value);
}

const BYTE_UNITS: readonly (readonly [number, string])[] = [
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

/** 64 → `64 B`, 1024 → `1 KiB`, 65536 → `64 KiB`. */
export function formatBytes(value: number): string {
  const abs = Math.abs(value);
  for (const [scale, unit] of BYTE_UNITS) {
    if (abs >= scale) return `${formatNumber(value / scale)} ${unit}`;
  }
  return `${formatNumber(value)} B`;
}

const DURATION_UNITS: readonly (readonly [number, string])[] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** Simulated or measured milliseconds: 90_000 → `1.5 min`, 259_200_000 → `3 d`, 0.25 → `0.25 ms`. */
export function formatDurationMs(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  for (const [scale, unit] of DURATION_UNITS) {
    if (abs >= scale) return `${formatNumber(value / scale)} ${unit}`;
  }
  return `${formatNumber(value)} ms`;
}

/** 0.123 → `12.3%` (the value is a fraction). */
export function formatPercent(value: number): string {
  return `${formatNumber(value * 100)}%`;
}

/** Formats `value` the way `format` says. */
export function formatAs(value: number, format: NumberFormat): string {
  switch (format) {
    case 'number':
      return formatNumber(value);
    case 'si':
      return formatSi(value);
    case 'bytes':
      return formatBytes(value);
    case 'percent':
      return formatPercent(value);
    case 'duration-ms':
      return formatDurationMs(value);
  }
}
