// Every adversary action, applied by a malicious server: what the victims receive or fetch.
import { describe, expect, test } from 'vitest';
import { fromUtf8, toHex, utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { deviceId, userId } from '../../protocol/ids.ts';
import { isSimLimitExceeded } from '../engine/simLimitError.ts';
import { testWorld, type TestWorld } from '../../test/kits/serverWorld.ts';

const [alice, bob, carol] = [deviceId('alice'), deviceId('bob'), deviceId('carol')];
const hex = (s: string): string => toHex(utf8(s));

function malicious(): TestWorld {
  const w = testWorld({ mode: 'malicious' });
  for (const d of [alice, bob, carol]) w.server.connect(d);
  w.server.publish({
    deviceId: bob,
    userId: userId('u-bob'),
    base: utf8('bob-base'),
    oneTime: [
      { id: 1, bytes: utf8('otk-1') },
      { id: 2, bytes: utf8('otk-2') },
    ],
    kemOneTime: [],
  });
  return w;
}

/** Alice sends each body to `to` (one per second), then the world runs an hour. */
function sendAll(w: TestWorld, to: string, bodies: readonly string[], extra: object = {}): void {
  bodies.forEach((b, i) => w.engine.schedule(w.engine.nowMs + i * 1_000, 'send', {}, () => w.send('alice', to, utf8(b), extra)));
  w.engine.run({ untilMs: w.engine.nowMs + 3_600_000 });
}

const bodiesAt = (w: TestWorld, name: string): string[] => w.device(name).delivered.map((d) => fromUtf8(d.envelope.body));

describe('malicious server: adversary actions', () => {
  test('SEC-MITM substitute-bundle: the requester gets the attacker-made bundle, others the real one', () => {
    const w = malicious();
    w.server.installBundleRule({ kind: 'substitute-bundle', deviceId: bob, requester: alice, bundle: { base: hex('evil-base'), oneTime: { id: 77, bytes: hex('evil-otk') } } });
    const toAlice = w.server.fetchBundle(alice, bob);
    expect(fromUtf8(toAlice?.base ?? new Uint8Array())).toBe('evil-base');
    expect(toAlice?.oneTime?.id).toBe(77);
    expect(fromUtf8(w.server.fetchBundle(carol, bob)?.base ?? new Uint8Array())).toBe('bob-base');
  });

  test('withhold-bundle: the device looks unknown', () => {
    const w = malicious();
    w.server.installBundleRule({ kind: 'withhold-bundle', deviceId: bob });
    expect(w.server.fetchBundle(alice, bob)).toBeUndefined();
  });

  test('SEC-MITM reserve-one-time-prekey: a used one-time prekey is served again (once), unlike the honest server', () => {
    const w = malicious();
    expect(w.server.fetchBundle(alice, bob)?.oneTime?.id).toBe(1);
    w.server.installBundleRule({ kind: 'reserve-one-time-prekey', deviceId: bob });
    expect(w.server.fetchBundle(carol, bob)?.oneTime?.id).toBe(1);
    expect(w.server.fetchBundle(carol, bob)?.oneTime?.id).toBe(2);
  });

  test('LIVE-DELIVERY drop: the matching envelope never arrives, the sender is still told "accepted"', () => {
    const w = malicious();
    w.server.installMessageRule({ kind: 'drop', match: { to: bob } }, 1);
    sendAll(w, 'bob', ['one', 'two']);
    expect(bodiesAt(w, 'bob')).toEqual(['two']);
    expect(w.device('alice').accepted).toEqual(['m1', 'm2']);
  });

  test('delay: the envelope is held for delayMs', () => {
    const w = malicious();
    w.server.installMessageRule({ kind: 'delay', match: { to: bob }, delayMs: 600_000 });
    sendAll(w, 'bob', ['late']);
    expect(w.device('bob').delivered[0]?.atMs).toBeGreaterThanOrEqual(600_000);
  });

  test('SEC-INTEGRITY duplicate: the envelope arrives twice under two server ids', () => {
    const w = malicious();
    w.server.installMessageRule({ kind: 'duplicate', match: { to: bob } });
    sendAll(w, 'bob', ['twice']);
    const got = w.device('bob').delivered;
    expect(got.map((d) => fromUtf8(d.envelope.body))).toEqual(['twice', 'twice']);
    expect(new Set(got.map((d) => d.serverId)).size).toBe(2);
  });

  test('SEC-INTEGRITY reorder: a held envelope is overtaken by the next one', () => {
    const w = malicious();
    w.server.installMessageRule({ kind: 'reorder', match: { to: bob } });
    sendAll(w, 'bob', ['first', 'second', 'third']);
    expect(bodiesAt(w, 'bob')).toEqual(['second', 'first', 'third']);
  });

  test('SEC-INTEGRITY replay: an earlier envelope is delivered again later', () => {
    const w = malicious();
    sendAll(w, 'bob', ['original']);
    w.server.replay(alice, 'm1', undefined);
    w.engine.run({ untilMs: w.engine.nowMs + 60_000 });
    expect(bodiesAt(w, 'bob')).toEqual(['original', 'original']);
    expect(() => w.server.replay(alice, 'never-sent', undefined)).toThrow(UsageError);
  });

  test('SEC-INTEGRITY modify: the body arrives with the chosen bits flipped', () => {
    const w = malicious();
    w.server.installMessageRule({ kind: 'modify', match: { from: alice }, bits: [0, 9] });
    sendAll(w, 'bob', ['AA']);
    expect([...(w.device('bob').delivered[0]?.envelope.body ?? [])]).toEqual([0x41 ^ 1, 0x41 ^ 2]);
  });

  test('SEC-INTEGRITY forge: an attacker-made envelope arrives claiming any sender', () => {
    const w = malicious();
    w.server.forge({ id: 'f1', from: carol, to: bob, kind: 'pairwise', body: hex('forged'), sentAtMs: 0 });
    w.engine.run({ untilMs: 60_000 });
    expect(w.device('bob').delivered.map((d) => [d.envelope.from, fromUtf8(d.envelope.body)])).toEqual([['carol', 'forged']]);
  });

  test('SEC-RETENTION lie-about-deletion: acked envelopes stay in the seizure while deletion is claimed', () => {
    const w = malicious();
    w.server.lieAboutDeletion();
    sendAll(w, 'bob', ['kept']);
    expect(w.server.counts()).toMatchObject({ live: 0, retained: 1 });
    const seized = w.server.seize(w.engine.nowMs);
    expect(seized.items.some((i) => i.label === 'disk/record/s1')).toBe(true);
    expect(w.engine.trace.lines().some((l) => l.includes('"kind":"server-delete"') && l.includes('"bytesKept":true'))).toBe(true);
  });

  test('SEC-WARRANT under-report: the lie is exposed to the transparency code', () => {
    const w = malicious();
    expect(w.server.underReport()).toBeUndefined();
    w.server.lieInReport({ hideWarrants: 1, hideSeizures: 2, shrinkRecordsPercent: 50 });
    expect(w.server.underReport()).toEqual({ hideWarrants: 1, hideSeizures: 2, shrinkRecordsPercent: 50 });
    expect(() => w.server.lieInReport({ hideWarrants: 0, hideSeizures: 0, shrinkRecordsPercent: 101 })).toThrow(UsageError);
  });

  test('scheduled timeline: actions apply at their instants and appear in the trace', () => {
    const w = malicious();
    w.engine.schedule(5_000, 'adversary-at', {}, () => w.server.installMessageRule({ kind: 'drop', match: { to: bob } }));
    w.engine.schedule(1_000, 'send', {}, () => w.send('alice', 'bob', utf8('before')));
    w.engine.schedule(6_000, 'send', {}, () => w.send('alice', 'bob', utf8('after')));
    w.engine.run({ untilMs: 60_000 });
    expect(bodiesAt(w, 'bob')).toEqual(['before']);
    expect(w.engine.trace.lines().some((l) => l.includes('"kind":"adversary"') && l.includes('"t":5000'))).toBe(true);
  });

  test('MAX_ADVERSARY_RULES: installing one rule too many is refused', () => {
    const w = testWorld({ mode: 'malicious', limits: { maxAdversaryRules: 3 } });
    for (let i = 0; i < 3; i++) w.server.installBundleRule({ kind: 'withhold-bundle', deviceId: bob });
    let caught: unknown;
    try {
      w.server.installMessageRule({ kind: 'drop', match: {} });
    } catch (e) {
      caught = e;
    }
    expect(isSimLimitExceeded(caught, 'MAX_ADVERSARY_RULES')).toBe(true);
  });

  test('a malicious server also keeps the curious archive of every byte it received', () => {
    const w = malicious();
    sendAll(w, 'bob', ['archived']);
    expect(w.server.counts().archive).toBeGreaterThan(0);
    expect(
      w.server
        .view()
        .contentRecords({ kind: 'user', userId: userId('u-bob') }, 0, 10 ** 9)
        .map((r) => r.source),
    ).toEqual(['archive']);
  });
});
