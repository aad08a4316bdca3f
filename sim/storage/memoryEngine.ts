// The in-memory storage engine: a map from label to value. Deleting a record really
// removes it, so its raw bytes are the live records only — the fast default for large campaigns.
import { UsageError } from '../../protocol/errors.ts';
import type { RawFile, StorageEngine } from './engine.ts';

export class MemoryEngine implements StorageEngine {
  readonly kind = 'memory';
  private readonly records = new Map<string, Uint8Array>();
  private closed = false;

  put(label: string, value: Uint8Array): void {
    this.live();
    this.records.set(label, value.slice());
  }

  get(label: string): Uint8Array | undefined {
    this.live();
    return this.records.get(label)?.slice();
  }

  delete(label: string): boolean {
    this.live();
    return this.records.delete(label);
  }

  list(): [string, Uint8Array][] {
    this.live();
    return [...this.records].map(([label, value]) => [label, value.slice()]);
  }

  /** All or nothing: a throw inside `fn` puts the map back as it was. */
  transaction<T>(fn: () => T): T {
    this.live();
    const before = new Map(this.records);
    try {
      return fn();
    } catch (e) {
      this.records.clear();
      for (const [k, v] of before) this.records.set(k, v);
      throw e;
    }
  }

  /** One "file" per live record, labelled by the record's label. */
  rawFiles(): RawFile[] {
    return this.list().map(([label, bytes]) => ({ label, bytes }));
  }

  close(): void {
    this.closed = true;
  }

  private live(): void {
    if (this.closed) throw new UsageError('memory storage: used after close');
  }
}
