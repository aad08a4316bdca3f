import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { deviceId, userId } from '../../protocol/ids.ts';
import { ALICE, BOB, CAROL, ROOM_AB } from '../../test/kits/serverRecords.ts';
import { transparencyReport } from '../../sim/authority/transparencyReport.ts';
import { underReportedLedger } from '../../sim/authority/underReport.ts';
import type { DataCategory } from '../../sim/authority/warrant.ts';
import { checkNotifications } from './notificationCheck.ts';
import { DAY_MS, TestWorld, standardHistory } from '../../test/kits/warrantWorld.ts';
import { checkTransparency } from './warrantCheck.ts';
import { checkWarrantContent } from './warrantContentCheck.ts';

const WEEK = { fromMs: 0, toMs: 7 * DAY_MS };
const details = (vs: readonly { detail: string }[]) => vs.map((v) => v.detail).join('\n');

function run(policy: 'refuse-content' | 'comply' | 'comply-silently', reportSeizures = true): TestWorld {
  const world = new TestWorld(policy, reportSeizures);
  standardHistory(world);
  return world;
}

describe('SEC-WARRANT ground-truth checks', () => {
  test('SEC-WARRANT: the honest refuse-content operator passes every check', () => {
    const world = run('refuse-content');
    const report = transparencyReport(world.ledger, WEEK);
    expect(checkTransparency(world.truth, report)).toEqual([]);
    expect(checkNotifications(world.truth, 7 * DAY_MS)).toEqual([]);
    expect(checkWarrantContent(world.truth.returns(), world.truth.privacyModeEnvelopeIds())).toEqual([]);
    expect(report.seizures.server + report.seizures.phone).toBe(2);
  });

  test('SEC-WARRANT: report counts equal ground truth for every sub-period too', () => {
    const world = run('comply');
    for (const [fromMs, toMs] of [
      [0, 15_000],
      [15_000, 35_000],
      [35_000, DAY_MS],
      [DAY_MS, 3 * DAY_MS],
      [0, 1],
    ] as const) {
      expect(checkTransparency(world.truth, transparencyReport(world.ledger, { fromMs, toMs }))).toEqual([]);
    }
  });

  test('SEC-WARRANT: the unreported-seizure variant is caught (both seizures missing)', () => {
    const world = run('refuse-content', false);
    const v = checkTransparency(world.truth, transparencyReport(world.ledger, WEEK));
    expect(v.every((x) => x.property === 'SEC-WARRANT')).toBe(true);
    expect(details(v)).toContain('the server seizure at 40000 ms is missing');
    expect(details(v)).toContain('the phone seizure at 50000 ms is missing');
    expect(details(v)).toContain('report: server seizures is 0, ground truth 1');
  });

  test('SEC-WARRANT: an under-reporting operator is caught (hidden warrant, hidden seizure, shrunk counts)', () => {
    const world = run('comply');
    for (const lie of [
      { hideWarrants: 1, hideSeizures: 0, shrinkRecordsPercent: 0 },
      { hideWarrants: 0, hideSeizures: 1, shrinkRecordsPercent: 0 },
      { hideWarrants: 0, hideSeizures: 0, shrinkRecordsPercent: 30 },
    ]) {
      const published = transparencyReport(underReportedLedger(world.ledger, lie), WEEK);
      expect(checkTransparency(world.truth, published).length).toBeGreaterThan(0);
    }
    const published = transparencyReport(underReportedLedger(world.ledger, { hideWarrants: 1, hideSeizures: 0, shrinkRecordsPercent: 0 }), WEEK);
    expect(details(checkTransparency(world.truth, published))).toContain('the return for warrant w1 at 10000 ms is missing');
  });

  test('SEC-WARRANT: a fabricated return or seizure in the report is flagged too', () => {
    const world = run('refuse-content');
    const report = transparencyReport(world.ledger, WEEK);
    const padded = {
      ...report,
      returns: [...report.returns, { ...(report.returns[0] as (typeof report.returns)[number]), warrantId: 'ghost' }],
      seizures: { ...report.seizures, list: [...report.seizures.list, { kind: 'phone' as const, atMs: 1 }] },
    };
    const d = details(checkTransparency(world.truth, padded));
    expect(d).toContain('warrant ghost');
    expect(d).toContain('phone@1');
    const shrunk = { ...report, seizures: { ...report.seizures, list: report.seizures.list.map((s) => (s.kind === 'server' ? { ...s, itemCount: 0, atRestKeysTaken: false } : s)) } };
    const d2 = details(checkTransparency(world.truth, shrunk));
    expect(d2).toContain('items taken in server seizures is 0, ground truth 1');
    expect(d2).toContain('server seizures that took the at-rest keys is 0, ground truth 1');
  });

  test('SEC-WARRANT: comply-silently is reported by the notification check for every affected user', () => {
    const world = run('comply-silently');
    const v = checkNotifications(world.truth, 7 * DAY_MS);
    expect(v.length).toBe(8); // w1 and w3 (content handed over): alice, bob, carol; w2: alice, bob
    expect(v.every((x) => x.property === 'SEC-WARRANT' && x.detail.includes('never notified'))).toBe(true);
    expect(details(checkTransparency(world.truth, transparencyReport(world.ledger, WEEK)))).toContain('notifications due but not sent');
  });

  test('SEC-WARRANT: a gagged notification is on time exactly at expiry; nothing is owed before', () => {
    const world = new TestWorld('refuse-content');
    world.serve({ id: 'g', servedAtMs: 1_000, target: { kind: 'user', userId: BOB }, scope: ['metadata'], fromMs: 0, toMs: 10_000, gagUntilMs: DAY_MS });
    world.notify(DAY_MS - 1);
    expect(world.truth.events.filter((e) => e.kind === 'notification-sent')).toEqual([]);
    expect(checkNotifications(world.truth, DAY_MS - 1)).toEqual([]);
    world.notify(DAY_MS);
    expect(world.truth.events.filter((e) => e.kind === 'notification-sent').map((e) => e.atMs)).toEqual([DAY_MS, DAY_MS]);
    expect(checkNotifications(world.truth, 30 * DAY_MS)).toEqual([]);
  });

  test('SEC-WARRANT: notifying before the gag expires, late, or twice is a violation', () => {
    const world = new TestWorld('refuse-content');
    world.serve({ id: 'g', servedAtMs: 1_000, target: { kind: 'user', userId: BOB }, scope: ['metadata'], fromMs: 0, toMs: 10_000, gagUntilMs: DAY_MS });
    world.truth.recordNotificationSent(2_000, 'g', ALICE);
    world.truth.recordNotificationSent(2 * DAY_MS, 'g', BOB);
    world.truth.recordNotificationSent(2 * DAY_MS, 'g', BOB);
    world.truth.recordNotificationSent(2 * DAY_MS, 'g', CAROL);
    const d = details(checkNotifications(world.truth, 3 * DAY_MS));
    expect(d).toContain('user alice, warrant g (due 86400000 ms): notified at 2000 ms, before the gag expired');
    expect(d).toContain('user bob, warrant g (due 86400000 ms): notified late');
    expect(d).toContain('notified 2 times');
    expect(d).toContain('notification g → carol matches no disclosure');
  });

  test('SEC-WARRANT: refuse-content returns no privacy-mode content; comply is caught returning it', () => {
    expect(checkWarrantContent(run('refuse-content').truth.returns(), ['env-1', 'env-2', 'env-3'])).toEqual([]);
    const complied = run('comply');
    const v = checkWarrantContent(complied.truth.returns(), complied.truth.privacyModeEnvelopeIds());
    expect(v.map((x) => x.detail)).toEqual([
      'warrant w1: privacy-mode envelope env-1 handed over (content, 42 bytes)',
      'warrant w1: privacy-mode envelope env-2 handed over (content, 14 bytes)',
      'warrant w1: privacy-mode envelope env-3 handed over (content, 16 bytes)',
      'warrant w3: privacy-mode envelope env-1 handed over (content, 42 bytes)',
      'warrant w3: privacy-mode envelope env-2 handed over (content, 14 bytes)',
      'warrant w3: privacy-mode envelope env-3 handed over (content, 16 bytes)',
    ]);
    // Content that is not privacy-mode (an ordinary-mode envelope) is not this property's business.
    expect(checkWarrantContent(complied.truth.returns(), ['env-99'])).toEqual([]);
  });

  const action = fc.oneof(
    fc.record({
      kind: fc.constant('warrant' as const),
      room: fc.boolean(),
      scope: fc.subarray<DataCategory>(['content', 'metadata', 'keys'], { minLength: 1 }),
      gagMs: fc.option(fc.nat(3 * DAY_MS), { nil: undefined }),
      delayMs: fc.nat(5_000),
    }),
    fc.record({ kind: fc.constantFrom('server' as const, 'phone' as const) }),
    fc.record({ kind: fc.constant('notify' as const) }),
  );

  test.prop([fc.constantFrom('refuse-content' as const, 'comply' as const), fc.boolean(), fc.array(fc.tuple(fc.nat(DAY_MS), action), { maxLength: 25 }), fc.nat(4 * DAY_MS), fc.nat(4 * DAY_MS)], {
    numRuns: 60,
  })('SEC-WARRANT: for random histories the published report matches ground truth iff seizures are reported', (policy, reportSeizures, steps, a, b) => {
    const world = new TestWorld(policy, reportSeizures);
    let now = 0;
    let n = 0;
    for (const [dt, act] of steps) {
      now += dt;
      if (act.kind === 'warrant') {
        const target = act.room ? { kind: 'room' as const, roomId: ROOM_AB } : { kind: 'user' as const, userId: userId(['alice', 'bob', 'carol'][n % 3] ?? 'alice') };
        world.serve({ id: `w${n++}`, servedAtMs: now, target, scope: act.scope, fromMs: 0, toMs: 60_000, ...(act.gagMs === undefined ? {} : { gagUntilMs: now + act.gagMs }) }, now + act.delayMs);
        now += act.delayMs;
      } else if (act.kind === 'server') {
        world.seizeServer(now);
      } else if (act.kind === 'phone') {
        world.seizePhone(now, deviceId('carol-1'), CAROL);
      } else world.notify(now);
    }
    const period = { fromMs: Math.min(a, b), toMs: Math.max(a, b) + 1 };
    const v = checkTransparency(world.truth, transparencyReport(world.ledger, period));
    const seizedInPeriod = world.truth.events.some((e) => (e.kind === 'server-seized' || e.kind === 'phone-seized') && e.atMs >= period.fromMs && e.atMs < period.toMs);
    expect(v.length === 0).toBe(reportSeizures || !seizedInPeriod);
  });
});
