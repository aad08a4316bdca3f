// Deletion that survives a crash (sim/storage/README.md): a child process (crashChild.ts) writes
// sealed records to a store, deletes and replaces some, and kills itself with SIGKILL at a named
// point of a write (crashWorkload.ts lists them), or is killed by this process at a random instant.
// Then every file of the store (database, -wal, -journal, -shm) is searched, byte for byte and with
// the forensic reader, for every record version whose delete or replacement was acknowledged: none
// may be found. The store is then opened again (recovery) and must hold every acknowledged write
// and each step either done or not begun; from then on no version that is not live may be anywhere
// in the files. The busy tests hold a read transaction on a second connection so the commit or the
// checkpoint reports busy, and check the delete waits for the reader or fails typed, never acked.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { markers, STORE_FILE, targetStep, type Step, type Version } from './crashWorkload.ts';
import {
  applyStep,
  crashChildArgs,
  crashFiguresOf,
  HARDENED_CONFIGS,
  judgeCrash,
  namedKillCases,
  randomKillCases,
  runCrashInjection,
  storeFiles,
  traces,
  type CrashCase,
  type CrashResult,
  type Live,
} from './crashInjection.ts';
import { sealRecord, DEVICE_ROW_DOMAIN } from './sealedRecord.ts';
import { SQLITE_HARDENED, SQLITE_HARDENED_WAL, sqliteConfigNamed, type SqliteConfig } from './sqliteConfig.ts';
import { SqliteEngine, type WritePoint } from './sqliteEngine.ts';
import { isStorageError } from './storageError.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'sealroom-crash-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let runNo = 0;
const freshDir = (): string => {
  const d = join(base, `run-${runNo++}`);
  mkdirSync(d);
  return d;
};
const HARDENED = HARDENED_CONFIGS;

/** One case through the reusable run (crashInjection.ts), in a directory of this test's. */
async function inject(c: CrashCase, seed: string): Promise<CrashResult> {
  const [r] = await runCrashInjection({ seed, cases: [c], dir: freshDir() });
  return r as CrashResult;
}

