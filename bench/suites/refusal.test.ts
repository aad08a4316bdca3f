// The refusal benchmark measures what it says (no timing here): each case's call checks its own
// outcome (a genuine acceptance, or the named refusal with the device state unchanged) and throws
// otherwise, so one call of each must pass.
import { describe, expect, it } from 'vitest';
import { refusalCases } from './refusal.ts';

describe('bench suite refusal', () => {
  it('SEC-INTEGRITY: every case does what its unit names, on both providers', async () => {
    const cases = refusalCases();
    expect(cases.map((c) => c.op)).toContain('refusal.forged-new-key');
    for (const c of cases) {
      const call = await c.prepare();
      expect(() => call(), c.id).not.toThrow();
    }
  });
});
