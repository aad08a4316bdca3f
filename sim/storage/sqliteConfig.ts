// How a SQLite store is configured, and the named configurations measured in deletion.test.ts and
// crash.test.ts: the naive ones (SQLite's defaults, where a deleted row lingers in free space, free
// pages and the WAL) and the one sealroom's phones and server use, where a deleted row is gone from
// every byte of every file by the time the delete returns, even if the process is killed at any
// instant (the deletion guarantee: sim/storage/README.md).
//
// Why the hardened configuration uses a rollback journal (journal_mode=TRUNCATE) and not the WAL:
// - In WAL mode a delete's commit and its erasure are two steps. The commit appends the new page
//   images to the -wal, but the older frames holding the row stay there until a checkpoint copies
//   the log into the database and TRUNCATE cuts it to zero bytes (SQLite docs, "Write-Ahead
//   Logging" §2.1 Checkpointing; "PRAGMA wal_checkpoint"). A process killed between the two, or a
//   checkpoint kept "busy" by a reader's snapshot, leaves a committed delete readable in the -wal.
//   The engine retries and verifies that checkpoint (SQLITE_HARDENED_WAL), but the deleted row
//   still sits in the -wal for as long as any reader pins it, so a delete can fail after its commit.
// - With a rollback journal the commit is the erasure: the old pages go to the -journal, the
//   database pages are overwritten in place (secure_delete=ON zeroes the freed cells and pages:
//   SQLite docs, "PRAGMA secure_delete"), and truncating the journal to zero bytes is the commit
//   point (SQLite docs, "Atomic Commit In SQLite" §3.11 and "PRAGMA journal_mode"). Killed before
//   that point, the hot journal rolls the delete back on the next open: the row is still live, not
//   half-deleted. A reader blocks the commit itself, so a busy delete leaves the row untouched.
// - TRUNCATE rather than DELETE: in locking_mode=EXCLUSIVE SQLite does not delete a DELETE-mode
//   journal at commit but only zeroes its header, like PERSIST (SQLite docs, "Temporary Files Used
//   By SQLite" §2.1), leaving the old pages of the last transaction in the file; a TRUNCATE-mode
//   journal is cut to zero bytes in every locking mode (crash.test.ts checks both).
// - Measured (crash.test.ts prints it; one message step = insert a row + rewrite the 6 KB state
//   row, then delete the row + rewrite the state row, synchronous=OFF): TRUNCATE 0.43 ms/step,
//   WAL + verified checkpoint 0.44, DELETE-mode journal 0.69 (medians of one quiet run; README.md).
//   Cost does not separate the two designs; their behaviour under a crash and a busy reader does.

type JournalMode = 'delete' | 'truncate' | 'persist' | 'wal';

export interface SqliteConfig {
  readonly name: string;
  readonly journalMode: JournalMode;
  /** `PRAGMA secure_delete`: on = freed cells and pages are overwritten with zeros; fast = only within b-tree pages. */
  readonly secureDelete: 'off' | 'on' | 'fast';
  /**
   * WAL mode only: after every write that deleted or replaced a row, `PRAGMA wal_checkpoint(TRUNCATE)`,
   * retried while it reports busy up to the engine's busy limit (then StorageError 'busy').
   */
  readonly checkpointAfterDelete: boolean;
  /** `PRAGMA auto_vacuum=FULL`: free pages are moved to the end and cut off the file at each commit. */
  readonly autoVacuum: boolean;
  /**
   * A write that deleted or replaced a row returns only once no side file holds page images: the
   * -wal is absent or zero bytes (after the checkpoint) and the -journal absent or zero bytes;
   * StorageError 'residue' otherwise. Also keeps SQLite's temporary files (statement journals, which
   * hold old page content: SQLite docs, "Temporary Files Used By SQLite" §2.5) in memory.
   */
  readonly verifyErase: boolean;
}

/** SQLite's own defaults: rollback journal, no secure delete. Deleted rows survive in free space. */
export const SQLITE_NAIVE: SqliteConfig = { name: 'naive', journalMode: 'delete', secureDelete: 'off', checkpointAfterDelete: false, autoVacuum: false, verifyErase: false };

/** What most apps turn on for speed: the write-ahead log. Deleted rows survive in the WAL and in free space. */
const SQLITE_NAIVE_WAL: SqliteConfig = { name: 'naive-wal', journalMode: 'wal', secureDelete: 'off', checkpointAfterDelete: false, autoVacuum: false, verifyErase: false };

/**
 * The configuration sealroom's phones and server use: secure_delete=ON with a rollback journal cut
 * to zero bytes at each commit, each erase verified. A delete that returns has left no copy in any
 * file, and a process killed at any instant leaves each delete either done or not begun (crash.test.ts).
 */
export const SQLITE_HARDENED: SqliteConfig = { name: 'hardened', journalMode: 'truncate', secureDelete: 'on', checkpointAfterDelete: false, autoVacuum: false, verifyErase: true };

/**
 * The WAL alternative, measured against SQLITE_HARDENED: secure_delete=ON, the WAL checkpointed
 * and truncated after each delete (retried while busy) and verified empty before the delete returns.
 * Also holds under crashes, but a committed delete can be left pending while a reader pins the WAL.
 */
export const SQLITE_HARDENED_WAL: SqliteConfig = { name: 'hardened-wal', journalMode: 'wal', secureDelete: 'on', checkpointAfterDelete: true, autoVacuum: false, verifyErase: true };

/** Every named configuration, for tests and benchmarks. */
export const SQLITE_CONFIGS: readonly SqliteConfig[] = [
  SQLITE_NAIVE,
  SQLITE_NAIVE_WAL,
  { name: 'secure-delete', journalMode: 'delete', secureDelete: 'on', checkpointAfterDelete: false, autoVacuum: false, verifyErase: false },
  { name: 'secure-delete-fast', journalMode: 'delete', secureDelete: 'fast', checkpointAfterDelete: false, autoVacuum: false, verifyErase: false },
  { name: 'auto-vacuum', journalMode: 'delete', secureDelete: 'off', checkpointAfterDelete: false, autoVacuum: true, verifyErase: false },
  { name: 'wal-secure-delete', journalMode: 'wal', secureDelete: 'on', checkpointAfterDelete: false, autoVacuum: false, verifyErase: false },
  { name: 'wal-checkpoint', journalMode: 'wal', secureDelete: 'off', checkpointAfterDelete: true, autoVacuum: false, verifyErase: false },
  SQLITE_HARDENED_WAL,
  SQLITE_HARDENED,
];

export function sqliteConfigNamed(name: string): SqliteConfig | undefined {
  return SQLITE_CONFIGS.find((c) => c.name === name);
}