describe('killed at a named point of a write: no acknowledged delete leaves a byte, no acknowledged write is lost', () => {
  test.each(namedKillCases().map((c) => [c.config, c.kill] as const))('%s, killed at %s', async (configName, kill) => {
    const r = await inject({ config: configName, kill }, `crash/${configName}/${kill}`);
    const [j, s] = [r.judged, r.scenario];
    const figures = crashFiguresOf([r]);
    expect([figures.deletedBytesFound, figures.residueAfterRecovery, figures.acknowledgedLost, figures.missedKillPoints], figures.firstProblem).toEqual([0, 0, 0, 0]);
    expect(figures.filesSearched).toBeGreaterThan(0);
    const target = targetStep(j.plan, kill);
    // The kill happened where it was aimed.
    expect(j.acks.done, 'the child ran to the end: the kill point was never reached').toBe(false);
    if (kill === 'acked' || kill === 'replace-acked') expect([j.acks.acked.has(target), j.acks.uncertain]).toEqual([true, undefined]);
    else expect(j.acks.uncertain).toBe(target);
    expect(j.acks.failed).toEqual(kill === 'busy-failed' ? [target] : []);
    expect([...j.acks.acked].filter((i) => i < target)).toHaveLength(target);

    expect(j.seized, 'acknowledged deletes still on the medium after the crash').toEqual([]);
    expect(j.recovered, 'the reopened store holds the acknowledged state, the interrupted step done or not').not.toBe('neither');
    expect(j.zombies, 'a version that is not live is still on the medium after recovery').toEqual([]);

    const config = sqliteConfigNamed(configName) as SqliteConfig;
    const step = j.plan[target] as Step;
    /** The versions the target step deletes, as they were before it. */
    const victims = (): Version[] => {
      const live: Live = new Map();
      for (let i = 0; i < target; i++) applyStep(live, j.plan[i] as Step);
      return step.ops.flatMap((op) => ('del' in op ? [live.get(op.del) as Version] : []));
    };
    const left = traces(j.crashFiles, victims(), s.seed);
    if (config.journalMode === 'wal' && (kill === 'committed' || kill === 'mid-checkpoint')) {
      // The finding's window: committed, yet the new row's frames are still in the log until the
      // checkpoint truncates it (and, before the checkpoint copies the log, the older row is still
      // in the database file). Recovery finishes the erase.
      expect(
        left.some((t) => t.startsWith('inbox/fresh') && t.endsWith(`in ${STORE_FILE}-wal`)),
        left.join(),
      ).toBe(true);
      expect(
        left.some((t) => t.startsWith('inbox/r12') && t.endsWith(`in ${STORE_FILE}`)),
        left.join(),
      ).toBe(kill === 'committed');
      expect(j.recovered).toBe('after');
    }
    if (config.journalMode !== 'wal' && kill === 'committed') {
      // With a rollback journal the commit is the erase: nothing is left at the same instant.
      expect(left).toEqual([]);
    }
    if (kill === 'spilled' && config.journalMode !== 'wal') {
      // secure_delete's zeroed page reached the database file; the old page is in the hot journal.
      expect(
        left.some((t) => t.endsWith(`in ${STORE_FILE}`)),
        left.join(),
      ).toBe(false);
      expect(
        left.some((t) => t.endsWith(`in ${STORE_FILE}-journal`)),
        left.join(),
      ).toBe(true);
      expect(j.recovered).toBe('before');
    }
    if (kill === 'busy-failed') expect(j.recovered).toBe(config.journalMode === 'wal' ? 'after' : 'before');
  });

  test('negative control: with the WAL and secure_delete but no checkpoint, an acknowledged delete is found in the -wal after a crash', async () => {
    const r = await inject({ config: 'wal-secure-delete', kill: 'acked' }, 'crash/negative');
    expect(r.judged.seized.some((t) => t.includes(`in ${STORE_FILE}-wal`))).toBe(true);
    expect(r.judged.seized.some((t) => t.includes('opened by the forensic reader'))).toBe(true);
    expect(crashFiguresOf([r]).deletedBytesFound).toBeGreaterThan(0);
  });
});

describe('the lost-write check is not vacuous', () => {
  test('an acknowledged row deleted behind the store after the crash is reported lost', async () => {
    const r = await inject({ config: 'hardened', kill: 'acked' }, 'crash/lost-control');
    expect(crashFiguresOf([r]).acknowledgedLost).toBe(0);
    const engine = SqliteEngine.load(join(r.scenario.dir, STORE_FILE), SQLITE_HARDENED);
    expect(engine.delete('inbox/r0')).toBe(true);
    engine.close();
    const again = judgeCrash(r.scenario, r.outcome);
    expect(again.recovered).toBe('neither');
    expect(again.lost).toEqual(['inbox/r0']);
    expect(crashFiguresOf([{ ...r, judged: again }])).toMatchObject({ acknowledgedLost: 1, firstProblem: 'hardened, killed at acked: acknowledged inbox/r0 lost' });
  });
});

describe('killed at random instants of a long run', () => {
  test.each(randomKillCases('test', 3).map((c, i) => [c.config, i, c.killAfterMs, c] as const))('%s, trial %i, killed %i ms after start', async (configName, trial, _delayMs, c) => {
    const r = await inject(c, `crash/random/${configName}/${trial}`);
    const j = r.judged;
    expect(j.acks.failed).toEqual([]);
    expect(j.seized).toEqual([]);
    expect(j.recovered).not.toBe('neither');
    expect(j.zombies).toEqual([]);
    console.log(
      `${configName} trial ${trial}: killed after ${j.acks.acked.size} acknowledged steps, ${j.acks.uncertain === undefined ? 'between steps' : `in step ${j.acks.uncertain}, recovered ${j.recovered}`}`,
    );
  });
});

