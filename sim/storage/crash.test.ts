// Deletion that survives a crash (sim/storage/README.md): a child process (crashChild.ts) writes
// sealed records to a store, deletes and replaces some, and kills itself with SIGKILL at a named
// point of a write (crashWorkload.ts lists them), or is killed by this process at a random instant.
// Then every file of the store (database, -wal, -journal, -shm) is searched, byte for byte and with
// the forensic reader, for every record version whose delete or replacement was acknowledged: none
// may be found. The store is then opened again (recovery) and must hold every acknowledged write
// and each step either done or not begun; from then on no version that is not live may be anywhere
// in the files. The busy tests hold a read transaction on a second connection so the commit or the
// checkpoint reports busy, and check the delete waits for the reader or fails typed, never acked.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { equalBytes } from '../../protocol/bytes.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { KILL_POINTS, markers, STORE_FILE, targetStep, workloadKey, workloadPlan, type CrashScenario, type KillPoint, type Step, type Version } from './crashWorkload.ts';
import { recoverRecords, sealRecord, DEVICE_ROW_DOMAIN } from './sealedRecord.ts';
import { SQLITE_HARDENED, SQLITE_HARDENED_WAL, sqliteConfigNamed, type SqliteConfig } from './sqliteConfig.ts';
import { SqliteEngine, type WritePoint } from './sqliteEngine.ts';
import { isStorageError } from './storageError.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./crashChild.ts', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'sealroom-crash-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let runNo = 0;
const freshDir = (): string => {
  const d = join(base, `run-${runNo++}`);
  mkdirSync(d);
  return d;
};
const HARDENED = [SQLITE_HARDENED, SQLITE_HARDENED_WAL];
const childArgs = (arg: string[]): string[] => ['--import', 'tsx', CHILD, ...arg];

interface Outcome {
  readonly signal: NodeJS.Signals | null;
  readonly lines: readonly string[];
}

function runChild(s: CrashScenario): Outcome {
  const r = spawnSync(process.execPath, childArgs([JSON.stringify(s)]), { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.signal !== 'SIGKILL') throw new Error(`child ended with ${r.status ?? r.signal}: ${r.stderr}`);
  return { signal: r.signal, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

/** Runs the long workload and kills the child `delayMs` after it is ready. */
function killChildAfter(s: CrashScenario, delayMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs([JSON.stringify(s)]), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      if (out === '' && d.toString().startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve({ signal, lines: out.split('\n').slice(0, -1) }) : reject(new Error(`child ended without SIGKILL: ${err}`))));
  });
}

/** What the child acknowledged: the steps acked, and the one step begun but not acked (or failed), if any. */
function readAcks(o: Outcome): { acked: Set<number>; uncertain: number | undefined; failed: number[]; done: boolean } {
  const acked = new Set<number>();
  const failed: number[] = [];
  let last: number | undefined;
  for (const l of o.lines) {
    const [what, n] = l.split(' ');
    if (what === 'begin') last = Number(n);
    else if (what === 'ack') acked.add(Number(n));
    else if (what === 'failed') failed.push(Number(n));
  }
  const uncertain = last !== undefined && !acked.has(last) ? last : undefined;
  return { acked, uncertain, failed, done: o.lines.includes('done') };
}

type Live = Map<string, Version>;

function apply(live: Live, step: Step, dead?: Set<Version>): void {
  for (const op of step.ops) {
    const label = 'del' in op ? op.del : op.put;
    const old = live.get(label);
    if (old !== undefined) dead?.add(old);
    if ('del' in op) live.delete(label);
    else live.set(label, op.version);
  }
}

