// The `sealroom sim` workload generator: seeded (DET-REPLAY: same options, same scenario), valid under the
// published scenario schema, in time order, and shaped as a workload should be (pairs, views, timers, offline
// periods, one warrant and one server seizure near the end, attacks only for a malicious server).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import { pairsOf, partyName, workloadScenario, type WorkloadOptions } from './workload.ts';

const base: WorkloadOptions = { seed: 42, users: 6, days: 3, server: 'honest', variant: 'reference' };

describe('workloadScenario', () => {
  test('DET-REPLAY: the same options give the same scenario, byte for byte', () => {
    expect(JSON.stringify(workloadScenario(base))).toBe(JSON.stringify(workloadScenario({ ...base })));
  });

  test('different seeds give different timelines', () => {
    expect(JSON.stringify(workloadScenario(base).timeline)).not.toBe(JSON.stringify(workloadScenario({ ...base, seed: 43 }).timeline));
  });

  test.prop([fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('honest', 'curious', 'malicious' as const)], { numRuns: 25 })(
    'every generated scenario passes the published schema and the loader checks, in time order',
    (seed, users, days, server) => {
      const s = workloadScenario({ seed, users, days, server, variant: 'reference' });
      expect(() => parseScenario(JSON.parse(JSON.stringify(s)), 'generated')).not.toThrow();
      for (let i = 1; i < s.timeline.length; i++) expect(s.timeline[i]!.at).toBeGreaterThanOrEqual(s.timeline[i - 1]!.at);
      expect(s.parties).toHaveLength(users);
      expect(s.endMs).toBe(days * 86_400_000);
    },
  );

  test('users are paired into direct rooms; an odd one out joins the first user', () => {
    expect(pairsOf(['a', 'b', 'c', 'd'])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(pairsOf(['a', 'b', 'c'])).toEqual([
      ['a', 'b'],
      ['c', 'a'],
    ]);
    expect(partyName(0)).toBe('alice');
    expect(partyName(40)).toBe('user-41');
    const s = workloadScenario({ ...base, users: 5 });
    expect(s.rooms.map((r) => r.members)).toEqual([
      ['alice', 'bob'],
      ['carol', 'dave'],
      ['erin', 'alice'],
    ]);
  });

  test('the timeline holds sends, views, timers, verifications, two offline periods, one warrant and one server seizure near the end', () => {
    const s = workloadScenario(base);
    const kinds = (d: string) => s.timeline.filter((a) => a.do === d);
    expect(kinds('send').length).toBeGreaterThanOrEqual(2 * 3 * 3);
    expect(kinds('view').length).toBeGreaterThan(0);
    expect(kinds('send').some((a) => a.do === 'send' && typeof a.evaporation === 'object')).toBe(true);
    expect(kinds('verify')).toHaveLength(6);
    expect(kinds('offline')).toHaveLength(2);
    expect(kinds('online')).toHaveLength(2);
    expect(kinds('warrant')).toHaveLength(1);
    expect(kinds('seize-server')).toHaveLength(1);
    expect(kinds('seize-server')[0]!.at).toBeGreaterThan(s.endMs! - 86_400_000);
    expect(kinds('adversary')).toHaveLength(0);
    // No phone seizure or theft, no group, no substitution: those judges get nothing, and the scenario says so.
    expect([s.expect['SEC-FS'], s.expect['SEC-PCS'], s.expect['SEC-GROUP'], s.expect['SEC-MITM']]).toEqual(['not exercised', 'not exercised', 'not exercised', 'not exercised']);
    expect([s.expect['SEC-SERVER-BLIND'], s.expect['SEC-WARRANT'], s.expect['LIVE-DELIVERY']]).toEqual(['pass', 'pass', 'pass']);
  });

  test('a malicious server gets attacks from the vocabulary; a weak variant gets no expectations', () => {
    const s = workloadScenario({ ...base, server: 'malicious', variant: 'no-replay-check' });
    const attacks = s.timeline.flatMap((a) => (a.do === 'adversary' ? [a.attack] : []));
    expect(attacks).toEqual(expect.arrayContaining(['replay', 'modify', 'duplicate', 'delay', 'reorder']));
    expect(s.expect).toEqual({});
  });

  test('options out of range are refused with a RangeError naming the field', () => {
    expect(() => workloadScenario({ ...base, users: 1 })).toThrow(/users/);
    expect(() => workloadScenario({ ...base, days: 0 })).toThrow(RangeError);
    expect(() => workloadScenario({ ...base, seed: -1 })).toThrow(/seed/);
  });
});
