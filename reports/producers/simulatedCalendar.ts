// The simulated calendar (docs/reports.md, "The simulated calendar"): every world's clock starts at
// 0 ms, and the reports show simulated time as UTC calendar dates counted from one fixed epoch, so an
// operator's report reads "1 January 2026 to 3 January 2026" as published reports do. The command
// passes the epoch in; nothing here reads the wall clock or the locale (the arithmetic is UTC).

/** Simulated time 0 of every world: 2026-01-01T00:00:00Z. */
export const SIMULATED_EPOCH_MS = Date.UTC(2026, 0, 1);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

function utc(epochMs: number, simMs: number): Date {
  if (!Number.isFinite(epochMs) || !Number.isFinite(simMs)) throw new RangeError(`simulated time must be finite (epoch ${epochMs}, time ${simMs})`);
  return new Date(epochMs + simMs);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `2026-01-02`: the ISO date of simulated time `simMs`. */
export function isoDate(epochMs: number, simMs: number): string {
  return utc(epochMs, simMs).toISOString().slice(0, 10);
}

/** `2 January 2026`. */
export function longDate(epochMs: number, simMs: number): string {
  const d = utc(epochMs, simMs);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
}

/** `2026-01-02 13:05:09 UTC` (milliseconds kept when there are any). */
export function dateTime(epochMs: number, simMs: number): string {
  const d = utc(epochMs, simMs);
  const ms = d.getUTCMilliseconds();
  return `${isoDate(epochMs, simMs)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`} UTC`;
}

/** A period whose end is exclusive, as `1 January 2026 to 3 January 2026` (the last day it covers). */
export function periodLabel(epochMs: number, period: { readonly fromMs: number; readonly toMs: number }): string {
  const last = Math.max(period.fromMs, period.toMs - 1);
  const from = longDate(epochMs, period.fromMs);
  const to = longDate(epochMs, last);
  return from === to ? from : `${from} to ${to}`;
}
