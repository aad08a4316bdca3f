// Over-the-limit tests for every bound the server enforces (sim/engine/limits.ts).
import { describe, expect, test } from 'vitest';
import { utf8 } from '../../protocol/bytes.ts';
import { deviceId } from '../../protocol/ids.ts';
import { isSimLimitExceeded } from '../engine/simLimitError.ts';
import type { Server } from './server.ts';
import { testWorld } from '../../test/kits/serverWorld.ts';
import type { ServerLimits, ServerMode } from './types.ts';

const HOUR = 3_600_000;

/** Submits `n` envelopes directly and returns the limit error that stopped it, if any. */
function flood(server: Server, n: number, to = 'bob'): unknown {
  try {
    for (let i = 0; i < n; i++) server.submit({ id: `${to}-${i}`, from: deviceId('alice'), to: deviceId(to), kind: 'pairwise', body: utf8(`x${i}`), sentAtMs: 0 });
  } catch (e) {
    return e;
  }
  return undefined;
}

function world(limits: ServerLimits, mode: ServerMode = 'honest') {
  return testWorld({ mode, limits, backupIntervalMs: HOUR });
}

describe('server bounds', () => {
  test('MAX_STORED_RECORDS: storing one record too many ends the run', () => {
    const w = world({ maxStoredRecords: 5 });
    expect(flood(w.server, 5)).toBeUndefined();
    expect(isSimLimitExceeded(flood(w.server, 1, 'carol'), 'MAX_STORED_RECORDS')).toBe(true);
  });

  test('MAX_MAILBOX_ENVELOPES: one recipient cannot be queued past its bound', () => {
    const w = world({ maxMailboxEnvelopes: 4 });
    expect(isSimLimitExceeded(flood(w.server, 5), 'MAX_MAILBOX_ENVELOPES')).toBe(true);
  });

  test('MAX_METADATA_RECORDS: the metadata log is bounded', () => {
    const w = world({ maxMetadataRecords: 3 });
    expect(isSimLimitExceeded(flood(w.server, 4), 'MAX_METADATA_RECORDS')).toBe(true);
  });

  test('MAX_SEEN_ITEMS: the record of everything seen (and the archive) is bounded', () => {
    const w = world({ maxSeenItems: 3 }, 'curious');
    expect(isSimLimitExceeded(flood(w.server, 4), 'MAX_SEEN_ITEMS')).toBe(true);
  });

  test('MAX_SUBMIT_DEDUP_ENTRIES: remembered submissions are bounded', () => {
    const w = world({ maxSubmitDedupEntries: 2 });
    expect(isSimLimitExceeded(flood(w.server, 3), 'MAX_SUBMIT_DEDUP_ENTRIES')).toBe(true);
  });

  test('MAX_BACKUPS_KEPT: a server that never deletes runs out of backup slots', () => {
    const w = testWorld({ mode: 'honest', flags: { retention: false, reportSeizures: true }, backupIntervalMs: HOUR, limits: { maxBackups: 3 } });
    for (let h = 0; h < 5; h++) w.engine.schedule(h * HOUR + 1, 'send', {}, () => flood(w.server, 1, `d${h}`));
    let caught: unknown;
    try {
      w.engine.run();
    } catch (e) {
      caught = e;
    }
    expect(isSimLimitExceeded(caught, 'MAX_BACKUPS_KEPT')).toBe(true);
    expect(w.engine.failed).toBe(caught);
  });

  test('an honest idle server stops scheduling: the run ends once retention has done its work', () => {
    const w = world({});
    flood(w.server, 3);
    const r = w.engine.run();
    expect(r.idle).toBe(true);
    expect(w.server.counts()).toMatchObject({ live: 0, metadata: 0, backups: 0 });
    expect(r.nowMs).toBeGreaterThanOrEqual(72 * HOUR);
  });
});
