// The generator itself (issue 6 §1): whole scenarios as data, valid per the published schema,
// reproducible from seed + path, shrinking by dropping actions, and biased toward rare situations.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import { CAMPAIGNS } from '../campaign.ts';

const SAMPLES = 40;

describe('generated scenarios', () => {
  test.each(CAMPAIGNS.map((c) => [c.id, c] as const))('%s: every generated scenario passes parseScenario and names only its cast', (_id, c) => {
    for (const s of fc.sample(c.arbitrary('reference'), { seed: 7, numRuns: SAMPLES })) {
      expect(() => parseScenario(JSON.parse(JSON.stringify(s)))).not.toThrow();
      expect(s.parties.length).toBeGreaterThanOrEqual(2);
      expect(s.parties.length).toBeLessThanOrEqual(4);
      expect(s.rooms.every((r) => r.kind === 'direct')).toBe(true);
      if (s.server.mode !== 'malicious') expect(s.timeline.some((a) => a.do === 'adversary')).toBe(false);
    }
  });

  test('DET-REPLAY: the same seed and path give the same scenario (nothing is drawn inside a run)', () => {
    const arb = CAMPAIGNS[0]!.arbitrary('reference');
    const a = fc.sample(arb, { seed: 11, numRuns: 5 });
    const b = fc.sample(arb, { seed: 11, numRuns: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test('shrinking a timeline drops actions and keeps it valid', () => {
    const arb = CAMPAIGNS.find((c) => c.id === 'LIVE-DELIVERY')!.arbitrary('reference');
    const [start] = fc.sample(arb, { seed: 3, numRuns: 1 });
    expect(start).toBeDefined();
    // Fail on anything with more than two actions: fast-check must shrink to a valid 1–2 action timeline.
    const r = fc.check(fc.property(arb, (s) => s.timeline.length <= 2), { seed: 3, numRuns: 50 });
    expect(r.failed).toBe(true);
    const [small] = r.counterexample ?? [];
    expect(small?.timeline.length).toBe(3);
    expect(() => parseScenario(JSON.parse(JSON.stringify(small)))).not.toThrow();
  });

  test('SEC-EVAPORATE, SEC-PCS, SEC-RETENTION, SEC-WARRANT, SEC-MITM: generation is biased toward their rare situations', () => {
    const share = (id: string, pred: (s: ReturnType<typeof parseScenario>) => boolean) => {
      const xs = fc.sample(CAMPAIGNS.find((c) => c.id === id)!.arbitrary('reference'), { seed: 5, numRuns: SAMPLES });
      return xs.filter(pred).length / xs.length;
    };
    const idx = (s: ReturnType<typeof parseScenario>, kind: string) => s.timeline.findIndex((a) => a.do === kind);
    expect(share('SEC-EVAPORATE', (s) => idx(s, 'view') >= 0 && s.timeline.findIndex((a, i) => a.do === 'seize-phone' && i > idx(s, 'view')) >= 0)).toBeGreaterThan(0.5);
    expect(share('SEC-PCS', (s) => idx(s, 'steal-phone') >= 0 && s.timeline.slice(idx(s, 'steal-phone')).filter((a) => a.do === 'send').length >= 3)).toBeGreaterThan(0.9);
    expect(share('SEC-RETENTION', (s) => s.timeline.some((a) => a.do === 'seize-server' && a.at > (s.server.retentionTtlMs ?? Infinity)))).toBeGreaterThan(0.5);
    expect(share('SEC-WARRANT', (s) => s.timeline.some((a) => a.do === 'warrant' && a.gagUntilMs !== undefined))).toBeGreaterThan(0.2);
    expect(share('SEC-MITM', (s) => s.timeline.some((a) => a.do === 'adversary' && (a.attack === 'substitute-bundle' || a.attack === 'forge')))).toBe(1);
  });
});
