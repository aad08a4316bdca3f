// The SQLite storage engine on better-sqlite3: one database file per server or phone, one
// table of (label, part, body) rows. A record made of several frames gets one row per frame, so no
// frame straddles a page; a seizure copies the database, -wal and -journal files byte for byte.
//
// Deletion that survives a crash (sim/storage/README.md): a write that deleted or replaced a row
// does not return until the configuration's erase is done: in WAL mode the log checkpointed and
// truncated (retried while busy), and with `verifyErase` every side file checked to hold no page
// images. The hardened configuration uses a rollback journal, where the commit itself is the erase
// (sqliteConfig.ts says why). Every write is one BEGIN IMMEDIATE … COMMIT whose lock waits are
// retried here, up to BUSY_LIMIT_MS, instead of inside SQLite's busy handler, so a wait is bounded,
// visible to tests (WritePoint) and never re-runs the caller's function.
import { basename } from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { concatBytes } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { RawFile, StorageEngine } from './engine.ts';
import { splitFrames } from './frame.ts';
import type { SqliteConfig } from './sqliteConfig.ts';
import { StorageError, StorageFileError } from './storageError.ts';

const SCHEMA = 'CREATE TABLE records (label TEXT NOT NULL, part INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (label, part))';
const COLUMNS = ['label', 'part', 'body'];
/** The files SQLite keeps next to a database, all of them read by a seizure. */
const SIDE_FILES = ['', '-wal', '-journal'];

/**
 * How long one write waits in total for another connection's lock (the write lock at BEGIN, the
 * readers to clear at a rollback journal's COMMIT, a reader's snapshot pinning the WAL at the
 * checkpoint) before it fails with StorageError 'busy'. The only other connections to a store are
 * short-lived readers (a backup or forensic copy); one that holds its snapshot for a second is
 * treated as stuck: failing the write is better than blocking the simulation indefinitely, and far
 * better than acknowledging a delete whose bytes are still on the medium.
 */
const BUSY_LIMIT_MS = 1_000;
/** Longest single sleep between two attempts (backoff doubles from 1 ms up to this). */
const MAX_BUSY_SLEEP_MS = 50;

/**
 * Named points of a write, where a test may observe it or inject a crash (crash.test.ts kills the
 * process at each): `before-commit` after the caller's function ran inside the transaction (dirty
 * pages may already have spilled to the files); `commit-busy` and `checkpoint-busy` each time a
 * COMMIT or a checkpoint found another connection in the way and is about to be retried;
 * `committed` after COMMIT, before the erase; `erased` once the erase is done and verified.
 */
export type WritePoint = 'before-commit' | 'commit-busy' | 'committed' | 'checkpoint-busy' | 'erased';

export interface SqliteEngineOptions {
  /** Overrides BUSY_LIMIT_MS (tests: a short limit to see the failure, a long one to see the retry succeed). */
  readonly busyLimitMs?: number;
  /** Test seam: called at each WritePoint a write reaches. */
  readonly onWritePoint?: (point: WritePoint) => void;
  /** Test seam: pragmas run after the configuration (a tiny `cache_size` forces pages to spill mid-transaction). */
  readonly extraPragmas?: readonly string[];
}

export interface LoadOptions extends SqliteEngineOptions {
  readonly readOnly?: boolean;
}

type Db = Database.Database;

