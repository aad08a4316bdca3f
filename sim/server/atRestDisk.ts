// The server's storage medium (docs/properties.md "SEC-RETENTION": everything stored is encrypted at rest): each
// record sealed (XChaCha20-Poly1305, at-rest key, nonce from the server's stream) and framed
// (sim/storage/sealedRecord.ts) on a storage engine, memory or SQLite; seizures read raw bytes.
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { Drbg } from '../../protocol/random/drbg.ts';
import type { RawFile, StorageEngine } from '../storage/engine.ts';
import { MemoryEngine } from '../storage/memoryEngine.ts';
import { AT_REST_DOMAIN, openRecord, sealRecord, type SealKey } from '../storage/sealedRecord.ts';

const KEY_BYTES = 32;

export class AtRestDisk {
  private readonly key: Uint8Array;
  private readonly seal: SealKey;
  /** Write sequence number stamped into each record (deterministic: no clock, no random ids). */
  private nextSeq = 0;

  constructor(
    crypto: CryptoProvider,
    /** The server's key stream: the at-rest key is drawn first, then one nonce per frame written. */
    private readonly rng: Drbg,
    private readonly medium: StorageEngine = new MemoryEngine(),
  ) {
    this.key = rng.bytes(KEY_BYTES);
    this.seal = { provider: crypto, key: this.key, domain: AT_REST_DOMAIN };
  }

  /** A copy of the at-rest key (what a seizure of the server takes along). */
  keyCopy(): Uint8Array {
    return this.key.slice();
  }

  /** Seals `plaintext` under `label` (replacing any earlier record there); returns the sealed bytes. */
  put(label: string, plaintext: Uint8Array): Uint8Array {
    const sealed = sealRecord(this.seal, this.rng, label, this.nextSeq++, plaintext);
    this.medium.put(label, sealed);
    return sealed;
  }

  /** The plaintext under `label`, or undefined if nothing is stored there. */
  get(label: string): Uint8Array | undefined {
    const sealed = this.medium.get(label);
    return sealed === undefined ? undefined : this.open(label, sealed);
  }

  /** Opens a sealed record (from this disk or one of its backups). */
  open(label: string, sealed: Uint8Array): Uint8Array {
    return openRecord(this.seal, label, sealed);
  }

  has(label: string): boolean {
    return this.medium.get(label) !== undefined;
  }

  delete(label: string): boolean {
    return this.medium.delete(label);
  }

  get size(): number {
    return this.medium.list().length;
  }

  /** Every sealed record, in order of first insertion. */
  sealedRecords(): IterableIterator<[string, Uint8Array]> {
    return this.medium.list().values();
  }

  /** Exactly the bytes on the medium (one item per live record in memory; the database files for SQLite). */
  rawFiles(): RawFile[] {
    return this.medium.rawFiles();
  }
}
