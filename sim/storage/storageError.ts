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