/** Sleeps the thread (a write is synchronous; nothing else of the simulation may run meanwhile). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isBusy(e: unknown): boolean {
  return e instanceof Database.SqliteError && (e.code === 'SQLITE_BUSY' || e.code.startsWith('SQLITE_BUSY_') || e.code === 'SQLITE_LOCKED');
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export class SqliteEngine implements StorageEngine {
  readonly kind = 'sqlite';
  private readonly st;
  private depth = 0;
  /** A row was deleted or replaced in the current write: its erase must be done before the write returns. */
  private freed = false;
  /** A committed delete whose erase failed (busy): retried before the next write, at close and at load. */
  private pending = false;
  private readonly busyLimitMs: number;

  private constructor(
    readonly path: string,
    readonly config: SqliteConfig,
    private readonly db: Db,
    private readonly options: SqliteEngineOptions,
  ) {
    this.busyLimitMs = options.busyLimitMs ?? BUSY_LIMIT_MS;
    this.st = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      upsert: db.prepare('INSERT INTO records (label, part, body) VALUES (?, ?, ?) ON CONFLICT (label, part) DO UPDATE SET body = excluded.body'),
      dropFrom: db.prepare('DELETE FROM records WHERE label = ? AND part >= ?'),
      exists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM records WHERE label = ? LIMIT 1'),
      get: db.prepare<[string], { body: Buffer }>('SELECT body FROM records WHERE label = ? ORDER BY part'),
      list: db.prepare<[], { label: string; part: number; body: Buffer }>('SELECT label, part, body FROM records ORDER BY rowid'),
    };
  }

  /** A new, empty database at `path` (which must not exist yet). */
  static create(path: string, config: SqliteConfig, options: SqliteEngineOptions = {}): SqliteEngine {
    if (existsSync(path)) throw new UsageError(`sqlite storage: ${path} already exists`);
    // timeout 0: SQLite's own busy handler is off, the engine retries lock waits itself (BUSY_LIMIT_MS).
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('page_size = 4096');
      db.pragma(`auto_vacuum = ${config.autoVacuum ? 'FULL' : 'NONE'}`);
      db.exec(SCHEMA);
      applyConfig(db, path, config, options);
    } catch (e) {
      db.close();
      throw e;
    }
    return new SqliteEngine(path, config, db, options);
  }

  /**
   * An existing database: StorageFileError naming the file if it is missing, corrupt or not a store.
   * `readOnly` opens it only to read (the configuration is not applied; nothing is written).
   * Opening to write also finishes what a killed process left: SQLite rolls a hot journal back on
   * the first read (SQLite docs, "Atomic Commit In SQLite" §4.2), and the erase runs once, so a
   * delete committed in WAL mode but never checkpointed leaves nothing behind from here on.
   */
  static load(path: string, config: SqliteConfig, options: LoadOptions = {}): SqliteEngine {
    if (!existsSync(path)) throw new StorageFileError(path, 'no such file');
    let db: Db | undefined;
    try {
      db = new Database(path, { fileMustExist: true, readonly: options.readOnly === true, timeout: 0 });
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StorageFileError(path, `quick_check: ${String(check)}`);
      const columns = (db.pragma('table_info(records)') as { name: string }[]).map((c) => c.name);
      if (columns.join() !== COLUMNS.join()) throw new StorageFileError(path, 'not a sealroom store (no records table)');
      if (options.readOnly !== true) applyConfig(db, path, config, options);
      const engine = new SqliteEngine(path, config, db, options);
      if (options.readOnly !== true && (config.checkpointAfterDelete || config.verifyErase)) engine.erase();
      return engine;
    } catch (e) {
      db?.close();
      if (e instanceof StorageFileError || e instanceof StorageError) throw e;
      if (e instanceof Database.SqliteError) throw new StorageFileError(path, `${e.code}: ${e.message}`);
      throw e;
    }
  }

  /** A delete or replacement committed but not yet erased (its erase found the store busy). */
  get erasePending(): boolean {
    return this.pending;
  }

  put(label: string, value: Uint8Array): void {
    const parts = splitFrames(value)?.map((f) => f.bytes) ?? [value];
    this.write(() => {
      // Replacing a record frees its old cells just as deleting it does.
      if (this.st.exists.get(label) !== undefined) this.freed = true;
      this.st.dropFrom.run(label, parts.length);
      parts.forEach((p, i) => this.st.upsert.run(label, i, p));
    });
  }

  get(label: string): Uint8Array | undefined {
    const rows = this.st.get.all(label);
    return rows.length === 0 ? undefined : concatBytes(...rows.map((r) => new Uint8Array(r.body)));
  }

  /** Returns only once the row is gone from every file (the configuration's erase); StorageError otherwise. */
  delete(label: string): boolean {
    return this.write(() => {
      const gone = this.st.dropFrom.run(label, 0).changes > 0;
      if (gone) this.freed = true;
      return gone;
    });
  }

  list(): [string, Uint8Array][] {
    const byLabel = new Map<string, { part: number; body: Buffer }[]>();
    for (const r of this.st.list.all()) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
    return [...byLabel].map(([label, parts]) => [label, concatBytes(...parts.sort((a, b) => a.part - b.part).map((p) => new Uint8Array(p.body)))]);
  }

  transaction<T>(fn: () => T): T {
    return this.write(fn);
  }

  rawFiles(): RawFile[] {
    const name = basename(this.path);
    return SIDE_FILES.filter((s) => existsSync(this.path + s)).map((s) => ({ label: name + s, bytes: new Uint8Array(readFileSync(this.path + s)) }));
  }

  /**
   * Releases the medium. A pending erase is tried once more first; if the store is still busy the
   * database is closed anyway (the delete that left it already failed, and the next load erases).
   */
  close(): void {
    if (!this.db.open) return;
    if (this.pending) {
      try {
        this.erase();
      } catch (e) {
        if (!(e instanceof StorageError)) throw e;
      }
    }
    this.db.close();
  }

  /**
   * Runs `fn` in one transaction (nested calls join the outer one), commits it, then erases what it
   * freed. Throws StorageError when a lock could not be had in time: before the commit nothing of
   * `fn` is kept (rolled back); after it (WAL checkpoint busy) the erase stays pending.
   */
  private write<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    if (!this.db.open) throw new UsageError(`sqlite storage: ${this.path} used after close`);
    if (this.pending) this.erase();
    this.depth++;
    let result: T;
    try {
      this.untilFree('begin', undefined, () => this.st.begin.run());
      try {
        result = fn();
        this.at('before-commit');
        this.untilFree('commit', 'commit-busy', () => this.st.commit.run());
      } catch (e) {
        if (this.db.inTransaction) this.st.rollback.run();
        this.freed = false;
        throw e;
      }
    } finally {
      this.depth--;
    }
    if (this.freed) {
      this.freed = false;
      this.at('committed');
      this.pending = true;
      this.erase();
    }
    return result;
  }

  /**
   * Makes sure nothing freed by committed writes is still readable in a side file: in WAL mode the
   * log checkpointed into the database and truncated to zero bytes (SQLite docs, "PRAGMA
   * wal_checkpoint": TRUNCATE), retried while a reader keeps it busy; with `verifyErase` the -wal
   * and -journal checked to be absent or empty. Clears `pending` only when all of that held.
   */
  private erase(): void {
    if (this.config.checkpointAfterDelete && this.config.journalMode === 'wal') {
      this.untilFree('checkpoint', 'checkpoint-busy', () => {
        const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
        return r !== undefined && r.busy === 0;
      });
    }
    if (this.config.verifyErase) {
      for (const side of ['-wal', '-journal']) {
        const size = fileSize(this.path + side);
        if (size !== 0) throw new StorageError(this.path, 'residue', `${side} still holds ${size} bytes after the erase`);
      }
    }
    this.pending = false;
    this.at('erased');
  }

  /**
   * Runs `attempt` until it neither throws SQLITE_BUSY nor returns false, sleeping with backoff in
   * between, for at most busyLimitMs in total; then StorageError 'busy'.
   */
  private untilFree(what: string, point: WritePoint | undefined, attempt: () => unknown): void {
    const started = performance.now();
    for (let sleep = 1; ; sleep = Math.min(2 * sleep, MAX_BUSY_SLEEP_MS)) {
      try {
        if (attempt() !== false) return;
      } catch (e) {
        if (!isBusy(e)) throw e;
      }
      const waited = performance.now() - started;
      if (waited >= this.busyLimitMs) throw new StorageError(this.path, 'busy', `${what}: another connection held the store for ${Math.round(waited)} ms (limit ${this.busyLimitMs} ms)`);
      if (point !== undefined) this.at(point);
      sleepMs(Math.min(sleep, this.busyLimitMs - waited));
    }
  }

  private at(point: WritePoint): void {
    this.options.onWritePoint?.(point);
  }
}

