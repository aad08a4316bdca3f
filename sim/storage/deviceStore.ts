// A phone's device store on a storage engine: after each step the phone writes the rows
// that changed, each sealed with its storage key and framed (sealedRecord.ts), and deletes the rows
// of messages that evaporated, in one transaction. Loading reads every row back or fails whole.
import { equalBytes, wipe } from '../../protocol/bytes.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { DeviceState } from '../../protocol/device/index.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import type { Rng } from '../../protocol/random/rng.ts';
import { deviceFromRows, deviceRows } from './deviceRows.ts';
import type { RawFile, StorageEngine } from './engine.ts';
import { DEVICE_ROW_DOMAIN, openRecord, sealRecord, type SealKey } from './sealedRecord.ts';
import { SqliteEngine } from './sqliteEngine.ts';
import type { SqliteConfig } from './sqliteConfig.ts';
import { StorageFileError } from './storageError.ts';

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

  /** Writes the rows of `state` that changed since the last save and deletes the rows that are gone. */
  save(state: DeviceState): void {
    const rows = deviceRows(state);
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
