// The benchmark charts: each point is a case's median with the spread of its samples (median ± MAD),
// and the baselines (libsignal, raw AEAD) are marked so the chart draws them beside sealroom's rows.
import { describe, expect, test } from 'vitest';
import type { CaseResult, ImplName, SuiteName } from '../harness/types.ts';
import { benchCharts } from './charts.ts';

function row(suite: SuiteName, op: string, impl: ImplName, params: CaseResult['params'], medianMs: number, madMs: number): CaseResult {
  return { id: `${suite}.${op}.${impl}.${JSON.stringify(params)}`, suite, op, impl, params, unit: 'op', samples: 64, medianMs, meanMs: medianMs, madMs, iqrMs: 2 * madMs, opsPerSec: 1_000 / medianMs };
}

const cases: CaseResult[] = [
  row('protocol', 'one-way', 'sealroom-native', { bytes: 1_024 }, 0.1, 0.01),
  row('protocol', 'one-way', 'sealroom-native', { bytes: 65_536 }, 1, 0.1),
  row('protocol', 'one-way', 'libsignal-client', { bytes: 1_024 }, 0.05, 0.005),
  row('primitives', 'raw-aead.chacha20-poly1305', 'node-crypto', { bytes: 1_024 }, 0.002, 0.0002),
  row('group', 'send', 'sealroom-noble', { members: 8 }, 0.4, 0.04),
  row('group', 'send', 'sealroom-noble', { members: 64 }, 0.5, 0.05),
];

describe('benchCharts', () => {
  test('throughput points carry the spread of their latency samples, fast end high', () => {
    const chart = benchCharts(cases).find((c) => c.title.startsWith('One-way'));
    const native = chart?.series.find((s) => s.name === 'sealroom-native');
    // 1024 B at 0.1 ms is 10.24 MB/s; ± 0.01 ms of latency is 1024 B / 0.11 ms … 1024 B / 0.09 ms.
    expect(native?.points[0]?.y).toBeCloseTo(10.24, 6);
    expect(native?.points[0]?.low).toBeCloseTo(1_024 / 0.11e-3 / 1e6, 6);
    expect(native?.points[0]?.high).toBeCloseTo(1_024 / 0.09e-3 / 1e6, 6);
    expect(chart?.spreadLabel).toContain('MAD');
  });

  test('libsignal and raw AEAD are baselines; sealroom rows are not', () => {
    const chart = benchCharts(cases).find((c) => c.title.startsWith('One-way'));
    const baselines = chart?.series.filter((s) => s.baseline === true).map((s) => s.name);
    expect(baselines?.sort()).toEqual(['libsignal-client', 'raw AEAD (node:crypto)']);
  });

  test('group cost points are median ms with median ± MAD around them', () => {
    const chart = benchCharts(cases).find((c) => c.title === 'Group cost vs group size');
    const points = chart?.series[0]?.points ?? [];
    expect(points.map((p) => [p.x, p.y])).toEqual([
      [8, 0.4],
      [64, 0.5],
    ]);
    expect(points[0]?.low).toBeCloseTo(0.36, 9);
    expect(points[0]?.high).toBeCloseTo(0.44, 9);
    expect(points[1]?.low).toBeCloseTo(0.45, 9);
    expect(points[1]?.high).toBeCloseTo(0.55, 9);
  });
});
