// The typed error for a storage file that cannot be loaded: a corrupt or
// truncated database names its file, and loading it leaves no partial state behind.
import { ProtocolError } from '../../protocol/errors.ts';

export class StorageFileError extends ProtocolError {
  constructor(
    /** The file that failed to load. */
    readonly file: string,
    why: string,
    /** STORE_BAD_KEY when the file is sound but its rows do not open with the key given. */
    code: 'STORE_CORRUPT' | 'STORE_BAD_KEY' = 'STORE_CORRUPT',
  ) {
    super(code, `${file}: ${why}`);
  }
}

export function isStorageFileError(e: unknown): e is StorageFileError {
  return e instanceof StorageFileError;
}

/**
 * Why a write to a store could not be completed as promised:
 * - `busy`: another connection held a lock (a reader's snapshot pins the WAL, or blocks a rollback
 *   journal's commit) for longer than the engine's busy limit;
 * - `residue`: the write committed but a side file (-wal, -journal) still holds page images, so a
 *   deleted row may be readable on the medium;
 * - `config`: SQLite did not take the configuration asked for (e.g. a journal mode it could not switch to).
 */
export type StorageFailure = 'busy' | 'residue' | 'config';

/**
 * A write the store could not finish as promised (a storage medium failure, not peer input). A delete
 * that throws it was not acknowledged: the row is either still live or its erase is still pending
 * (`SqliteEngine.erasePending`) and is retried by the next write, by close and by the next load.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    /** The database file. */
    readonly file: string,
    readonly failure: StorageFailure,
    why: string,
  ) {
    super(`${file}: ${failure}: ${why}`);
  }
}

export function isStorageError(e: unknown, failure?: StorageFailure): e is StorageError {
  return e instanceof StorageError && (failure === undefined || e.failure === failure);
}
