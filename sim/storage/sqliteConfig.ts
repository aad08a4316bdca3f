// How a SQLite store is configured, and the named configurations measured in : the naive one
// (SQLite's defaults, where a deleted row lingers in free space, free pages and the WAL) and the one
// sealroom's phones and server use, where a deleted row is gone from every byte of every file.

export type JournalMode = 'delete' | 'truncate' | 'persist' | 'wal';

export interface SqliteConfig {
  readonly name: string;
  readonly journalMode: JournalMode;
  /** `PRAGMA secure_delete`: on = freed cells and pages are overwritten with zeros; fast = only within b-tree pages. */
  readonly secureDelete: 'off' | 'on' | 'fast';
  /** WAL mode only: after every write that deleted or replaced a row, `PRAGMA wal_checkpoint(TRUNCATE)`. */
  readonly checkpointAfterDelete: boolean;
  /** `PRAGMA auto_vacuum=FULL`: free pages are moved to the end and cut off the file at each commit. */
  readonly autoVacuum: boolean;
}

/** SQLite's own defaults: rollback journal, no secure delete. Deleted rows survive in free space. */
export const SQLITE_NAIVE: SqliteConfig = { name: 'naive', journalMode: 'delete', secureDelete: 'off', checkpointAfterDelete: false, autoVacuum: false };

/** What most apps turn on for speed: the write-ahead log. Deleted rows survive in the WAL and in free space. */
export const SQLITE_NAIVE_WAL: SqliteConfig = { name: 'naive-wal', journalMode: 'wal', secureDelete: 'off', checkpointAfterDelete: false, autoVacuum: false };

/**
 * The configuration that makes deletion hold on the raw files (measured in sim/storage/deletion.test.ts
 * and bench/suites/storage.ts): zero freed content, and keep no old page images in a WAL.
 */
export const SQLITE_HARDENED: SqliteConfig = { name: 'hardened', journalMode: 'wal', secureDelete: 'on', checkpointAfterDelete: true, autoVacuum: false };

/** Every named configuration, for tests and benchmarks. */
export const SQLITE_CONFIGS: readonly SqliteConfig[] = [
  SQLITE_NAIVE,
  SQLITE_NAIVE_WAL,
  { name: 'secure-delete', journalMode: 'delete', secureDelete: 'on', checkpointAfterDelete: false, autoVacuum: false },
  { name: 'secure-delete-fast', journalMode: 'delete', secureDelete: 'fast', checkpointAfterDelete: false, autoVacuum: false },
  { name: 'auto-vacuum', journalMode: 'delete', secureDelete: 'off', checkpointAfterDelete: false, autoVacuum: true },
  { name: 'wal-secure-delete', journalMode: 'wal', secureDelete: 'on', checkpointAfterDelete: false, autoVacuum: false },
  { name: 'wal-checkpoint', journalMode: 'wal', secureDelete: 'off', checkpointAfterDelete: true, autoVacuum: false },
  SQLITE_HARDENED,
];

export function sqliteConfigNamed(name: string): SqliteConfig | undefined {
  return SQLITE_CONFIGS.find((c) => c.name === name);
}
