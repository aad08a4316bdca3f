// The server's storage medium (DESIGN.md "SEC-RETENTION": everything stored is encrypted at rest).
// Every record is sealed with XChaCha20-Poly1305 under the server's at-rest key, a fresh nonce
// from the server's seeded stream, and its label as associated data. A seizure reads these bytes.
import { concatBytes, utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { Drbg } from '../../protocol/random/drbg.ts';

const KEY_BYTES = 32;
const NONCE_BYTES = 24;

export class AtRestDisk {
  private readonly records = new Map<string, Uint8Array>();
  private readonly key: Uint8Array;

  constructor(
    private readonly crypto: CryptoProvider,
    /** The server's key stream: the at-rest key is drawn first, then one nonce per write. */
    private readonly rng: Drbg,
  ) {
    this.key = rng.bytes(KEY_BYTES);
  }

  /** A copy of the at-rest key (what a seizure of the server takes along). */
  keyCopy(): Uint8Array {
    return this.key.slice();
  }

  /** Seals `plaintext` under `label` (replacing any earlier record there); returns the sealed bytes. */
  put(label: string, plaintext: Uint8Array): Uint8Array {
    const nonce = this.rng.bytes(NONCE_BYTES);
    const sealed = concatBytes(nonce, this.crypto.xchacha20poly1305.seal(this.key, nonce, plaintext, utf8(label)));
    this.records.set(label, sealed);
    return sealed;
  }

  /** The plaintext under `label`, or undefined if nothing is stored there. */
  get(label: string): Uint8Array | undefined {
    const sealed = this.records.get(label);
    return sealed === undefined ? undefined : this.open(label, sealed);
  }

  /** Opens a sealed record (from this disk or one of its backups). */
  open(label: string, sealed: Uint8Array): Uint8Array {
    if (sealed.length < NONCE_BYTES) throw new UsageError(`at-rest record ${label}: shorter than a nonce`);
    return this.crypto.xchacha20poly1305.open(this.key, sealed.subarray(0, NONCE_BYTES), sealed.subarray(NONCE_BYTES), utf8(label));
  }

  has(label: string): boolean {
    return this.records.has(label);
  }

  delete(label: string): boolean {
    return this.records.delete(label);
  }

  get size(): number {
    return this.records.size;
  }

  /** Every sealed record, in write order of first insertion. */
  sealedRecords(): IterableIterator<[string, Uint8Array]> {
    return this.records.entries();
  }
}
