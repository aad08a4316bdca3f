// Comparing a bench run with an earlier one: what moved beyond the runs' own spread, faster or slower,
// cases and same-run ratios alike; a file that is not a results file is named as such.
import { describe, expect, test } from 'vitest';
import { baselineProblem, compareResults, comparisonText } from './compare.ts';
import { RESULTS_FORMAT, RESULTS_VERSION, type BenchResults } from './results.ts';
import type { CaseResult } from './types.ts';

function caseOf(id: string, medianMs: number, madMs: number): CaseResult {
  return { id, suite: 'protocol', op: 'one-way', impl: 'sealroom-native', params: {}, unit: 'message', samples: 20, medianMs, meanMs: medianMs, madMs, iqrMs: 2 * madMs, opsPerSec: 1000 / medianMs };
}

function resultsOf(cases: CaseResult[], ratio: number, finishedAt = '2026-12-01T00:00:00Z'): BenchResults {
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    finishedAt,
    mode: 'quick',
    durationS: 1,
    machine: { cpu: 'test', cores: 2, node: 'v20', openssl: '3' } as unknown as BenchResults['machine'],
    cases,
    failures: [],
    sizes: [],
    ratios: [{ id: 'native/libsignal.one-way.64B', label: 'x', kind: 'time', numerator: 'num', denominator: 'den', value: ratio, numeratorValue: 1, denominatorValue: 1 }],
    targets: null,
    pending: [],
    charts: [],
  };
}

describe('bench --baseline', () => {
  test('a case twice as slow, beyond its spread, is slower; one inside its spread is within noise; a halved ratio is faster', () => {
    const before = resultsOf([caseOf('a', 1, 0.01), caseOf('b', 1, 0.3), caseOf('gone', 1, 0.01)], 0.8);
    const after = resultsOf([caseOf('a', 2, 0.01), caseOf('b', 1.3, 0.3), caseOf('new', 1, 0.01)], 0.4, '2026-12-02T00:00:00Z');
    const c = compareResults(before, after);
    expect(c.cases.map((x) => [x.id, x.movement])).toEqual([
      ['a', 'slower'],
      ['b', 'within noise'],
    ]);
    expect(c.ratios.map((x) => [x.id, x.movement])).toEqual([['native/libsignal.one-way.64B', 'faster']]);
    expect([c.onlyInBaseline, c.onlyInCurrent]).toEqual([['gone'], ['new']]);
    expect(comparisonText(c)).toMatch(/slower a: 1\.00 → 2\.00 ms \(\+100%\)/);
  });

  test('a file that is not a results file is named with what was found', () => {
    expect(baselineProblem({ format: 'something-else' })).toBe('format: expected "sealroom-bench-results", found "something-else"');
    expect(baselineProblem([])).toMatch(/format/);
    expect(baselineProblem(resultsOf([], 1))).toBeUndefined();
  });
});
