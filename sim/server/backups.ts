// Backups: periodic snapshots of the sealed at-rest records (docs/properties.md: a seizure takes backups
// too). They obey the same retention as live storage: an honest server erases a record from every
// backup when it erases it live, and drops a whole backup once it is older than its retention.
import { SimLimitExceeded } from '../engine/simLimitError.ts';

export interface Backup {
  readonly takenAtMs: number;
  readonly records: Map<string, Uint8Array>;
}

export class Backups {
  private kept: Backup[] = [];

  constructor(private readonly maxBackups: number) {}

  /** Takes a snapshot of the given sealed records (the bytes are shared, never re-encrypted). */
  take(nowMs: number, sealed: Iterable<[string, Uint8Array]>): Backup {
    if (this.kept.length >= this.maxBackups) throw new SimLimitExceeded('MAX_BACKUPS_KEPT', this.maxBackups, `backup at ${nowMs} ms`);
    const backup: Backup = { takenAtMs: nowMs, records: new Map(sealed) };
    this.kept.push(backup);
    return backup;
  }

  /** Erases one record from every backup. */
  purge(label: string): void {
    for (const b of this.kept) b.records.delete(label);
  }

  /** Drops backups with takenAtMs + retentionMs <= nowMs; returns how many. */
  expire(nowMs: number, retentionMs: number): number {
    const before = this.kept.length;
    this.kept = this.kept.filter((b) => b.takenAtMs + retentionMs > nowMs);
    return before - this.kept.length;
  }

  nextExpiryMs(retentionMs: number): number | undefined {
    const first = this.kept[0];
    return first === undefined ? undefined : first.takenAtMs + retentionMs;
  }

  all(): readonly Backup[] {
    return this.kept;
  }
}
