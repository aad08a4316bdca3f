// SEC-RETENTION: what a seizure of the server finds, at any instant, against the published policy.
// The checks here are written from the outside: they open seized bytes with the seized at-rest
// key (noble directly, not the server's code) and scan them for the submitted bodies.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { fromUtf8, toHex, utf8 } from '../../protocol/bytes.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { deviceId, userId } from '../../protocol/ids.ts';
import { DEFAULT_RETENTION_TTL_MS } from '../../protocol/limits.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { serverFlags } from '../../protocol/variant.ts';
import { AT_REST_DOMAIN, openRecord } from '../storage/sealedRecord.ts';
import { decodeStoredEnvelope } from './envelope.ts';
import { holdsCanary, testWorld, type TestWorld } from '../../test/kits/serverWorld.ts';
import type { ServerMode, ServerOptions, ServerSeizure } from './types.ts';

const HOUR = 3_600_000;
const DEVICES = ['alice', 'bob', 'carol', 'dave'];

interface Truth {
  readonly bodies: Uint8Array[];
  readonly ackedAt: Map<string, number>;
  readonly seizures: ServerSeizure[];
}

/** Random traffic over `days`, devices going on and offline, some deliveries never acked, seizures at random instants. */
function workload(seed: number, options: ServerOptions, days: number, seizeAt: readonly number[]): { w: TestWorld; truth: Truth } {
  const w = testWorld(options, { seed, devices: DEVICES, autoAck: false });
  const rng = createDrbg(`workload ${seed}`);
  const truth: Truth = { bodies: [], ackedAt: new Map(), seizures: [] };
  const span = days * 24 * HOUR;
  for (const name of DEVICES) {
    for (let t = rng.below(6 * HOUR); t < span; t += 1 + rng.below(12 * HOUR)) {
      const online = rng.chance(1, 2);
      w.engine.schedule(t, 'toggle', {}, () => (online ? w.server.connect(deviceId(name)) : w.server.disconnect(deviceId(name))));
    }
  }
  for (let i = 0; i < 40; i++) {
    const [from, to] = [DEVICES[rng.below(4)] as string, DEVICES[rng.below(4)] as string];
    const body = utf8(`canary-${toHex(rng.bytes(12))}`);
    truth.bodies.push(body);
    w.engine.schedule(rng.below(span), 'send', {}, () => w.server.submit({ id: `m${i}`, from: deviceId(from), to: deviceId(to), kind: 'pairwise', body, sentAtMs: w.engine.nowMs }));
  }
  const acks = createDrbg(`acks ${seed}`);
  const deliveredHook = (): void => {
    for (const dev of w.devices.values()) {
      for (const d of dev.delivered.splice(0)) {
        if (truth.ackedAt.has(d.serverId) || !acks.chance(3, 4)) continue;
        truth.ackedAt.set(d.serverId, w.engine.nowMs);
        w.server.ack(dev.id, d.serverId);
      }
    }
  };
  for (let t = 0; t < span + 4 * 24 * HOUR; t += 5 * 60_000) w.engine.schedule(t, 'device-acks', {}, deliveredHook);
  for (const t of seizeAt) w.engine.schedule(t, 'seize', {}, () => truth.seizures.push(w.server.seize(t)));
  w.engine.run();
  return { w, truth };
}

/** The at-rest label a seized item was sealed under. */
function atRestLabel(item: string): string {
  if (item.startsWith('disk/')) return item.slice('disk/'.length);
  const m = /^backup\/\d+\/(.*)$/.exec(item);
  if (m?.[1] === undefined) throw new Error(`unexpected seized item ${item}`);
  return m[1];
}

function openSeized(s: ServerSeizure, label: string, bytes: Uint8Array): Uint8Array {
  const key = s.atRestKeys[0] as Uint8Array;
  // The framing of sealed records (sim/storage/sealedRecord.ts), opened with noble, not the server's code.
  return openRecord({ provider: nobleProvider, key, domain: AT_REST_DOMAIN }, label, bytes);
}

