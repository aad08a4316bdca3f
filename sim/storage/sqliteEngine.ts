// The SQLite storage engine on better-sqlite3: one database file per server or phone, one
// table of (label, part, body) rows. A record made of several frames gets one row per frame, so no
// frame straddles a page; a seizure copies the database, -wal and -journal files byte for byte.
import { basename } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { concatBytes } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { RawFile, StorageEngine } from './engine.ts';
import { splitFrames } from './frame.ts';
import type { SqliteConfig } from './sqliteConfig.ts';
import { StorageFileError } from './storageError.ts';

const SCHEMA = 'CREATE TABLE records (label TEXT NOT NULL, part INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (label, part))';
const COLUMNS = ['label', 'part', 'body'];
/** The files SQLite keeps next to a database, all of them read by a seizure. */
const SIDE_FILES = ['', '-wal', '-journal'];

type Db = Database.Database;

export class SqliteEngine implements StorageEngine {
  readonly kind = 'sqlite';
  private readonly st;
  private depth = 0;
  /** A row was deleted or replaced since the last checkpoint: its old bytes may sit in the WAL. */
  private freed = false;

  private constructor(
    readonly path: string,
    readonly config: SqliteConfig,
    private readonly db: Db,
  ) {
    this.st = {
      upsert: db.prepare('INSERT INTO records (label, part, body) VALUES (?, ?, ?) ON CONFLICT (label, part) DO UPDATE SET body = excluded.body'),
      dropFrom: db.prepare('DELETE FROM records WHERE label = ? AND part >= ?'),
      exists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM records WHERE label = ? LIMIT 1'),
      get: db.prepare<[string], { body: Buffer }>('SELECT body FROM records WHERE label = ? ORDER BY part'),
      list: db.prepare<[], { label: string; part: number; body: Buffer }>('SELECT label, part, body FROM records ORDER BY rowid'),
    };
  }

  /** A new, empty database at `path` (which must not exist yet). */
  static create(path: string, config: SqliteConfig): SqliteEngine {
    if (existsSync(path)) throw new UsageError(`sqlite storage: ${path} already exists`);
    const db = new Database(path);
    db.pragma('page_size = 4096');
    db.pragma(`auto_vacuum = ${config.autoVacuum ? 'FULL' : 'NONE'}`);
    db.exec(SCHEMA);
    applyConfig(db, config);
    return new SqliteEngine(path, config, db);
  }

  /**
   * An existing database: StorageFileError naming the file if it is missing, corrupt or not a store.
   * `readOnly` opens it only to read (the configuration is not applied; nothing is written).
   */
  static load(path: string, config: SqliteConfig, options: { readonly readOnly?: boolean } = {}): SqliteEngine {
    if (!existsSync(path)) throw new StorageFileError(path, 'no such file');
    let db: Db | undefined;
    try {
      db = new Database(path, { fileMustExist: true, readonly: options.readOnly === true });
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StorageFileError(path, `quick_check: ${String(check)}`);
      const columns = (db.pragma('table_info(records)') as { name: string }[]).map((c) => c.name);
      if (columns.join() !== COLUMNS.join()) throw new StorageFileError(path, 'not a sealroom store (no records table)');
      if (options.readOnly !== true) applyConfig(db, config);
      return new SqliteEngine(path, config, db);
    } catch (e) {
      db?.close();
      if (e instanceof StorageFileError) throw e;
      if (e instanceof Database.SqliteError) throw new StorageFileError(path, `${e.code}: ${e.message}`);
      throw e;
    }
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

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one transaction (nested calls join the outer one); then checkpoints if configured. */
  private write<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      return this.db.transaction(fn)();
    } finally {
      this.depth--;
      if (this.freed && this.config.checkpointAfterDelete && this.config.journalMode === 'wal') {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
        this.freed = false;
      }
    }
  }
}

function applyConfig(db: Db, c: SqliteConfig): void {
  // Durability across power loss is not what the simulation studies: the bytes in the files are the
  // same with or without fsync, so synchronous=OFF keeps runs fast without changing what is seized.
  db.pragma('synchronous = OFF');
  db.pragma(`journal_mode = ${c.journalMode.toUpperCase()}`);
  db.pragma(`secure_delete = ${c.secureDelete === 'fast' ? 'FAST' : c.secureDelete === 'on' ? 'ON' : 'OFF'}`);
}
