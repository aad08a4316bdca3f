// The server through the warrant code's interface: users instead of devices, half-open windows.
import { describe, expect, test } from 'vitest';
import { fromUtf8, utf8 } from '../../protocol/bytes.ts';
import { deviceId, roomId, userId } from '../../protocol/ids.ts';
import { testWorld } from '../../test/kits/serverWorld.ts';
import { warrantView } from './warrantView.ts';

describe('warrantView', () => {
  test('SEC-WARRANT: records name users, content is the stored ciphertext, windows are [from, to)', () => {
    const w = testWorld({ mode: 'honest' });
    w.server.publish({ deviceId: deviceId('alice'), userId: userId('ua'), base: utf8('base-a'), oneTime: [], kemOneTime: [] });
    w.server.publish({ deviceId: deviceId('bob'), userId: userId('ub'), base: utf8('base-b'), oneTime: [], kemOneTime: [] });
    w.engine.run({ untilMs: 100 });
    w.server.submit({ id: 'e1', from: deviceId('alice'), to: deviceId('bob'), roomId: roomId('r'), kind: 'pairwise', body: utf8('ciphertext'), sentAtMs: 90 });
    const v = warrantView(w.server.view());
    const target = { kind: 'user' as const, userId: userId('ub') };
    expect(v.metadataRecords(target, 0, 101)).toEqual([{ atMs: 100, from: 'ua', to: 'ub', roomId: 'r', kind: 'pairwise', sizeBucket: 256 }]);
    expect(v.metadataRecords(target, 0, 100)).toEqual([]);
    const content = v.contentRecords({ kind: 'room', roomId: roomId('r') }, 100, 101);
    expect(content.map((c) => [c.envelopeId, c.atMs, c.from, c.to, fromUtf8(c.body)])).toEqual([['e1', 100, 'ua', 'ub', 'ciphertext']]);
    expect(v.keyRecords(target).map((k) => [k.deviceId, k.userId, Buffer.from(k.bytes).includes(Buffer.from('base-b'))])).toEqual([['bob', 'ub', true]]);
  });
});