describe('SEC-RETENTION', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 72 }), fc.array(fc.integer({ min: 0, max: 7 * 24 * HOUR }), { minLength: 1, maxLength: 6 })], {
    numRuns: 8,
  })('SEC-RETENTION: an honest server seized at any instant holds nothing past its ack or TTL, and nothing unencrypted', (seed, ttlHours, seizeAt) => {
    const ttlMs = ttlHours * HOUR;
    const { truth } = workload(seed, { mode: 'honest', retentionTtlMs: ttlMs }, 4, seizeAt);
    expect(truth.seizures).toHaveLength(seizeAt.length);
    for (const s of truth.seizures) {
      for (const item of s.items) {
        expect(item.label).toMatch(/^(disk|backup)\//);
        const label = atRestLabel(item.label);
        const plain = openSeized(s, label, item.bytes); // throws if anything is not sealed under the at-rest key
        for (const body of truth.bodies) expect(holdsCanary(item.bytes, body)).toBe(false);
        if (label.startsWith('record/')) {
          const rec = decodeStoredEnvelope(plain);
          const acked = truth.ackedAt.get(rec.serverId);
          expect(acked === undefined || acked > s.atMs, `${rec.serverId} acked at ${acked}, seized at ${s.atMs}`).toBe(true);
          expect(rec.storedAtMs + ttlMs).toBeGreaterThan(s.atMs);
        }
        if (label.startsWith('metadata/')) expect((JSON.parse(fromUtf8(plain)) as { atMs: number }).atMs + ttlMs).toBeGreaterThan(s.atMs);
        if (item.label.startsWith('backup/')) expect(Number(item.label.split('/')[1]) + ttlMs).toBeGreaterThan(s.atMs);
      }
    }
  });

  const keepers: [string, ServerMode, ServerOptions['flags']][] = [
    ['curious', 'curious', undefined],
    ['server-keeps-forever', 'honest', serverFlags('server-keeps-forever')],
  ];
  test.each(keepers)('SEC-RETENTION negative control: a %s server keeps every envelope it received', (_name, mode, flags) => {
    const end = 9 * 24 * HOUR;
    const { w, truth } = workload(42, { mode, ...(flags === undefined ? {} : { flags }) }, 4, [end]);
    const seized = truth.seizures[0] as ServerSeizure;
    const bodiesFound = truth.bodies.filter((b) =>
      seized.items.some((i) => holdsCanary(i.bytes, b) || (!i.label.startsWith('archive/') && holdsCanary(openSeized(seized, atRestLabel(i.label), i.bytes), b))),
    );
    expect(bodiesFound).toHaveLength(truth.bodies.length);
    expect(end).toBeGreaterThan(4 * 24 * HOUR + DEFAULT_RETENTION_TTL_MS);
    if (mode === 'curious') {
      // Curious follows the policy for its storage, but its plaintext-at-rest archive holds every byte.
      expect(w.server.counts().live + w.server.counts().retained).toBe(0);
      for (const b of truth.bodies) expect(seized.items.some((i) => i.label.startsWith('archive/') && holdsCanary(i.bytes, b))).toBe(true);
    } else {
      // Keeps forever while claiming deletion: every record is "deleted" in the trace, yet retained.
      expect(w.server.counts().retained).toBe(truth.bodies.length);
      const claims = w.engine.trace.lines().filter((l) => l.includes('"kind":"server-delete"'));
      expect(claims.length).toBe(truth.bodies.length);
      expect(claims.every((l) => l.includes('"bytesKept":true'))).toBe(true);
    }
  });

  test('SEC-RETENTION: backups are taken, purged on ack and expire with the retention period', () => {
    const w = testWorld({ mode: 'honest', backupIntervalMs: HOUR, retentionTtlMs: 10 * HOUR });
    w.server.publish({ deviceId: deviceId('bob'), userId: userId('ub'), base: utf8('b'), oneTime: [], kemOneTime: [] });
    const sid = w.server.submit({ id: 'a', from: deviceId('alice'), to: deviceId('bob'), kind: 'pairwise', body: utf8('kept'), sentAtMs: 0 }) as string;
    w.engine.run({ untilMs: 2 * HOUR });
    expect(w.server.counts().backups).toBe(1);
    expect(w.server.seize(2 * HOUR).items.some((i) => i.label === `backup/${HOUR}/record/${sid}`)).toBe(true);
    w.server.ack(deviceId('bob'), sid);
    expect(w.server.seize(2 * HOUR).items.some((i) => i.label.endsWith(`record/${sid}`))).toBe(false);
    w.engine.run({ untilMs: 12 * HOUR });
    expect(w.server.counts().backups).toBe(0);
    expect(w.server.seize(12 * HOUR).items.filter((i) => i.label.startsWith('backup/'))).toEqual([]);
  });

  test('DET-REPLAY: the same workload replays to the same trace hash; another TTL does not', () => {
    const a = workload(7, { mode: 'honest' }, 2, [30 * HOUR]).w.engine.trace.traceHash;
    const b = workload(7, { mode: 'honest' }, 2, [30 * HOUR]).w.engine.trace.traceHash;
    const c = workload(7, { mode: 'honest', retentionTtlMs: 48 * HOUR }, 2, [30 * HOUR]).w.engine.trace.traceHash;
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});