function applyConfig(db: Db, path: string, c: SqliteConfig, options: SqliteEngineOptions): void {
  // Durability across power loss is not what the simulation studies: the bytes in the files are the
  // same with or without fsync, so synchronous=OFF keeps runs fast without changing what is seized.
  // A killed process loses nothing either: its writes are in the OS page cache (sim/storage/README.md).
  db.pragma('synchronous = OFF');
  const mode = String(db.pragma(`journal_mode = ${c.journalMode.toUpperCase()}`, { simple: true }));
  // SQLite answers with the mode in effect; it keeps WAL if another connection has the file open.
  if (mode !== c.journalMode) throw new StorageError(path, 'config', `journal_mode is ${mode}, not ${c.journalMode}`);
  const secure = c.secureDelete === 'fast' ? 2 : c.secureDelete === 'on' ? 1 : 0;
  db.pragma(`secure_delete = ${secure === 2 ? 'FAST' : secure === 1 ? 'ON' : 'OFF'}`);
  if (db.pragma('secure_delete', { simple: true }) !== secure) throw new StorageError(path, 'config', `secure_delete did not take ${c.secureDelete}`);
  if (c.verifyErase) db.pragma('temp_store = MEMORY');
  for (const p of options.extraPragmas ?? []) db.pragma(p);
}
