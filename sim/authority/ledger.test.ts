import { describe, expect, test } from 'vitest';
import { AssertionFailure, UsageError } from '../../protocol/errors.ts';
import { deviceId } from '../../protocol/ids.ts';
import { TransparencyLedger, serveWarrant } from './ledger.ts';
import { memoryServerView } from './memoryServerView.ts';
import { ALICE, BOB, sampleRecords } from '../../test/kits/serverRecords.ts';
import type { Warrant } from './warrant.ts';

const view = memoryServerView(sampleRecords());
const warrant: Warrant = { id: 'w1', servedAtMs: 10_000, target: { kind: 'user', userId: ALICE }, scope: ['content', 'metadata'], fromMs: 0, toMs: 10_000 };
const seizure = {
  items: [
    { label: 'db', bytes: new Uint8Array(100) },
    { label: 'log', bytes: new Uint8Array(20) },
  ],
  atRestKeys: [new Uint8Array(32)],
};

describe('TransparencyLedger', () => {
  test('SEC-WARRANT: records the warrant, the return by category and count, and the policy', () => {
    const ledger = new TransparencyLedger({ reportSeizures: true });
    serveWarrant(ledger, warrant, 'refuse-content', view, 10_000);
    const [received, returned] = ledger.entries;
    expect(received?.kind).toBe('warrant-received');
    expect(returned).toMatchObject({ kind: 'warrant-returned', outcome: 'complied-in-part', refused: ['content'], notifyUsers: true, policy: 'refuse-content' });
    expect(returned?.kind === 'warrant-returned' && returned.disclosed).toEqual([{ category: 'metadata', recordCount: 3 }]);
  });

  test('SEC-WARRANT: seizures are recorded with their size', () => {
    const ledger = new TransparencyLedger({ reportSeizures: true });
    ledger.recordServerSeizure(seizure, 5);
    ledger.recordPhoneSeizure({ deviceId: deviceId('bob-1'), userId: BOB }, 6);
    expect(ledger.entries).toEqual([
      { kind: 'server-seizure', atMs: 5, itemCount: 2, byteCount: 120, atRestKeyCount: 1 },
      { kind: 'phone-seizure', atMs: 6, deviceId: 'bob-1', userId: BOB },
    ]);
  });

  test('unreported-seizure variant (reportSeizures: false) leaves seizures out of the ledger', () => {
    const ledger = new TransparencyLedger({ reportSeizures: false });
    ledger.recordServerSeizure(seizure, 5);
    ledger.recordPhoneSeizure({ deviceId: deviceId('bob-1'), userId: BOB }, 6);
    expect(ledger.entries).toEqual([]);
  });

  test('misuse is refused: duplicate warrant, unknown or repeated return, early return, stray notification', () => {
    const ledger = new TransparencyLedger({ reportSeizures: true });
    const ret = serveWarrant(ledger, warrant, 'comply', view, 10_000);
    expect(() => ledger.recordWarrant(warrant)).toThrow(UsageError);
    expect(() => ledger.recordReturn(ret, 'comply')).toThrow(UsageError);
    expect(() => ledger.recordReturn({ ...ret, warrantId: 'nope' }, 'comply')).toThrow(UsageError);
    ledger.recordWarrant({ ...warrant, id: 'w2', servedAtMs: 20_000 });
    expect(() => ledger.recordReturn({ ...ret, warrantId: 'w2', returnedAtMs: 19_000 }, 'comply')).toThrow(UsageError);
    expect(() => ledger.recordNotificationSent({ warrantId: 'w2', userId: ALICE }, 20_000)).toThrow(UsageError);
  });

  test('entries must arrive in time order (an engine bug otherwise)', () => {
    const ledger = new TransparencyLedger({ reportSeizures: true });
    ledger.recordServerSeizure(seizure, 100);
    expect(() => ledger.recordServerSeizure(seizure, 99)).toThrow(AssertionFailure);
  });
});
