// Pending fixes (pendingFixes.ts): each minimal scenario still shows its false failure on the
// reference; when a fix lands that test fails, and the entry moves to FIXED_REGRESSIONS, whose
// scenarios must then pass on the reference for good.
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../scenarios/load.ts';
import { runScenario } from '../scenarios/run.ts';
import { FIXED_REGRESSIONS, PENDING_FIXES } from './pendingFixes.ts';

describe.runIf(PENDING_FIXES.length > 0)('pending fixes still reproduce (move the entry once fixed)', () => {
  test.each(PENDING_FIXES.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    const s = parseScenario(f.scenario, `<pending ${f.id}>`);
    expect(runScenario(s, { replay: false }).verdicts[f.shows]).toBe('fail');
  });
});

describe('fixed false failures stay fixed (SEC-PCS, SEC-SERVER-BLIND, LIVE-DELIVERY regressions)', () => {
  test.each(FIXED_REGRESSIONS.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    const s = parseScenario(f.scenario, `<fixed ${f.id}>`);
    expect(runScenario(s, { replay: false }).verdicts[f.shows]).toBe('pass');
  });
});
