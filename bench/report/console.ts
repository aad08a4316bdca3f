// What a bench run prints as it goes: one aligned line per timed row (median, IQR spread, ops/s; fixed
// widths, since a line is printed before the next row exists), then the size, ratio and target tables
// (cli-table3 through reports/render/terminalTable.ts, measured over every row). Plain text for a
// terminal; the Markdown/HTML report is rendered elsewhere.
import { formatBytes, formatDurationMs, formatNumber, formatSi } from '../../reports/render/format.ts';
import { terminalTable } from '../../reports/render/terminalTable.ts';
import { paramTag } from '../harness/ids.ts';
import type { RatioResult } from '../harness/ratios.ts';
import type { TargetResult } from '../harness/targets.ts';
import type { CaseFailure, CaseResult, PendingRow, SizeResult } from '../harness/types.ts';

const COLUMNS = [34, 8, 16, 12, 12, 10] as const;

function cells(values: readonly string[]): string {
  return values.map((v, i) => (i >= 3 ? v.padStart(COLUMNS[i] ?? 10) : v.padEnd(COLUMNS[i] ?? 10))).join(' ');
}

export function caseHeader(): string {
  return `${cells(['operation', 'size', 'implementation', 'min', 'median', 'max', 'ops/s'])}\n`;
}

export function caseLine(c: CaseResult): string {
  const items = c.itemsPerSec === undefined ? '' : `  = ${formatSi(c.itemsPerSec)} ${c.itemUnit ?? 'items'}/s`;
  const ms = (v: number | undefined) => (v === undefined ? '-' : formatDurationMs(v));
  return `${cells([`${c.suite}/${c.op}`, paramTag(c.params) || '-', c.impl, ms(c.minMs), formatDurationMs(c.medianMs), ms(c.maxMs), formatSi(c.opsPerSec)])}${items}\n`;
}

export function failureLine(f: CaseFailure): string {
  return `FAILED ${f.id}: ${f.error}\n`;
}

export function sizeLines(sizes: readonly SizeResult[]): string {
  return terminalTable(
    [{ label: 'size' }, { label: 'implementation' }, { label: 'bytes', align: 'right' }, { label: 'exact', align: 'right' }],
    sizes.map((s) => [s.label, s.impl, formatBytes(s.bytes), `${s.bytes} B`]),
  );
}

export function ratioLines(ratios: readonly RatioResult[]): string {
  return terminalTable(
    [{ label: 'ratio' }, { label: 'value', align: 'right' }],
    ratios.map((r) => [r.label, r.value === null ? `not measured (${r.missing ?? '?'})` : `${formatNumber(r.value)}×`]),
  );
}

export function targetLines(targets: readonly TargetResult[]): string {
  return terminalTable(
    [{ label: 'status' }, { label: 'target' }, { label: 'detail' }],
    targets.map((t) => [t.status.toUpperCase(), t.id, t.detail]),
  );
}

export function pendingLines(pending: readonly PendingRow[]): string {
  return pending.map((p) => `TODO ${p.id}: ${p.reason}\n`).join('');
}
