// A bounded, append-only list of labelled byte strings. Used twice: the curious/malicious server's
// plaintext-at-rest archive (server state, seized), and the simulator's own record of every byte
// the server ever received (the oracle for SEC-SERVER-BLIND; not server state).
import { MAX_SEEN_ITEMS } from '../engine/limits.ts';
import { SimLimitExceeded } from '../engine/simLimitError.ts';

export interface LabelledBytes {
  readonly label: string;
  readonly bytes: Uint8Array;
}

export interface ArchivedItem extends LabelledBytes {
  readonly atMs: number;
}

export class ByteArchive {
  private readonly entries: ArchivedItem[] = [];

  constructor(
    private readonly what: string,
    private readonly maxItems: number = MAX_SEEN_ITEMS,
  ) {}

  /** Keeps a copy of `bytes`, so later changes by the caller cannot alter what was archived. */
  add(atMs: number, label: string, bytes: Uint8Array): void {
    if (this.entries.length >= this.maxItems) throw new SimLimitExceeded('MAX_SEEN_ITEMS', this.maxItems, `${this.what}: item ${label}`);
    this.entries.push({ atMs, label, bytes: bytes.slice() });
  }

  items(): readonly ArchivedItem[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }
}
