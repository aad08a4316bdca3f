import { describe, expect, test } from 'vitest';
import { UsageError } from '../../protocol/errors.ts';
import { roomId, userId } from '../../protocol/ids.ts';
import { checkExactlyOnce } from './deliveryCheck.ts';
import { TruthRecorder } from '../../test/kits/truthRecorder.ts';

const A = userId('alice');
const B = userId('bob');
const C = userId('carol');
const ROOM = roomId('r');

function sentTo(gt: TruthRecorder, messageId: string, recipients = [B, C], privacyMode = true, atMs = 0): void {
  gt.recordSent({ atMs, messageId, from: A, roomId: ROOM, recipients, privacyMode, canaries: [`CANARY-${messageId}`], envelopeIds: recipients.map((r) => `${messageId}/${r}`) });
}

describe('ground truth', () => {
  test('LIVE-DELIVERY: every recipient decrypting once passes', () => {
    const gt = new TruthRecorder();
    sentTo(gt, 'm1');
    gt.recordDecrypted(5, 'm1', B);
    gt.recordDecrypted(6, 'm1', C);
    expect(checkExactlyOnce(gt)).toEqual([]);
  });

  test('LIVE-DELIVERY and SEC-INTEGRITY: lost, doubled and never-sent decrypts are each reported', () => {
    const gt = new TruthRecorder();
    sentTo(gt, 'm1');
    gt.recordDecrypted(5, 'm1', B);
    gt.recordDecrypted(6, 'm1', B);
    gt.recordDecrypted(7, 'forged', C);
    expect(checkExactlyOnce(gt).map((v) => v.property)).toEqual(['SEC-INTEGRITY', 'LIVE-DELIVERY', 'SEC-INTEGRITY']);
  });

  test('queries: privacy-mode envelope ids and canaries, sent before a time', () => {
    const gt = new TruthRecorder();
    sentTo(gt, 'm1');
    sentTo(gt, 'm2', [B], false);
    gt.recordErased(10, 'm1', 'server');
    sentTo(gt, 'm3', [C], true, 10);
    expect([...gt.privacyModeEnvelopeIds()]).toEqual(['m1/bob', 'm1/carol', 'm3/carol']);
    expect(gt.privacyModeCanaries()).toEqual(['CANARY-m1', 'CANARY-m3']);
    expect(gt.privacyModeCanaries(1)).toEqual(['CANARY-m1']);
  });

  test('a return for a warrant never served, or a warrant served twice, is a harness bug', () => {
    const gt = new TruthRecorder();
    const w = { id: 'w', servedAtMs: 0, target: { kind: 'user' as const, userId: A }, scope: ['metadata' as const], fromMs: 0, toMs: 1 };
    expect(() => gt.recordReturn({ warrantId: 'w', returnedAtMs: 0, disclosed: [], refused: [], affectedUsers: [] })).toThrow(UsageError);
    gt.recordWarrantServed(w);
    expect(() => gt.recordWarrantServed(w)).toThrow(UsageError);
  });

  test('SEC-WARRANT: the target account counts as affected whenever any record left, even if the return omits it', () => {
    const gt = new TruthRecorder();
    gt.recordWarrantServed({ id: 'w', servedAtMs: 0, target: { kind: 'user', userId: A }, scope: ['metadata'], fromMs: 0, toMs: 1 });
    const md = { category: 'metadata' as const, recordCount: 1, items: [{ label: 'metadata/0', bytes: new Uint8Array(1) }] };
    expect([...gt.affectedBy({ warrantId: 'w', returnedAtMs: 0, disclosed: [md], refused: [], affectedUsers: [B] })]).toEqual([B, A]);
    expect([...gt.affectedBy({ warrantId: 'w', returnedAtMs: 0, disclosed: [{ ...md, recordCount: 0, items: [] }], refused: [], affectedUsers: [] })]).toEqual([]);
  });
});
