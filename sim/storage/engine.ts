// The storage medium behind the server's at-rest disk and the phone's device store (
// docs/conventions.md: a seizure reads the bytes on the storage medium). One interface, two engines:
// memory (a map: only live records exist) and sqlite (database files where deleted rows can linger).

/** One file (or, for the memory engine, one live record) exactly as it sits on the medium. */
export interface RawFile {
  readonly label: string;
  readonly bytes: Uint8Array;
}

export type StorageKind = 'memory' | 'sqlite';

export interface StorageEngine {
  readonly kind: StorageKind;
  /** Stores `value` under `label`, replacing what was there. */
  put(label: string, value: Uint8Array): void;
  get(label: string): Uint8Array | undefined;
  /** True when something was stored under `label`. */
  delete(label: string): boolean;
  /** Every live record, in order of first insertion (a replaced record keeps its place). */
  list(): [string, Uint8Array][];
  /** Runs `fn` as one write: all of its puts and deletes reach the medium together. */
  transaction<T>(fn: () => T): T;
  /** Exactly the bytes on the medium now: what a seizure copies. */
  rawFiles(): RawFile[];
  /** Releases the medium (files stay where they are; the run directory owns their removal). */
  close(): void;
}
