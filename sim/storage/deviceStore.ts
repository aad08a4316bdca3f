// A phone's device store on a storage engine: after each step the phone writes the rows
// that changed, each sealed with its storage key and framed (sealedRecord.ts), and deletes the rows
// of messages that evaporated, in one transaction. Loading reads every row back or fails whole. A
// restart reads the medium again (reopen): what the store deletes next is judged by what is on the
// medium, not by what the phone remembers writing, so rows someone wrote back go when they are due.
import { equalBytes, wipe } from '../../protocol/bytes.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { DeviceState } from '../../protocol/device/index.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import type { Rng } from '../../protocol/random/rng.ts';
import type { StoredCopy } from '../../protocol/device/index.ts';
import { deviceFromRows, deviceRows, SAVES_ROW, savesFromRows, savesRow } from './deviceRows.ts';
import type { RawFile, StorageEngine } from './engine.ts';
import { DEVICE_ROW_DOMAIN, openRecord, sealRecord, type SealKey } from './sealedRecord.ts';
import { SqliteEngine } from './sqliteEngine.ts';
import type { SqliteConfig } from './sqliteConfig.ts';
import { StorageFileError } from './storageError.ts';

/** One row of a device store as it lies on the medium: its label and its sealed bytes. */
export interface StoredRow {
  readonly label: string;
  readonly sealed: Uint8Array;
}

export class DeviceStore {
  /** What was last written under each label (the phone's RAM, never the medium): to write only changes. */
  private readonly written = new Map<string, Uint8Array>();
  private nextSeq = 0;
  private readonly key: SealKey;

  constructor(
    private readonly engine: StorageEngine,
    provider: CryptoProvider,
    storageKey: Uint8Array,
    /** The store's own random stream (nonces), apart from the protocol's. */
    private readonly rng: Rng,
  ) {
    this.key = { provider, key: storageKey, domain: DEVICE_ROW_DOMAIN };
  }

  /**
   * Whether the phone writes after every step. A memory medium keeps only live rows, so writing
   * once when seized leaves the same bytes as writing after every step, at a fraction of the cost.
   */
  get writeThrough(): boolean {
    return this.engine.kind !== 'memory';
  }

  /** Writes the rows of `state` (after `saves` saves) that changed since the last save and deletes the rows that are gone. */
  save(state: DeviceState, saves: number): void {
    const rows = deviceRows(state);
    rows.set(SAVES_ROW, savesRow(saves));
    const gone = [...this.written.keys()].filter((label) => !rows.has(label));
    const changed = [...rows].filter(([label, payload]) => {
      const before = this.written.get(label);
      return before === undefined || !equalBytes(before, payload);
    });
    if (gone.length === 0 && changed.length === 0) return;
    this.engine.transaction(() => {
      for (const label of gone) this.engine.delete(label);
      for (const [label, payload] of changed) this.engine.put(label, sealRecord(this.key, this.rng, label, this.nextSeq++, payload));
    });
    for (const label of gone) this.forget(label);
    for (const [label, payload] of changed) {
      this.forget(label);
      this.written.set(label, payload);
    }
  }

  rawFiles(): RawFile[] {
    return this.engine.rawFiles();
  }

  /** The live rows on the medium, sealed as they lie: an image someone could write back later. */
  image(): StoredRow[] {
    return this.engine.list().map(([label, sealed]) => ({ label, sealed: sealed.slice() }));
  }

  /** Someone writes `image` onto the medium in place of what is there (the phone is not running). */
  writeImage(image: readonly StoredRow[]): void {
    this.engine.transaction(() => {
      for (const [label] of this.engine.list()) this.engine.delete(label);
      for (const row of image) this.engine.put(row.label, row.sealed);
    });
  }

  /**
   * The phone restarts: every row on the medium is opened and decoded (or a ProtocolError
   * STORE_CORRUPT / STORE_BAD_KEY), and from now on the store writes against those rows.
   */
  reopen(): StoredCopy {
    const rows = this.engine.list().map(([label, sealed]) => [label, openRecord(this.key, label, sealed)] as const);
    const copy = { device: deviceFromRows(rows), saves: savesFromRows(rows) };
    for (const label of [...this.written.keys()]) this.forget(label);
    for (const [label, payload] of rows) this.written.set(label, payload);
    return copy;
  }

  private forget(label: string): void {
    const old = this.written.get(label);
    if (old !== undefined) wipe(old);
    this.written.delete(label);
  }
}

/** The DeviceState in a store: every row opened and decoded, or a ProtocolError (STORE_CORRUPT / STORE_BAD_KEY). */
export function loadDeviceState(engine: StorageEngine, provider: CryptoProvider, storageKey: Uint8Array): DeviceState {
  const key = { provider, key: storageKey, domain: DEVICE_ROW_DOMAIN };
  return deviceFromRows(engine.list().map(([label, value]) => [label, openRecord(key, label, value)] as const));
}

/**
 * Loads a phone's database file: the state it holds, or a StorageFileError naming the file. Nothing
 * is left open on failure, and the file is only read.
 */
export function loadDeviceFile(path: string, config: SqliteConfig, provider: CryptoProvider, storageKey: Uint8Array): DeviceState {
  const engine = SqliteEngine.load(path, config, { readOnly: true });
  try {
    return loadDeviceState(engine, provider, storageKey);
  } catch (e) {
    if (isProtocolError(e)) throw new StorageFileError(path, e.message, e.code === 'STORE_BAD_KEY' ? 'STORE_BAD_KEY' : 'STORE_CORRUPT');
    throw e;
  } finally {
    engine.close();
  }
}
