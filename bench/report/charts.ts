// The data behind the benchmark charts, as
// line-chart specs that reports/render/svg draws: AEAD throughput by size per provider, one-way message
// throughput by size per implementation, group cost by room size, and the two group designs side by side.
// Each point is a case's median with its spread (median ± MAD of the samples); the baselines
// (libsignal, raw AEAD) are drawn dashed beside sealroom's own rows.
import type { LineChartSpec } from '../../reports/render/svg/chart.ts';
import type { LineSeries } from '../../reports/render/svg/lineChart.ts';
import type { CaseResult } from '../harness/types.ts';

type Point = LineSeries['points'][number];

/** What the bars through the points show. */
const SPREAD_LABEL = 'bars: median ± MAD of the samples (median absolute deviation)';

/** MB/s (10^6 bytes per second) moved by one call on `bytes` bytes taking `ms`. */
function throughputMBps(bytes: number, ms: number): number {
  return ms > 0 ? bytes / (ms / 1_000) / 1e6 : Number.NaN;
}

/** The latency interval a case's samples spread over: median ± MAD, floored at zero. */
function latencySpread(c: CaseResult): { readonly fast: number; readonly slow: number } {
  return { fast: Math.max(0, c.medianMs - c.madMs), slow: c.medianMs + c.madMs };
}

/** Libsignal and raw AEAD rows are the yardsticks sealroom's rows are read against. */
function isBaseline(name: string): boolean {
  return /libsignal|raw AEAD/i.test(name);
}

function seriesBy(cases: readonly CaseResult[], key: (c: CaseResult) => string | undefined, point: (c: CaseResult) => Point | undefined): LineSeries[] {
  const groups = new Map<string, Point[]>();
  for (const c of cases) {
    const name = key(c);
    const p = point(c);
    if (name === undefined || p === undefined || !Number.isFinite(p.y)) continue;
    const list = groups.get(name) ?? [];
    list.push(p);
    groups.set(name, list);
  }
  return [...groups.entries()].map(([name, points]) => ({ name, points: points.sort((a, b) => a.x - b.x), ...(isBaseline(name) ? { baseline: true } : {}) }));
}

/** Throughput at the median; the spread is the throughput at the slow and fast ends of the latency spread. */
function sizedThroughput(c: CaseResult): Point | undefined {
  const bytes = c.params.bytes;
  if (bytes === undefined) return undefined;
  const { fast, slow } = latencySpread(c);
  const high = throughputMBps(bytes, fast);
  return { x: bytes, y: throughputMBps(bytes, c.medianMs), low: throughputMBps(bytes, slow), ...(Number.isFinite(high) ? { high } : { high: throughputMBps(bytes, c.medianMs) }) };
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
    spreadLabel: SPREAD_LABEL,
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
    spreadLabel: SPREAD_LABEL,
  };
}

/** Median ms per operation against room size, log-log, for the group cases `label` names (undefined: not this chart's). */
function groupSizeChart(cases: readonly CaseResult[], title: string, description: string, label: (c: CaseResult) => string | undefined): LineChartSpec {
  const series = seriesBy(
    cases,
    (c) => (c.suite === 'group' ? label(c) : undefined),
    (c) => (c.params.members === undefined ? undefined : { x: c.params.members, y: c.medianMs, low: latencySpread(c).fast, high: latencySpread(c).slow }),
  );
  return {
    type: 'line',
    title,
    description,
    series,
    xLabel: 'members',
    yLabel: 'time per operation',
    xScale: 'log',
    yScale: 'log',
    xFormat: 'number',
    yFormat: 'duration-ms',
    spreadLabel: SPREAD_LABEL,
  };
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
