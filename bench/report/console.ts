// What a bench run prints as it goes: one aligned line per timed row (median, IQR spread, ops/s), then
// the ratio and target tables. Plain text for a terminal; the Markdown/HTML report is rendered elsewhere.
import { formatBytes, formatDurationMs, formatNumber, formatSi } from '../../reports/render/format.ts';
import { paramTag } from '../harness/ids.ts';
import type { RatioResult } from '../harness/ratios.ts';
import type { TargetResult } from '../harness/targets.ts';
import type { CaseFailure, CaseResult, PendingRow, SizeResult } from '../harness/types.ts';

const COLUMNS = [34, 8, 16, 12, 12, 10] as const;

function cells(values: readonly string[]): string {
  return values.map((v, i) => (i >= 3 ? v.padStart(COLUMNS[i] ?? 10) : v.padEnd(COLUMNS[i] ?? 10))).join(' ');
}

export function caseHeader(): string {
  return `${cells(['operation', 'size', 'implementation', 'median', '± IQR', 'ops/s'])}\n`;
}

export function caseLine(c: CaseResult): string {
  const items = c.itemsPerSec === undefined ? '' : `  = ${formatSi(c.itemsPerSec)} ${c.itemUnit ?? 'items'}/s`;
  return `${cells([`${c.suite}/${c.op}`, paramTag(c.params) || '-', c.impl, formatDurationMs(c.medianMs), formatDurationMs(c.iqrMs), formatSi(c.opsPerSec)])}${items}\n`;
}

export function failureLine(f: CaseFailure): string {
  return `FAILED ${f.id}: ${f.error}\n`;
}

export function sizeLines(sizes: readonly SizeResult[]): string {
  return sizes.map((s) => `${s.label.padEnd(52)} ${s.impl.padEnd(16)} ${formatBytes(s.bytes).padStart(10)}  (${s.bytes} B)\n`).join('');
}

export function ratioLines(ratios: readonly RatioResult[]): string {
  return ratios.map((r) => `${r.label.padEnd(90)} ${r.value === null ? `not measured (${r.missing ?? '?'})` : `${formatNumber(r.value)}×`}\n`).join('');
}

export function targetLines(targets: readonly TargetResult[]): string {
  return targets.map((t) => `${t.status.toUpperCase().padEnd(10)} ${t.id}: ${t.detail}\n`).join('');
}

export function pendingLines(pending: readonly PendingRow[]): string {
  return pending.map((p) => `TODO ${p.id}: ${p.reason}\n`).join('');
}