describe('a reader holds the store: the delete waits for it or fails typed, never acknowledged with bytes left', () => {
  const key = { provider: nativeProvider, key: createDrbg('busy/key').bytes(32), domain: DEVICE_ROW_DOMAIN };
  function storeWith(config: SqliteConfig, options: { busyLimitMs: number; points?: WritePoint[] }): { engine: SqliteEngine; path: string; victim: Uint8Array } {
    const dir = freshDir();
    const path = join(dir, STORE_FILE);
    const points = options.points;
    const engine = SqliteEngine.create(path, config, { busyLimitMs: options.busyLimitMs, ...(points !== undefined ? { onWritePoint: (p: WritePoint) => points.push(p) } : {}) });
    const rng = createDrbg(`busy/${config.name}/${runNo}`);
    for (let i = 0; i < 8; i++) engine.put(`inbox/${i}`, sealRecord(key, rng, `inbox/${i}`, i, rng.bytes(500)));
    const victim = sealRecord(key, rng, 'inbox/victim', 99, rng.bytes(500));
    engine.put('inbox/victim', victim);
    return { engine, path, victim };
  }
  const onFiles = (path: string, victim: Uint8Array): string[] => {
    const dir = join(path, '..');
    return storeFiles(dir)
      .filter((f) => markers({ label: 'inbox/victim', seq: 99, value: victim }).some((m) => f.bytes.includes(Buffer.from(m))))
      .map((f) => f.name);
  };

  test.each(HARDENED.map((c) => [c.name, c] as const))('%s: a reader in another process that ends after 300 ms: the delete retries, then succeeds with nothing left', async (_name, config) => {
    const points: WritePoint[] = [];
    const { engine, path, victim } = storeWith(config, { busyLimitMs: 20_000, points });
    const reader = spawn(process.execPath, crashChildArgs(['reader', path, '300']), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => reader.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && resolve()));
    const started = performance.now();
    expect(engine.delete('inbox/victim')).toBe(true);
    const waited = performance.now() - started;
    const busy = points.filter((p) => p === 'commit-busy' || p === 'checkpoint-busy').length;
    expect(busy, 'the reader made the delete wait').toBeGreaterThan(0);
    expect(engine.erasePending).toBe(false);
    expect(onFiles(path, victim)).toEqual([]);
    console.log(`${config.name}: delete waited ${waited.toFixed(0)} ms for the reader (${busy} busy retries of the ${config.journalMode === 'wal' ? 'checkpoint' : 'commit'})`);
    await new Promise((resolve) => reader.on('close', resolve));
    engine.close();
  });

  test.each(HARDENED.map((c) => [c.name, c] as const))('%s: a reader that outlasts the busy limit: StorageError busy, the delete not acknowledged; done once the reader ends', (_name, config) => {
    const { engine, path, victim } = storeWith(config, { busyLimitMs: 150 });
    const reader = new Database(path, { timeout: 0 });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) AS n FROM records').get();
    let caught: unknown;
    try {
      engine.delete('inbox/victim');
    } catch (e) {
      caught = e;
    }
    expect(isStorageError(caught, 'busy')).toBe(true);
    expect(caught).toMatchObject({ file: path, failure: 'busy' });
    if (config.journalMode === 'wal') {
      // Committed but not erased: the bytes are in the -wal, which is exactly why the delete may not return.
      expect(engine.get('inbox/victim')).toBeUndefined();
      expect(engine.erasePending).toBe(true);
      expect(onFiles(path, victim)).toContain(`${STORE_FILE}-wal`);
      // Still busy: the next write retries the erase first and fails the same way.
      expect(() => engine.put('other', new Uint8Array([1]))).toThrow(expect.objectContaining({ failure: 'busy' }));
    } else {
      // The commit itself was refused: rolled back, the row live and whole, nothing half-deleted.
      expect(engine.get('inbox/victim')).toEqual(victim);
      expect(engine.erasePending).toBe(false);
    }
    reader.exec('COMMIT');
    reader.close();
    if (config.journalMode === 'wal') engine.put('other', new Uint8Array([1]));
    else expect(engine.delete('inbox/victim')).toBe(true);
    expect(engine.erasePending).toBe(false);
    expect(engine.get('inbox/victim')).toBeUndefined();
    expect(onFiles(path, victim)).toEqual([]);
    engine.close();
  });
});

