import { describe, expect, test } from 'vitest';
import { UsageError } from '../../protocol/errors.ts';
import { deviceId } from '../../protocol/ids.ts';
import { TransparencyLedger, serveWarrant } from './ledger.ts';
import { memoryServerView } from './memoryServerView.ts';
import { ALICE, CAROL, ROOM_AB, sampleRecords } from '../../test/kits/serverRecords.ts';
import { transparencyReport } from './transparencyReport.ts';
import { underReportedLedger } from './underReport.ts';
import type { Warrant } from './warrant.ts';

const DAY = 86_400_000;
const view = memoryServerView(sampleRecords());
const w = (id: string, servedAtMs: number, extra: Partial<Warrant> = {}): Warrant => ({
  id,
  servedAtMs,
  target: { kind: 'user', userId: ALICE },
  scope: ['content', 'metadata'],
  fromMs: 0,
  toMs: 10_000,
  ...extra,
});

function history(policy: 'refuse-content' | 'comply'): TransparencyLedger {
  const ledger = new TransparencyLedger({ reportSeizures: true });
  serveWarrant(ledger, w('w1', 10_000), policy, view, 10_000);
  ledger.recordNotificationSent({ warrantId: 'w1', userId: ALICE }, 10_000);
  serveWarrant(ledger, w('w2', 20_000, { target: { kind: 'room', roomId: ROOM_AB }, scope: ['metadata', 'keys'], gagUntilMs: 5 * DAY }), policy, view, 20_000);
  serveWarrant(ledger, w('w3', 30_000, { scope: ['content'] }), policy, view, 30_000);
  ledger.recordServerSeizure({ items: [{ label: 'db', bytes: new Uint8Array(10) }], atRestKeys: [new Uint8Array(32)] }, 40_000);
  ledger.recordPhoneSeizure({ deviceId: deviceId('carol-1'), userId: CAROL }, 50_000);
  ledger.recordWarrant(w('w4', 2 * DAY));
  return ledger;
}

describe('transparencyReport', () => {
  test('SEC-WARRANT: counts warrants by target, scope and outcome; content disclosed is 0 under refuse-content', () => {
    const r = transparencyReport(history('refuse-content'), { fromMs: 0, toMs: 7 * DAY }, { operator: 'Example Chat' });
    expect(r.operator).toBe('Example Chat');
    expect(r.warrants).toEqual({
      received: 4,
      byTarget: { user: 3, room: 1 },
      byScope: { content: 3, metadata: 3, keys: 1 },
      withGag: 1,
      byOutcome: { 'complied-in-full': 0, 'complied-in-part': 2, refused: 1, pending: 1 },
    });
    expect(r.conversationContentDisclosed).toBe(0);
    expect(r.disclosedByCategory).toEqual({ content: { returns: 0, records: 0 }, metadata: { returns: 2, records: 5 }, keys: { returns: 0, records: 0 } });
    expect(r.accountsAffected).toBe(3);
    expect(r.seizures).toMatchObject({ server: 1, phone: 1, phoneAccounts: 1 });
    expect(r.seizures.list).toEqual([
      { kind: 'server', atMs: 40_000, itemCount: 1, atRestKeysTaken: true },
      { kind: 'phone', atMs: 50_000 },
    ]);
  });

  test('notifications: sent, pending under a gag, and due-but-unsent at the end of the period', () => {
    const r = transparencyReport(history('refuse-content'), { fromMs: 0, toMs: DAY });
    // w1 affected alice, bob, carol (alice notified); w2 (room ab) affected alice and bob under gag; w3 refused.
    expect(r.notifications).toEqual({ sent: 1, pendingUnderGag: 2, overdue: 2 });
    const after = transparencyReport(history('refuse-content'), { fromMs: 0, toMs: 6 * DAY });
    expect(after.notifications).toEqual({ sent: 1, pendingUnderGag: 0, overdue: 4 });
  });

  test('comply discloses content and the report counts it', () => {
    const r = transparencyReport(history('comply'), { fromMs: 0, toMs: 7 * DAY });
    expect(r.conversationContentDisclosed).toBe(6);
    expect(r.disclosedByCategory.content).toEqual({ returns: 2, records: 6 });
    expect(r.warrants.byOutcome['complied-in-full']).toBe(3);
  });

  test('a period holds only what happened in it', () => {
    const r = transparencyReport(history('refuse-content'), { fromMs: 25_000, toMs: 45_000 });
    expect(r.warrants.received).toBe(1);
    expect(r.returns.map((x) => x.warrantId)).toEqual(['w3']);
    expect(r.seizures.server).toBe(1);
    expect(r.seizures.phone).toBe(0);
    expect(() => transparencyReport(history('comply'), { fromMs: 5, toMs: 5 })).toThrow(UsageError);
  });

  test('under-report publishes a lower, self-consistent report and leaves the ledger untouched', () => {
    const ledger = history('comply');
    const before = ledger.entries.length;
    const lied = transparencyReport(underReportedLedger(ledger, { hideWarrants: 1, hideSeizures: 1, shrinkRecordsPercent: 50 }), { fromMs: 0, toMs: 7 * DAY });
    expect(lied.warrants.received).toBe(3);
    expect(lied.seizures.server + lied.seizures.phone).toBe(1);
    expect(lied.disclosedByCategory.content.records).toBe(1);
    expect(ledger.entries.length).toBe(before);
    expect(() => underReportedLedger(ledger, { hideWarrants: 0, hideSeizures: 0, shrinkRecordsPercent: 101 })).toThrow(UsageError);
  });

  test('the report is plain JSON data', () => {
    const r = transparencyReport(history('comply'), { fromMs: 0, toMs: 7 * DAY });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
