// The generator itself: whole scenarios as data, valid per the published schema,
// reproducible from seed + path, shrinking by dropping actions, and biased toward rare situations.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import type { Action, Scenario } from '../../scenarios/types.ts';
import { CAMPAIGNS, campaignFor, campaignsFor } from '../campaign.ts';
import { MEMBERSHIP_QUIET_MS } from './groupTimeline.ts';
import { SHIPPED_MAX_PARTIES, SHIPPED_WORLD_SEEDS } from './variantLimits.ts';

const SAMPLES = 40;

describe('generated scenarios', () => {
  test.each(CAMPAIGNS.map((c) => [c.id, c] as const))('%s: every generated scenario passes parseScenario and names only its cast', (_id, c) => {
    for (const s of fc.sample(c.arbitrary('reference'), { seed: 7, numRuns: SAMPLES })) {
      expect(() => parseScenario(JSON.parse(JSON.stringify(s)))).not.toThrow();
      // A group cast: one group room beside the direct rooms of every pair; only profiles that ask for one get it.
      const groups = s.rooms.filter((r) => r.kind === 'group');
      const group = groups.length === 1;
      expect(groups.length).toBeLessThanOrEqual(1);
      if (c.profile.cast === 'group') expect(group).toBe(true);
      if (c.profile.cast === undefined || c.profile.cast === 'direct') expect(group).toBe(false);
      expect(s.parties.length).toBeGreaterThanOrEqual(group ? 4 : 2);
      expect(s.parties.length).toBeLessThanOrEqual(group ? 5 : 4);
      expect(s.rooms.filter((r) => r.kind === 'direct')).toHaveLength((s.parties.length * (s.parties.length - 1)) / 2);
      if (s.server.mode !== 'malicious') expect(s.timeline.some((a) => a.do === 'adversary')).toBe(false);
    }
  });

  test('shipped-2014: generation yields only what the loader accepts for it (direct rooms, no strip-kem), in small worlds', () => {
    const shipped = campaignsFor('shipped-2014');
    expect(shipped.map((c) => c.id)).not.toContain('SEC-GROUP');
    expect(campaignFor('SEC-GROUP')!.unsupported('shipped-2014')).toMatch(/group rooms/);
    expect(() => campaignFor('SEC-GROUP')!.arbitrary('shipped-2014')).toThrow(RangeError);
    for (const c of shipped) {
      for (const s of fc.sample(c.arbitrary('shipped-2014'), { seed: 7, numRuns: 20 })) {
        expect(() => parseScenario(JSON.parse(JSON.stringify(s)))).not.toThrow(); // the loader's shipped-2014 rules included
        expect(s.variant).toBe('shipped-2014');
        expect(s.parties.length).toBeLessThanOrEqual(SHIPPED_MAX_PARTIES);
        expect(s.seed).toBeLessThan(SHIPPED_WORLD_SEEDS);
        expect(s.timeline.some((a) => a.do === 'adversary' && (a.attack === 'strip-kem' || a.attack === 'counter-jump'))).toBe(false);
      }
    }
  });

  test('SEC-GROUP: generated timelines stay membership-consistent, and never fork the group (forked-group.json is a documented limit)', () => {
    const xs = fc.sample(campaignFor('SEC-GROUP')!.arbitrary('reference'), { seed: 9, numRuns: SAMPLES });
    for (const s of xs) expectMembershipConsistent(s);
    const share = (pred: (a: Action) => boolean) => xs.filter((s) => s.timeline.some(pred)).length / xs.length;
    expect(share((a) => a.do === 'remove-member')).toBeGreaterThan(0.4);
    expect(share((a) => a.do === 'add-member')).toBeGreaterThan(0.2);
    expect(share((a) => a.do === 'adversary' && a.attack === 'inject-member')).toBeGreaterThan(0.1);
  });

  test.each(['SEC-SERVER-BLIND', 'SEC-INTEGRITY'])('%s: a share of runs has the server make first contact with a member-to-be, in a group cast', (id) => {
    const xs = fc.sample(campaignFor(id)!.arbitrary('reference'), { seed: 9, numRuns: SAMPLES });
    const firstContact = xs.filter((s) => s.timeline.some((a) => a.do === 'adversary' && a.attack === 'open-session-as'));
    expect(firstContact.length / xs.length).toBeGreaterThan(0.1);
    for (const s of firstContact) {
      expect(s.rooms.some((r) => r.kind === 'group')).toBe(true);
      expect(s.timeline.some((a) => a.do === 'adversary' && a.attack === 'forge-group')).toBe(true);
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
    const r = fc.check(
      fc.property(arb, (s) => s.timeline.length <= 2),
      { seed: 3, numRuns: 50 },
    );
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

/** Every group send is from a member; only the admin speaks within the quiet window after a change; the admin stays. */
function expectMembershipConsistent(s: Scenario): void {
  const room = s.rooms[0]!;
  const admin = room.creator ?? room.members[0]!;
  const members = new Set(room.members);
  let quietUntil = MEMBERSHIP_QUIET_MS;
  for (const a of s.timeline) {
    expect(a.do === 'adversary' && a.attack === 'fork-group').toBe(false);
    if (a.do === 'add-member' || a.do === 'remove-member') {
      expect(a.by).toBe(admin);
      expect(a.at).toBeGreaterThan(quietUntil);
      if (a.do === 'add-member') expect(members.has(a.user)).toBe(false);
      else expect(a.user !== admin && members.has(a.user)).toBe(true);
      if (a.do === 'add-member') members.add(a.user);
      else members.delete(a.user);
      quietUntil = a.at + MEMBERSHIP_QUIET_MS;
    }
    if (a.do === 'send') {
      expect(members.has(a.from)).toBe(true);
      if (a.from !== admin) expect(a.at).toBeGreaterThan(quietUntil);
    }
  }
}
