// The catch-matrix page: a caught pair links its counterexample, a missed pair leads the summary,
// and a library scenario that did not fail as expected is named.
import { describe, expect, test } from 'vitest';
import { parseBundle } from '../render/bundle.ts';
import { catchMatrixBundle, type CatchCell } from './catchMatrixPage.ts';

const caught: CatchCell = {
  variant: 'keep-used-prekeys',
  property: 'SEC-FS',
  why: 'a spent one-time prekey stays on the phone',
  status: 'fail',
  runs: 2,
  counterexample: {
    scenarioFile: '/out/counterexamples/cx.json',
    replay: 'npx tsx cli/main.ts check --property SEC-FS --variant keep-used-prekeys --seed 1 --runs 15',
    violations: ['phone of bob re-runs the setup'],
  },
  scenarios: [{ name: 'one-time-setup-then-seizure-keep-used-prekeys', matched: true }],
};
const missed: CatchCell = {
  ...caught,
  variant: 'pq-optional',
  property: 'SEC-PQ',
  status: 'pass',
  runs: 20,
  counterexample: null,
  scenarios: [{ name: 'pq-downgrade-after-rotation-pq-optional', matched: false }],
};

describe('catchMatrixBundle', () => {
  test('every pair caught: the summary says so, and the cell links the counterexample file', () => {
    const b = parseBundle(catchMatrixBundle([caught], { seed: 1, link: (f) => f.replace('/out/', '') }));
    expect(b.summary).toContain('**Every weak variant was caught**');
    expect(b.summary).toContain('--variant keep-used-prekeys');
    const t = b.sections[0];
    const row = t?.kind === 'table' ? t.rows[0] : [];
    expect(row?.[2]).toEqual({ text: '✓ caught in 2 runs (counterexample)', href: 'counterexamples/cx.json' });
    expect(row?.[3]).toBe('phone of bob re-runs the setup');
    expect(row?.[4]).toBe('one-time-setup-then-seizure-keep-used-prekeys');
  });

  test('a missed pair leads the summary, and an unmatched library scenario is named', () => {
    const b = parseBundle(catchMatrixBundle([caught, missed], { seed: 1 }));
    expect(b.summary).toContain('**1 of 2 pairs were missed**');
    expect(b.summary).toContain('pq-optional × SEC-PQ');
    expect(b.summary).toContain('pq-optional/SEC-PQ: pq-downgrade-after-rotation-pq-optional');
    const t = b.sections[0];
    const rows = t?.kind === 'table' ? t.rows : [];
    expect(rows[1]?.[2]).toBe('✗ missed in 20 runs');
    expect(rows[1]?.[4]).toBe('✗ pq-downgrade-after-rotation-pq-optional');
  });
});
