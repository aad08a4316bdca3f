// How an axis shows its numbers, as Vega expressions over `datum.value`, and which ticks it draws so that
// every tick is a whole number of a real unit: counts step by whole numbers; a log axis ticks at powers
// of ten (durations in ns, µs, ms, s…) or, for bytes, at powers of two (64 B, 1 KiB, 16 KiB…).
import type { NumberFormat } from '../format.ts';

/** `format(v, '~r')` for a value already in its unit: up to 3 significant digits, no trailing zeros. */
const num = (v: string): string => `format(${v}, '~r')`;

function unitChain(v: string, units: readonly (readonly [number, string])[], last: string): string {
  return units.reduceRight((rest, [scale, unit]) => `abs(${v}) >= ${scale} ? ${num(`${v} / ${scale}`)} + '${unit}' : ${rest}`, last);
}

/** A Vega expression that prints `datum.value` as `format` says (the same units as format.ts). */
export function labelExpr(format: NumberFormat): string {
  const v = 'datum.value';
  switch (format) {
    case 'number':
      return `abs(${v}) >= 10000 ? format(${v}, '~s') : ${num(v)}`;
    case 'si':
      return `format(${v}, '~s')`;
    case 'percent':
      return `format(${v}, '~%')`;
    case 'bytes':
      return unitChain(
        v,
        [
          [2 ** 30, ' GiB'],
          [2 ** 20, ' MiB'],
          [2 ** 10, ' KiB'],
        ],
        `${num(v)} + ' B'`,
      );
    case 'duration-ms':
      return `${v} == 0 ? '0' : ${unitChain(
        v,
        [
          [86_400_000, ' d'],
          [3_600_000, ' h'],
          [60_000, ' min'],
          [1_000, ' s'],
          [1, ' ms'],
          [0.001, ' µs'],
        ],
        `${num(`${v} * 1000000`)} + ' ns'`,
      )}`;
  }
}

/**
 * Values a chart places: finite and within ±10^15 (31 000 years in ms, a petabyte in bytes); beyond,
 * Vega's tick arithmetic overflows, and no report measures anything that large.
 */
export function drawable(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 1e15;
}

/** Whether every value is a whole number: such an axis never gets a fractional tick. */
export function allIntegers(values: readonly number[]): boolean {
  return values.every((v) => Number.isInteger(v));
}

/**
 * Ticks and domain of a log axis over [lo, hi]: the domain runs from the power below lo to the power
 * above hi, ticking at powers of two for bytes (every second or fourth when there are many: 64 B,
 * 256 B, 1 KiB…) and powers of ten otherwise (10 µs, 100 µs, 1 ms…); each tick is a whole number of
 * its unit. Integer data with a few distinct values (room sizes) ticks at those values instead.
 */
export function logAxis(values: readonly number[], format: NumberFormat): { readonly ticks: number[]; readonly domain: [number, number] } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const lo = positive.length === 0 ? 1 : Math.min(...positive);
  const hi = positive.length === 0 ? 10 : Math.max(...positive);
  const distinct = [...new Set(positive)].sort((a, b) => a - b);
  if (format !== 'bytes' && distinct.length >= 2 && distinct.length <= 10 && allIntegers(distinct)) return { ticks: distinct, domain: [lo, hi] };
  const base = format === 'bytes' ? 2 : 10;
  const first = Math.floor(Math.log(lo) / Math.log(base) + 1e-9);
  const last = Math.max(first + 1, Math.ceil(Math.log(hi) / Math.log(base) - 1e-9));
  const step = Math.max(1, Math.ceil((last - first + 1) / 8));
  const ticks: number[] = [];
  // Keep powers whose exponent is a multiple of the step, so 2^10 (1 KiB) and 2^20 survive thinning.
  const placeable = (v: number): boolean => Number.isFinite(v) && v > 0;
  for (let k = first; k <= last; k++) if (((k % step) + step) % step === 0 && placeable(base ** k)) ticks.push(base ** k);
  const from = placeable(base ** first) ? Math.min(lo, base ** first) : lo;
  const to = placeable(base ** last) ? Math.max(hi, base ** last) : hi;
  return { ticks, domain: [from, to] };
}

/**
 * A Vega expression that shows the label of index `datum.value`: charts put user text (categories,
 * series names, kinds) on their scales by index, never as the value itself, so a label such as
 * "valueOf" or "__proto__" is only ever text.
 */
export function labelAt(labels: readonly string[], maxChars = 40): string {
  const cut = labels.map((l) => {
    const chars = Array.from(l.replace(/\s+/g, ' '));
    return chars.length <= maxChars ? chars.join('') : `${chars.slice(0, maxChars - 1).join('')}…`;
  });
  return `[${cut.map(literal).join(',')}][datum.value]`;
}

/**
 * `text` as a Vega expression string. Vega fails on a string literal that names a property of
 * Object.prototype ('valueOf', 'constructor'…), so the text is written as a concatenation of pieces
 * of at most four characters, none of which can be such a name.
 */
export function literal(text: string): string {
  const chars = Array.from(text);
  if (chars.length === 0) return "''";
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += 4) pieces.push(JSON.stringify(chars.slice(i, i + 4).join('')));
  return pieces.length === 1 ? (pieces[0] ?? "''") : `(${pieces.join('+')})`;
}
