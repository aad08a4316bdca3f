// The data behind the benchmark charts, as
// line-chart specs that reports/render/svg draws: AEAD throughput by size per provider, one-way message
// throughput by size per implementation, group cost by room size, and the two group designs side by side.
import type { LineChartSpec } from '../../reports/render/svg/chart.ts';
import type { LineSeries } from '../../reports/render/svg/lineChart.ts';
import type { CaseResult } from '../harness/types.ts';

/** MB/s (10^6 bytes per second) moved by one call on `bytes` bytes taking `medianMs`. */
function throughputMBps(bytes: number, medianMs: number): number {
  return medianMs > 0 ? bytes / (medianMs / 1_000) / 1e6 : Number.NaN;
}

function seriesBy(cases: readonly CaseResult[], key: (c: CaseResult) => string | undefined, point: (c: CaseResult) => { x: number; y: number } | undefined): LineSeries[] {
  const groups = new Map<string, { x: number; y: number }[]>();
  for (const c of cases) {
    const name = key(c);
    const p = point(c);
    if (name === undefined || p === undefined || !Number.isFinite(p.y)) continue;
    const list = groups.get(name) ?? [];
    list.push(p);
    groups.set(name, list);
  }
  return [...groups.entries()].map(([name, points]) => ({ name, points: points.sort((a, b) => a.x - b.x) }));
}

function sizedThroughput(c: CaseResult): { x: number; y: number } | undefined {
  const bytes = c.params.bytes;
  return bytes === undefined ? undefined : { x: bytes, y: throughputMBps(bytes, c.medianMs) };
}

function aeadThroughputChart(cases: readonly CaseResult[]): LineChartSpec {
  const series = seriesBy(cases, (c) => (c.op.startsWith('aead-seal.') ? `${c.op.slice('aead-seal.'.length)} (${c.impl.replace('sealroom-', '')})` : undefined), sizedThroughput);
  return {
    type: 'line',
    title: 'AEAD seal throughput vs message size',
    description: 'Median MB/s of one seal call, by provider (noble: pure TypeScript; native: node:crypto/OpenSSL, noble where Node lacks the cipher).',
    series,
    xLabel: 'message size',
    yLabel: 'MB/s',
    xScale: 'log',
    yScale: 'log',
    xFormat: 'bytes',
    yFormat: 'number',
  };
}

function messageThroughputChart(cases: readonly CaseResult[]): LineChartSpec {
  const series = seriesBy(cases, (c) => (c.op === 'one-way' ? c.impl : c.op === 'raw-aead.chacha20-poly1305' ? 'raw AEAD (node:crypto)' : undefined), sizedThroughput);
  return {
    type: 'line',
    title: 'One-way message throughput vs message size',
    description: 'Plaintext MB/s of one message encrypted and decrypted on an established session, beside raw AEAD seal+open.',
    series,
    xLabel: 'plaintext size',
    yLabel: 'MB/s',
    xScale: 'log',
    yScale: 'log',
    xFormat: 'bytes',
    yFormat: 'number',
  };
}

/** Median ms per operation against room size, log-log, for the group cases `label` names (undefined: not this chart's). */
function groupSizeChart(cases: readonly CaseResult[], title: string, description: string, label: (c: CaseResult) => string | undefined): LineChartSpec {
  const series = seriesBy(
    cases,
    (c) => (c.suite === 'group' ? label(c) : undefined),
    (c) => (c.params.members === undefined ? undefined : { x: c.params.members, y: c.medianMs }),
  );
  return { type: 'line', title, description, series, xLabel: 'members', yLabel: 'ms per operation', xScale: 'log', yScale: 'log', xFormat: 'number', yFormat: 'duration-ms' };
}

function groupCostChart(cases: readonly CaseResult[]): LineChartSpec {
  return groupSizeChart(
    cases,
    'Group cost vs group size',
    "Median ms per operation: send and one member's receive stay flat; a removal's rekey grows with the room (one pairwise payload per member).",
    (c) => (c.op.startsWith('designs.') ? undefined : `${c.op} (${c.impl.replace('sealroom-', '')})`),
  );
}

function groupDesignChart(cases: readonly CaseResult[]): LineChartSpec {
  return groupSizeChart(cases, 'Group designs: sender keys vs MLS', 'Median ms per operation by room size: the reference sender keys (noble, native) beside MLS (ts-mls, cold tree), same run.', (c) =>
    c.op.startsWith('designs.') ? `${c.op.slice('designs.'.length)} (${c.impl})` : undefined,
  );
}

export function benchCharts(cases: readonly CaseResult[]): LineChartSpec[] {
  return [aeadThroughputChart(cases), messageThroughputChart(cases), groupCostChart(cases), groupDesignChart(cases)].filter((c) => c.series.length > 0);
}
