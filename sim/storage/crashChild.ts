// The child process of the crash-injection tests (crash.test.ts): runs the workload of
// crashWorkload.ts on a fresh store and kills itself with SIGKILL at the scenario's kill point. It
// reports on stdout, written synchronously before it goes on: `begin <step>` before each step,
// `ack <step>` once the step's write returned (acknowledged), `failed <step> <failure>` if it threw
// StorageError. `node --import tsx crashChild.ts reader <db> <holdMs>` instead holds a read
// transaction on a store for holdMs (printing `holding`), for the busy tests.
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteConfigNamed } from './sqliteConfig.ts';
import { SqliteEngine, type WritePoint } from './sqliteEngine.ts';
import { isStorageError } from './storageError.ts';
import { targetStep, workloadPlan, STORE_FILE, type CrashScenario } from './crashWorkload.ts';

/** The reader's busy limit in busy-failed: long enough to retry a few times, short for the test. */
const FAILING_BUSY_LIMIT_MS = 100;

/** Blocks a millisecond while the parent drains a full pipe. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes the whole line before going on; standard output is a non-blocking pipe, full (EAGAIN) when the parent is slow to read. */
function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not deliverable late; never reached.
  throw new Error('still alive after SIGKILL');
}

function holdReader(path: string, holdMs: number): void {
  const db = new Database(path, { timeout: 0 });
  db.exec('BEGIN');
  db.prepare('SELECT count(*) AS n FROM records').get();
  say('holding');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
  db.exec('COMMIT');
  db.close();
  say('released');
}

function run(s: CrashScenario): void {
  const config = sqliteConfigNamed(s.config);
  if (config === undefined) throw new Error(`no configuration ${s.config}`);
  const path = join(s.dir, STORE_FILE);
  const plan = workloadPlan(s.seed, s.extraSteps ?? 0);
  const target = s.kill === 'none' ? -1 : targetStep(plan, s.kill);
  let step = -1;
  const killAt: Partial<Record<string, WritePoint>> = {
    'before-commit': 'before-commit',
    spilled: 'before-commit',
    committed: 'committed',
    'mid-checkpoint': 'committed',
    'busy-retry': config.journalMode === 'wal' ? 'checkpoint-busy' : 'commit-busy',
    'replace-committed': 'committed',
    'txn-committed': 'committed',
  };
  const onWritePoint = (point: WritePoint): void => {
    if (step !== target || killAt[s.kill] !== point) return;
    if (s.kill === 'mid-checkpoint') {
      // A checkpoint that has copied every frame into the database but not yet cut the log: what a
      // TRUNCATE checkpoint has done when a kill lands between its copy and its truncation.
      const other = new Database(path, { timeout: 0 });
      other.pragma('wal_checkpoint(PASSIVE)');
      // Leave the connection open: closing the last-but-one connection must not touch the log either.
    }
    die();
  };
  const engine = SqliteEngine.create(path, config, {
    onWritePoint,
    busyLimitMs: s.kill === 'busy-failed' ? FAILING_BUSY_LIMIT_MS : 10_000,
    // A 2-page cache: the spill step's transaction writes pages to the files before its COMMIT.
    extraPragmas: s.kill === 'spilled' ? ['cache_size = 2'] : [],
  });
  say('ready');
  let reader: Database.Database | undefined;
  for (step = 0; step < plan.length; step++) {
    const ops = (plan[step] as (typeof plan)[number]).ops;
    if (step === target && (s.kill === 'busy-retry' || s.kill === 'busy-failed')) {
      reader = new Database(path, { timeout: 0 });
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) AS n FROM records').get();
    }
    say(`begin ${step}`);
    try {
      engine.transaction(() => {
        for (const op of ops) {
          if ('del' in op) engine.delete(op.del);
          else engine.put(op.put, op.version.value);
        }
      });
    } catch (e) {
      if (!isStorageError(e)) throw e;
      say(`failed ${step} ${e.failure}`);
      if (step === target && s.kill === 'busy-failed') die();
      continue;
    }
    say(`ack ${step}`);
    if (step === target && (s.kill === 'acked' || s.kill === 'replace-acked')) die();
  }
  reader?.close();
  say('done');
  // Kills at random instants: wait for the parent's SIGKILL rather than exiting cleanly.
  if (s.kill === 'none') setInterval(() => undefined, 1_000);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'reader') holdReader(args[0] as string, Number(args[1]));
else run(JSON.parse(mode as string) as CrashScenario);
