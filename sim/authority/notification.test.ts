import { describe, expect, test } from 'vitest';
import { TransparencyLedger, serveWarrant } from './ledger.ts';
import { memoryServerView } from './memoryServerView.ts';
import { notificationsDue, notificationsOwed, notificationsPendingUnderGag } from './notification.ts';
import { ALICE, BOB, CAROL, sampleRecords } from '../../test/kits/serverRecords.ts';
import type { Warrant, WarrantPolicy } from './warrant.ts';

const view = memoryServerView(sampleRecords());
const base: Warrant = { id: 'w1', servedAtMs: 10_000, target: { kind: 'user', userId: BOB }, scope: ['metadata'], fromMs: 0, toMs: 10_000 };

function served(policy: WarrantPolicy, warrant: Warrant = base): TransparencyLedger {
  const ledger = new TransparencyLedger({ reportSeizures: true });
  serveWarrant(ledger, warrant, policy, view, warrant.servedAtMs);
  return ledger;
}

describe('notificationsDue', () => {
  test('SEC-WARRANT: without a gag every affected user is due at once, one notification each', () => {
    const ledger = served('refuse-content');
    expect(notificationsDue(ledger, 10_000)).toEqual([
      { warrantId: 'w1', userId: ALICE, dueAtMs: 10_000 },
      { warrantId: 'w1', userId: BOB, dueAtMs: 10_000 },
    ]);
    expect(notificationsDue(ledger, 9_999)).toEqual([]);
  });

  test('SEC-WARRANT: under a gag nothing is due before expiry, and exactly at expiry it is', () => {
    const gag = 3 * 86_400_000;
    const ledger = served('refuse-content', { ...base, gagUntilMs: gag });
    expect(notificationsDue(ledger, gag - 1)).toEqual([]);
    expect(notificationsPendingUnderGag(ledger, gag - 1)).toHaveLength(2);
    expect(notificationsDue(ledger, gag).map((n) => n.dueAtMs)).toEqual([gag, gag]);
    expect(notificationsPendingUnderGag(ledger, gag)).toEqual([]);
  });

  test('a sent notification is no longer due; the others still are', () => {
    const ledger = served('comply');
    ledger.recordNotificationSent({ warrantId: 'w1', userId: ALICE }, 10_000);
    expect(notificationsDue(ledger, 10_000)).toEqual([{ warrantId: 'w1', userId: BOB, dueAtMs: 10_000 }]);
  });

  test('comply-silently never notifies, whatever the time', () => {
    const ledger = served('comply-silently');
    expect(notificationsOwed(ledger)).toEqual([]);
    expect(notificationsDue(ledger, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  test('a warrant refused outright discloses nothing and owes no notification', () => {
    const ledger = served('refuse-content', { ...base, scope: ['content'] });
    expect(notificationsOwed(ledger)).toEqual([]);
  });

  test('one notification per disclosure: two warrants affecting the same user owe two', () => {
    const ledger = served('comply', { ...base, target: { kind: 'user', userId: CAROL } });
    serveWarrant(ledger, { ...base, id: 'w2', servedAtMs: 11_000, target: { kind: 'user', userId: CAROL } }, 'comply', view, 11_000);
    expect(
      notificationsDue(ledger, 11_000)
        .filter((n) => n.userId === CAROL)
        .map((n) => n.warrantId),
    ).toEqual(['w1', 'w2']);
  });
});
