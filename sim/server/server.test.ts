// The relay: delivery while online and after coming back, acks, redelivery through a lossy
// network, idempotent resubmission, sender authentication, metadata log contents.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { deviceId, roomId, userId } from '../../protocol/ids.ts';
import { SERVER_PARTY } from './types.ts';
import { LOSSY, testWorld } from '../../test/kits/serverWorld.ts';

const HOUR = 3_600_000;

describe('Server relay', () => {
  test('LIVE-DELIVERY: an online recipient gets the envelope, acks, and the server erases it', () => {
    const w = testWorld({ mode: 'honest' });
    w.server.connect(deviceId('bob'));
    w.engine.schedule(10, 'send', {}, () => w.send('alice', 'bob', utf8('hello'), { roomId: roomId('r1') }));
    w.engine.run({ untilMs: 60_000 });
    const bob = w.device('bob');
    expect(bob.delivered).toHaveLength(1);
    expect(bob.delivered[0]?.envelope).toMatchObject({ id: 'm1', from: 'alice', to: 'bob', roomId: 'r1', kind: 'pairwise' });
    expect(w.device('alice').accepted).toEqual(['m1']);
    expect(w.server.counts()).toMatchObject({ live: 0, retained: 0, metadata: 1 });
    expect(w.server.pendingFor(deviceId('bob'))).toEqual([]);
  });

  test('LIVE-DELIVERY: an offline recipient gets its queue on connect, in order', () => {
    const w = testWorld({ mode: 'honest' });
    w.engine.schedule(0, 'send', {}, () => {
      for (let i = 0; i < 5; i++) w.send('alice', 'bob', utf8(`msg ${i}`));
    });
    w.engine.run({ untilMs: HOUR });
    expect(w.device('bob').delivered).toHaveLength(0);
    expect(w.server.pendingFor(deviceId('bob'))).toHaveLength(5);
    w.server.connect(deviceId('bob'));
    w.engine.run({ untilMs: 2 * HOUR });
    expect(w.device('bob').delivered.map((d) => d.envelope.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(w.server.counts().live).toBe(0);
  });

  test('LIVE-DELIVERY: through a lossy network, redelivery gets every envelope acknowledged', () => {
    const w = testWorld({ mode: 'honest' }, { seed: 5, network: { defaultLink: LOSSY } });
    w.server.connect(deviceId('bob'));
    const sent: string[] = [];
    for (let i = 0; i < 40; i++) {
      // The sender resends until the server says accepted (what a device's retry loop does).
      const trySend = (envelopeId?: string): void => {
        if (envelopeId !== undefined && w.device('alice').accepted.includes(envelopeId)) return;
        const e = w.send('alice', 'bob', utf8(`msg ${i}`), envelopeId === undefined ? {} : { id: envelopeId });
        if (envelopeId === undefined) sent.push(e.id);
        w.engine.after(5_000, 'retry', {}, () => trySend(e.id));
      };
      w.engine.schedule(i * 1_000, 'send', {}, () => trySend());
    }
    w.engine.run({ untilMs: 24 * HOUR });
    const got = new Set(w.device('bob').delivered.map((d) => d.envelope.id));
    expect([...got].sort()).toEqual([...sent].sort());
    expect(w.server.counts().live).toBe(0);
    expect(w.network.stats.dropped).toBeGreaterThan(0);
  });

  test('a resubmitted envelope (same sender and id) is stored once', () => {
    const w = testWorld({ mode: 'honest' });
    w.engine.schedule(0, 'send', {}, () => {
      const e = w.send('alice', 'bob', utf8('x'));
      w.engine.after(100, 'resend', {}, () => w.send('alice', 'bob', utf8('x'), { id: e.id }));
    });
    w.engine.run({ untilMs: 1_000 });
    expect(w.server.pendingFor(deviceId('bob'))).toHaveLength(1);
    expect(w.device('alice').accepted).toEqual(['m1', 'm1']);
    expect(w.seen).toEqual(['envelope/s1', 'resubmit/s1']);
  });

  test('an envelope claiming another sender is refused; an ack from the wrong device is ignored', () => {
    const w = testWorld({ mode: 'honest' });
    w.engine.schedule(0, 'send', {}, () => {
      const env = { id: 'x1', from: deviceId('alice'), to: deviceId('bob'), kind: 'pairwise' as const, body: utf8('spoof'), sentAtMs: 0 };
      w.network.send(0, 'carol', SERVER_PARTY, { type: 'submit', envelope: env });
    });
    w.engine.run({ untilMs: 1_000 });
    expect(w.server.counts().live).toBe(0);
    expect(w.seen).toEqual(['refused/carol/x1']);
    const sid = w.server.submit({ id: 'x2', from: deviceId('alice'), to: deviceId('bob'), kind: 'pairwise', body: utf8('ok'), sentAtMs: 1_000 });
    expect(sid).toBeDefined();
    w.server.ack(deviceId('carol'), sid as string);
    expect(w.server.counts().live).toBe(1);
  });

  test('the metadata log holds routing and a size bucket, never content', () => {
    const w = testWorld({ mode: 'honest' });
    w.server.publish({ deviceId: deviceId('alice'), userId: userId('ua'), base: utf8('base-a'), oneTime: [], kemOneTime: [] });
    w.server.submit({ id: 'x', from: deviceId('alice'), to: deviceId('bob'), roomId: roomId('r'), kind: 'group', body: new Uint8Array(300), sentAtMs: 0 });
    const recs = w.server.view().metadataRecords({ kind: 'user', userId: userId('ua') }, 0, 10);
    expect(recs).toEqual([{ seq: 1, atMs: 0, from: 'alice', to: 'bob', roomId: 'r', kind: 'group', sizeBucket: 512 }]);
    expect(w.server.view().metadataRecords({ kind: 'room', roomId: roomId('other') }, 0, 10)).toEqual([]);
  });

  test('an honest or curious server refuses adversary actions', () => {
    for (const mode of ['honest', 'curious'] as const) {
      const w = testWorld({ mode });
      expect(() => w.server.lieAboutDeletion()).toThrow(UsageError);
    }
  });

  test('refuses out-of-range retention settings', () => {
    expect(() => testWorld({ mode: 'honest', retentionTtlMs: 0 })).toThrow(UsageError);
    expect(() => testWorld({ mode: 'honest', redeliveryMinMs: 10 * HOUR })).toThrow(UsageError);
  });

  test('the warrant view: content records are the stored ciphertext envelopes, keyed by user or room and window', () => {
    const w = testWorld({ mode: 'honest', backupIntervalMs: HOUR });
    for (const [d, u] of [
      ['alice', 'ua'],
      ['bob', 'ub'],
      ['carol', 'uc'],
    ] as const) {
      w.server.publish({ deviceId: deviceId(d), userId: userId(u), base: utf8(`base-${d}`), oneTime: [], kemOneTime: [] });
    }
    w.server.submit({ id: 'x', from: deviceId('alice'), to: deviceId('bob'), roomId: roomId('r'), kind: 'group', body: utf8('ct-1'), sentAtMs: 0 });
    w.engine.run({ untilMs: 2 * HOUR });
    w.server.submit({ id: 'y', from: deviceId('carol'), to: deviceId('alice'), kind: 'pairwise', body: utf8('ct-2'), sentAtMs: 0 });
    const view = w.server.view();
    const ofBob = view.contentRecords({ kind: 'user', userId: userId('ub') }, 0, 10 * HOUR);
    expect(ofBob.map((r) => [r.serverId, r.source, r.envelope.id])).toEqual([['s1', 'storage', 'x']]);
    expect(view.contentRecords({ kind: 'user', userId: userId('ua') }, HOUR, 10 * HOUR).map((r) => r.envelope.id)).toEqual(['y']);
    expect(
      view
        .keyRecords({ kind: 'room', roomId: roomId('r') })
        .map((k) => k.deviceId)
        .sort(),
    ).toEqual(['alice', 'bob']);
    expect(view.userOf(deviceId('carol'))).toBe('uc');
    w.server.ack(deviceId('bob'), 's1');
    expect(view.contentRecords({ kind: 'room', roomId: roomId('r') }, 0, 10 * HOUR)).toEqual([]);
  });
});
