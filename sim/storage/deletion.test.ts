// What it takes for deletion to hold on a real SQLite file, measured on a phone-like
// workload: sealed message rows inserted, then deleted while the state row is rewritten. After each
// delete, the forensic reader searches the raw files (database, -wal, -journal) for the deleted rows.
// This is the end state of a run that was not interrupted; crash.test.ts kills the process mid-write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { DEVICE_ROW_DOMAIN, recoverRecords, sealRecord } from './sealedRecord.ts';
import { SQLITE_CONFIGS, SQLITE_HARDENED, SQLITE_HARDENED_WAL, type SqliteConfig } from './sqliteConfig.ts';
import { SqliteEngine } from './sqliteEngine.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealroom-deletion-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MESSAGES = 30;
const STATE_BYTES = 6_000;

/** Deleted message rows and stale state rows still recoverable from the raw files after the workload. */
function lingering(config: SqliteConfig): { messages: number; staleStates: number } {
  const rng = createDrbg(`deletion/${config.name}`);
  const key = { provider: nativeProvider, key: rng.bytes(32), domain: DEVICE_ROW_DOMAIN };
  const engine = SqliteEngine.create(join(dir, `${config.name}.db`), config);
  let seq = 0;
  let stateSeq = seq;
  const writeState = () => engine.put('state', sealRecord(key, rng, 'state', (stateSeq = seq++), rng.bytes(STATE_BYTES)));
  writeState();
  for (let i = 0; i < MESSAGES; i++) {
    engine.transaction(() => {
      engine.put(`inbox/${i}`, sealRecord(key, rng, `inbox/${i}`, seq++, rng.bytes(600)));
      writeState();
    });
  }
  for (let i = 0; i < MESSAGES; i++) {
    engine.transaction(() => {
      engine.delete(`inbox/${i}`);
      writeState();
    });
  }
  const found = recoverRecords(
    key,
    engine.rawFiles().map((f) => f.bytes),
  );
  engine.close();
  return {
    messages: found.records.filter((r) => r.label.startsWith('inbox/')).length + found.fragments.filter((f) => f.label.startsWith('inbox/')).length,
    staleStates: found.records.filter((r) => r.label === 'state' && r.seq !== stateSeq).length + found.fragments.filter((f) => f.label === 'state' && f.seq !== stateSeq).length,
  };
}

const results = new Map(SQLITE_CONFIGS.map((c) => [c.name, lingering(c)]));
const leaks = (name: string) => {
  const r = results.get(name);
  if (r === undefined) throw new Error(`no configuration ${name}`);
  return r.messages + r.staleStates > 0;
};

describe('deletion on a SQLite file, judged on raw bytes (SEC-EVAPORATE, SEC-RETENTION)', () => {
  test('SEC-EVAPORATE negative control: with SQLite defaults deleted rows survive in free space', () => {
    expect(results.get('naive')?.messages).toBeGreaterThan(0);
  });

  test('SEC-EVAPORATE negative control: in WAL mode every deleted row and old state survives in the WAL, secure_delete or not', () => {
    for (const name of ['naive-wal', 'wal-secure-delete']) {
      expect(results.get(name)?.messages, name).toBe(MESSAGES);
      expect(results.get(name)?.staleStates, name).toBeGreaterThan(0);
    }
  });

  test('checkpointing the WAL, auto-vacuum or secure_delete=FAST alone leaves deleted rows in the database', () => {
    for (const name of ['wal-checkpoint', 'auto-vacuum', 'secure-delete-fast']) expect(leaks(name), name).toBe(true);
  });

  test('SEC-EVAPORATE: secure_delete with a rollback journal, or with the WAL checkpointed and truncated after deletes, leaves nothing', () => {
    for (const name of ['secure-delete', SQLITE_HARDENED.name, SQLITE_HARDENED_WAL.name]) expect(results.get(name), name).toEqual({ messages: 0, staleStates: 0 });
  });
});
