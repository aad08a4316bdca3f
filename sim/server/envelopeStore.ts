// Store-and-forward storage: each envelope the relay holds is one sealed record on the at-rest disk,
// with a small in-memory index (ids, routing, times — no body) for the relay's bookkeeping.
// A record leaves either truly (erased from disk) or, for a server that lies, only from the index
// of live records: its bytes stay on disk as "retained" while the server claims it deleted them.
import { assert } from '../../protocol/errors.ts';
import type { DeviceId, RoomId } from '../../protocol/ids.ts';
import { SimLimitExceeded } from '../engine/simLimitError.ts';
import type { AtRestDisk } from './atRestDisk.ts';
import { decodeStoredEnvelope, encodeStoredEnvelope, type Envelope, type EnvelopeKind, type StoredEnvelope } from './envelope.ts';

export interface RecordIndex {
  readonly serverId: string;
  readonly envelopeId: string;
  readonly from: DeviceId;
  readonly to: DeviceId;
  readonly roomId?: RoomId;
  readonly kind: EnvelopeKind;
  readonly storedAtMs: number;
  readonly label: string;
}

const recordLabel = (serverId: string): string => `record/${serverId}`;

export class EnvelopeStore {
  /** Live records in storing order: with one TTL for all, the first is always the next to expire. */
  private readonly live = new Map<string, RecordIndex>();
  private readonly retained = new Map<string, RecordIndex>();

  constructor(
    private readonly disk: AtRestDisk,
    private readonly maxRecords: number,
  ) {}

  put(serverId: string, storedAtMs: number, envelope: Envelope): RecordIndex {
    assert(!this.live.has(serverId) && !this.retained.has(serverId), `server id ${serverId} reused`);
    if (this.live.size + this.retained.size >= this.maxRecords) {
      throw new SimLimitExceeded('MAX_STORED_RECORDS', this.maxRecords, `storing ${serverId}`);
    }
    const label = recordLabel(serverId);
    this.disk.put(label, encodeStoredEnvelope({ serverId, storedAtMs, envelope }));
    const { id: envelopeId, from, to, roomId, kind } = envelope;
    const index: RecordIndex = { serverId, envelopeId, from, to, kind, storedAtMs, label, ...(roomId === undefined ? {} : { roomId }) };
    this.live.set(serverId, index);
    return index;
  }

  /** Reads a record (live or retained) back from disk. */
  read(serverId: string): StoredEnvelope | undefined {
    const bytes = this.disk.get(recordLabel(serverId));
    return bytes === undefined ? undefined : decodeStoredEnvelope(bytes);
  }

  liveRecord(serverId: string): RecordIndex | undefined {
    return this.live.get(serverId);
  }

  /** Takes a record out of live storage: erased from disk, or (keepBytes) kept on disk as retained. */
  remove(serverId: string, keepBytes: boolean): RecordIndex | undefined {
    const index = this.live.get(serverId);
    if (index === undefined) return undefined;
    this.live.delete(serverId);
    if (keepBytes) this.retained.set(serverId, index);
    else this.disk.delete(index.label);
    return index;
  }

  oldestLive(): RecordIndex | undefined {
    return this.live.values().next().value;
  }

  liveRecords(): IterableIterator<RecordIndex> {
    return this.live.values();
  }

  retainedRecords(): IterableIterator<RecordIndex> {
    return this.retained.values();
  }

  get liveCount(): number {
    return this.live.size;
  }

  get retainedCount(): number {
    return this.retained.size;
  }
}
