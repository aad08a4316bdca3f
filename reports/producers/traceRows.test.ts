// Reading what the server saw from trace lines: stores, injections, adversary effects, erasures with
// their reason, size buckets as the metadata log keeps them; attacks and backups.
import { describe, expect, test } from 'vitest';
import { serverActionRows, serverSawRows } from './traceRows.ts';

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const TRACE = [
  line({ kind: 'run-start', t: 0 }),
  line({ envelopeId: 'alice:1', from: 'alice', kind: 'server-submit', roomId: 'ab', serverId: 's1', size: 1325, t: 1050, to: 'bob' }),
  line({ action: { kind: 'replay' }, kind: 'adversary', t: 1100 }),
  line({ envelopeId: 'alice:1', from: 'alice', kind: 'adversary-inject', roomId: 'ab', serverId: 's2', t: 1100, to: 'bob', why: 'replay' }),
  line({ bytesKept: false, kind: 'server-delete', reason: 'ack', serverId: 's1', t: 1150 }),
  line({ effect: 'modify', kind: 'adversary-effect', serverId: 's2', t: 1100 }),
  line({ kind: 'server-backup-taken', records: 4, t: 21_600_000 }),
  line({ bytesKept: true, kind: 'server-delete', reason: 'ttl', serverId: 's2', t: 300_000_000 }),
];

describe('serverSawRows', () => {
  test('one row per envelope with size bucket, origin, effect and erasure', () => {
    const rows = serverSawRows(TRACE);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      atMs: 1050,
      serverId: 's1',
      from: 'alice',
      to: 'bob',
      room: 'ab',
      sizeBytes: 1325,
      bucketBytes: 2048,
      origin: 'submitted',
      effect: null,
      erasedAtMs: 1150,
      erasedReason: 'ack',
    });
    expect(rows[1]).toMatchObject({ serverId: 's2', sizeBytes: null, bucketBytes: null, origin: 'injected (replay)', effect: 'modify', erasedAtMs: 300_000_000, erasedReason: 'ttl (bytes kept)' });
  });

  test('a trace with no server lines gives no rows', () => {
    expect(serverSawRows([line({ kind: 'net-send', t: 1 })])).toEqual([]);
  });
});

describe('serverActionRows', () => {
  test('attacks and backups, in trace order', () => {
    expect(serverActionRows(TRACE)).toEqual([
      { atMs: 1100, kind: 'attack', detail: 'replay' },
      { atMs: 21_600_000, kind: 'backup', detail: '4 records' },
    ]);
  });
});
