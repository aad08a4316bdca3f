// The server's metadata log (the threat model, docs/threat-model.md: what the server must still hold): per
// submitted envelope the time, sender, recipient, room, kind and a size bucket — never content.
// Each record is sealed on the at-rest disk; records older than the log's retention are erased.
import { utf8 } from '../../protocol/bytes.ts';
import type { DeviceId, RoomId } from '../../protocol/ids.ts';
import { canonicalJson } from '../engine/canonicalJson.ts';
import { SimLimitExceeded } from '../engine/simLimitError.ts';
import type { AtRestDisk } from './atRestDisk.ts';
import type { EnvelopeKind } from './envelope.ts';

export interface MetadataRecord {
  readonly seq: number;
  readonly atMs: number;
  readonly from: DeviceId;
  readonly to: DeviceId;
  readonly roomId?: RoomId;
  readonly kind: EnvelopeKind;
  readonly sizeBucket: number;
}

const metadataLabel = (seq: number): string => `metadata/${seq}`;

export class MetadataLog {
  /** Kept records, oldest first (times only grow, so expiry always takes from the front). */
  private records: MetadataRecord[] = [];
  private nextSeq = 1;

  constructor(
    private readonly disk: AtRestDisk,
    private readonly maxRecords: number,
  ) {}

  append(r: Omit<MetadataRecord, 'seq'>): MetadataRecord {
    if (this.records.length >= this.maxRecords) throw new SimLimitExceeded('MAX_METADATA_RECORDS', this.maxRecords, `metadata record at ${r.atMs} ms`);
    const record: MetadataRecord = { ...r, seq: this.nextSeq++ };
    this.records.push(record);
    this.disk.put(metadataLabel(record.seq), utf8(canonicalJson({ ...record })));
    return record;
  }

  /** Removes records with atMs + retentionMs <= nowMs; returns their disk labels (the caller erases them everywhere). */
  expire(nowMs: number, retentionMs: number): string[] {
    let cut = 0;
    while (cut < this.records.length && (this.records[cut] as MetadataRecord).atMs + retentionMs <= nowMs) cut++;
    if (cut === 0) return [];
    const gone = this.records.slice(0, cut);
    this.records = this.records.slice(cut);
    return gone.map((r) => metadataLabel(r.seq));
  }

  /** When the oldest kept record falls due, or undefined if the log is empty. */
  nextExpiryMs(retentionMs: number): number | undefined {
    const first = this.records[0];
    return first === undefined ? undefined : first.atMs + retentionMs;
  }

  all(): readonly MetadataRecord[] {
    return this.records;
  }
}