/** Every file in the store's directory, whatever SQLite named it. */
function storeFiles(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** Where any part of `v` is still in the files: marker bytes found, or the forensic reader opening it. */
function traces(files: readonly { name: string; bytes: Buffer }[], versions: Iterable<Version>, seed: string): string[] {
  const out: string[] = [];
  const found = recoverRecords(
    workloadKey(seed),
    files.map((f) => new Uint8Array(f.bytes)),
  );
  const opened = new Set([...found.records, ...found.fragments].map((r) => `${r.label}#${r.seq}`));
  for (const v of versions) {
    for (const f of files) if (markers(v).some((m) => f.bytes.includes(Buffer.from(m)))) out.push(`${v.label}#${v.seq} bytes in ${f.name}`);
    if (opened.has(`${v.label}#${v.seq}`)) out.push(`${v.label}#${v.seq} opened by the forensic reader`);
  }
  return out;
}

function sameLive(engine: SqliteEngine, live: Live): boolean {
  const got = engine.list();
  return (
    got.length === live.size &&
    got.every(([label, value]) => {
      const v = live.get(label);
      return v !== undefined && equalBytes(v.value, value);
    })
  );
}

interface Judged {
  /** Acknowledged-deleted (or replaced) versions found in the files as the crash left them. */
  readonly seized: string[];
  /** After reopening: the live rows are the acknowledged state, with the uncertain step done or not. */
  readonly recovered: 'before' | 'after' | 'neither';
  /** After reopening (and after closing again): versions not live found anywhere in the files. */
  readonly zombies: string[];
  readonly acks: ReturnType<typeof readAcks>;
  readonly plan: readonly Step[];
  /** The files as the crash left them. */
  readonly crashFiles: { name: string; bytes: Buffer }[];
}

/** Checks a killed child's store against what it acknowledged. */
function judge(s: CrashScenario, o: Outcome): Judged {
  const config = sqliteConfigNamed(s.config) as SqliteConfig;
  const plan = workloadPlan(s.seed, s.extraSteps ?? 0);
  const acks = readAcks(o);
  const before: Live = new Map();
  const dead = new Set<Version>();
  const written: Version[] = [];
  plan.forEach((step, i) => {
    if (i > (acks.uncertain ?? Math.max(-1, ...acks.acked, ...acks.failed))) return;
    for (const op of step.ops) if ('put' in op) written.push(op.version);
    if (acks.acked.has(i)) apply(before, step, dead);
  });
  const crashFiles = storeFiles(s.dir);
  const seized = traces(crashFiles, dead, s.seed);
  const after = new Map(before);
  if (acks.uncertain !== undefined) apply(after, plan[acks.uncertain] as Step);
  const engine = SqliteEngine.load(join(s.dir, STORE_FILE), config);
  const recovered = sameLive(engine, before) ? 'before' : sameLive(engine, after) ? 'after' : 'neither';
  const liveNow = recovered === 'after' ? after : before;
  const notLive = written.filter((v) => liveNow.get(v.label) !== v);
  const zombies = traces(storeFiles(s.dir), notLive, s.seed);
  engine.close();
  zombies.push(...traces(storeFiles(s.dir), notLive, s.seed).map((z) => `${z} (after close)`));
  return { seized, recovered, zombies, acks, plan, crashFiles };
}

const applies = (point: KillPoint, c: SqliteConfig): boolean => point !== 'mid-checkpoint' || c.journalMode === 'wal';
const cases = HARDENED.flatMap((c) => KILL_POINTS.filter((p) => applies(p, c)).map((p) => [c.name, p] as const));

describe('killed at a named point of a write: no acknowledged delete leaves a byte, no acknowledged write is lost', () => {
  test.each(cases)('%s, killed at %s', (configName, kill) => {
    const s: CrashScenario = { dir: freshDir(), config: configName, seed: `crash/${configName}/${kill}`, kill };
    const j = judge(s, runChild(s));
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
      for (let i = 0; i < target; i++) apply(live, j.plan[i] as Step);
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

  test('negative control: with the WAL and secure_delete but no checkpoint, an acknowledged delete is found in the -wal after a crash', () => {
    const s: CrashScenario = { dir: freshDir(), config: 'wal-secure-delete', seed: 'crash/negative', kill: 'acked' };
    const j = judge(s, runChild(s));
    expect(j.seized.some((t) => t.includes(`in ${STORE_FILE}-wal`))).toBe(true);
    expect(j.seized.some((t) => t.includes('opened by the forensic reader'))).toBe(true);
  });
});

describe('killed at random instants of a long run', () => {
  const TRIALS = 3;
  const delays = createDrbg('crash/delays');
  test.each(HARDENED.flatMap((c) => Array.from({ length: TRIALS }, (_, i) => [c.name, i, 20 + (delays.bytes(1)[0] as number)] as const)))(
    '%s, trial %i, killed %i ms after start',
    async (configName, trial, delayMs) => {
      const s: CrashScenario = { dir: freshDir(), config: configName, seed: `crash/random/${configName}/${trial}`, kill: 'none', extraSteps: 1_500 };
      const j = judge(s, await killChildAfter(s, delayMs));
      expect(j.acks.failed).toEqual([]);
      expect(j.seized).toEqual([]);
      expect(j.recovered).not.toBe('neither');
      expect(j.zombies).toEqual([]);
      console.log(
        `${configName} trial ${trial}: killed after ${j.acks.acked.size} acknowledged steps, ${j.acks.uncertain === undefined ? 'between steps' : `in step ${j.acks.uncertain}, recovered ${j.recovered}`}`,
      );
    },
  );
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
    const reader = spawn(process.execPath, childArgs(['reader', path, '300']), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
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
