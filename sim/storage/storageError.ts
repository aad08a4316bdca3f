// The typed error for a storage file that cannot be loaded (issue 9 "bad input"): a corrupt or
// truncated database names its file, and loading it leaves no partial state behind.
import { ProtocolError } from '../../protocol/errors.ts';

export class StorageFileError extends ProtocolError {
  constructor(
    /** The file that failed to load. */
    readonly file: string,
    why: string,
  ) {
    super('STORE_CORRUPT', `${file}: ${why}`);
  }
}

export function isStorageFileError(e: unknown): e is StorageFileError {
  return e instanceof StorageFileError;
}