describe('the erase check is not vacuous', () => {
  test.each([
    ['journal_mode=PERSIST', { ...SQLITE_HARDENED, name: 'persist', journalMode: 'persist' as const }, []],
    ['journal_mode=DELETE in locking_mode=EXCLUSIVE', { ...SQLITE_HARDENED, name: 'delete-exclusive', journalMode: 'delete' as const }, ['locking_mode = EXCLUSIVE']],
  ])('%s keeps the old pages in the -journal: the delete throws StorageError residue', (_name, config, extraPragmas) => {
    const path = join(freshDir(), STORE_FILE);
    const engine = SqliteEngine.create(path, config, { extraPragmas });
    engine.put('a', new Uint8Array(500).fill(7));
    expect(() => engine.delete('a')).toThrow(expect.objectContaining({ name: 'StorageError', failure: 'residue' }));
    engine.close();
  });

  test('journal_mode=TRUNCATE (the hardened configuration) stays empty in locking_mode=EXCLUSIVE too', () => {
    const path = join(freshDir(), STORE_FILE);
    const engine = SqliteEngine.create(path, SQLITE_HARDENED, { extraPragmas: ['locking_mode = EXCLUSIVE'] });
    engine.put('a', new Uint8Array(500).fill(7));
    expect(engine.delete('a')).toBe(true);
    expect(readFileSync(`${path}-journal`).length).toBe(0);
    engine.close();
  });
});

describe('cost of the two designs (printed, not asserted)', () => {
  test('one message step on a phone-like store: insert a row + rewrite the state row, then delete the row + rewrite the state row', () => {
    const rng = createDrbg('crash/timing');
    const k = { provider: nativeProvider, key: rng.bytes(32), domain: DEVICE_ROW_DOMAIN };
    const states = Array.from({ length: 8 }, (_, i) => sealRecord(k, rng, 'state', i, rng.bytes(6_000)));
    const message = sealRecord(k, rng, 'inbox/m', 0, rng.bytes(700));
    const configs: SqliteConfig[] = [SQLITE_HARDENED, { ...SQLITE_HARDENED, name: 'hardened, journal_mode=DELETE', journalMode: 'delete' }, SQLITE_HARDENED_WAL];
    const dir = freshDir();
    const engines = configs.map((c, i) => {
      const e = SqliteEngine.create(join(dir, `${i}.db`), c);
      for (let r = 0; r < 50; r++) e.put(`inbox/resident-${r}`, message);
      return e;
    });
    const ROUNDS = 9;
    const STEPS = 60;
    const samples: number[][] = configs.map(() => []);
    let n = 0;
    for (let round = 0; round < ROUNDS; round++) {
      engines.forEach((e, i) => {
        const started = performance.now();
        for (let s = 0; s < STEPS; s++) {
          e.transaction(() => {
            e.put('inbox/m', message);
            e.put('state', states[n++ % states.length] as Uint8Array);
          });
          e.transaction(() => {
            e.delete('inbox/m');
            e.put('state', states[n++ % states.length] as Uint8Array);
          });
        }
        samples[i]?.push((performance.now() - started) / STEPS);
      });
    }
    for (const e of engines) e.close();
    const lines = configs.map((c, i) => {
      const s = (samples[i] as number[]).sort((a, b) => a - b);
      return `  ${c.name.padEnd(32)} median ${(s[ROUNDS >> 1] as number).toFixed(3)} ms/step, fastest ${(s[0] as number).toFixed(3)}`;
    });
    console.log(`deletion designs, ${ROUNDS} interleaved rounds of ${STEPS} steps (synchronous=OFF):\n${lines.join('\n')}`);
    expect(samples.every((s) => s.length === ROUNDS)).toBe(true);
  });
});
