// The published retention policy (docs/properties.md SEC-RETENTION): a privacy-mode envelope is erased on
// delivery ack, an undelivered one after the TTL; metadata and backups have their own retention.
// A server that keeps everything (flag retention=false, or lie-about-deletion) still *claims* each
// deletion in its trace, but only drops the record from its live index; the bytes stay.
import type { Engine, EventHandle } from '../engine/engine.ts';
import type { AtRestDisk } from './atRestDisk.ts';
import type { Backups } from './backups.ts';
import type { EnvelopeStore, RecordIndex } from './envelopeStore.ts';
import type { MetadataLog } from './metadataLog.ts';
import type { Relay } from './relay.ts';

export interface RetentionSettings {
  readonly ttlMs: number;
  readonly metadataRetentionMs: number;
  readonly backupIntervalMs: number;
  readonly backupRetentionMs: number;
}

export interface RetentionParts {
  readonly engine: Engine;
  readonly disk: AtRestDisk;
  readonly store: EnvelopeStore;
  readonly relay: Relay;
  readonly metadata: MetadataLog;
  readonly backups: Backups;
}

export class Retention {
  private sweepTimer: EventHandle | undefined;
  private backupTimer: EventHandle | undefined;
  /** The disk changed since the last backup: a backup is due at the next interval boundary. */
  private dirty = false;

  constructor(
    private readonly parts: RetentionParts,
    readonly settings: RetentionSettings,
    /** True while the server keeps every byte (retention flag off, or lying about deletion). */
    private readonly keepsEverything: () => boolean,
  ) {}

  /** Call after every write to the disk: arms the backup and sweep timers. */
  touched(): void {
    this.dirty = true;
    this.armBackup();
    this.armSweep();
  }

  /** Takes a record out of live storage for `reason`; erased everywhere unless the server keeps everything. */
  erase(index: RecordIndex, reason: 'ack' | 'ttl'): void {
    const { engine, store, relay, backups } = this.parts;
    const keep = this.keepsEverything();
    relay.forget(index.serverId, index.to);
    store.remove(index.serverId, keep);
    if (!keep) backups.purge(index.label);
    engine.record('server-delete', { serverId: index.serverId, reason, bytesKept: keep });
  }

  /** Applies the policy at `nowMs`: expired records, metadata and backups go. */
  sweep(nowMs: number): void {
    const { store, metadata, backups, disk } = this.parts;
    const s = this.settings;
    for (let r = store.oldestLive(); r !== undefined && r.storedAtMs + s.ttlMs <= nowMs; r = store.oldestLive()) this.erase(r, 'ttl');
    if (!this.keepsEverything()) {
      for (const label of metadata.expire(nowMs, s.metadataRetentionMs)) {
        disk.delete(label);
        backups.purge(label);
      }
      backups.expire(nowMs, s.backupRetentionMs);
    }
    this.armSweep();
  }

  /** The next instant anything falls due, or undefined if nothing will. */
  nextDeadlineMs(): number | undefined {
    const { store, metadata, backups } = this.parts;
    const s = this.settings;
    const oldest = store.oldestLive();
    const due = [oldest === undefined ? undefined : oldest.storedAtMs + s.ttlMs];
    if (!this.keepsEverything()) due.push(metadata.nextExpiryMs(s.metadataRetentionMs), backups.nextExpiryMs(s.backupRetentionMs));
    const times = due.filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  private armSweep(): void {
    const { engine } = this.parts;
    const next = this.nextDeadlineMs();
    if (this.sweepTimer !== undefined && next !== undefined && this.sweepTimer.atMs <= next) return;
    if (this.sweepTimer !== undefined) engine.cancel(this.sweepTimer);
    this.sweepTimer = undefined;
    if (next === undefined) return;
    this.sweepTimer = engine.schedule(Math.max(next, engine.nowMs), 'server-sweep', {}, () => {
      this.sweepTimer = undefined;
      this.sweep(engine.nowMs);
    });
  }

  private armBackup(): void {
    const { engine } = this.parts;
    if (this.backupTimer !== undefined || !this.dirty) return;
    const interval = this.settings.backupIntervalMs;
    const at = (Math.floor(engine.nowMs / interval) + 1) * interval;
    this.backupTimer = engine.schedule(at, 'server-backup', {}, () => {
      this.backupTimer = undefined;
      this.dirty = false;
      const b = this.parts.backups.take(engine.nowMs, this.parts.disk.sealedRecords());
      engine.record('server-backup-taken', { records: b.records.size });
      this.armSweep();
    });
  }
}
