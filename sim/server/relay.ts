// Store-and-forward delivery: a bounded mailbox per recipient, pushed through the network while
// the recipient is online (or when it pulls), re-pushed with doubling back-off until acknowledged.
// Holds for the delay and reorder attacks live here too, as per-entry release conditions.
import type { DeviceId } from '../../protocol/ids.ts';
import type { Engine, EventHandle } from '../engine/engine.ts';
import { REDELIVERY_MAX_MS, REORDER_MAX_HOLD_MS } from '../engine/limits.ts';
import { SimLimitExceeded } from '../engine/simLimitError.ts';
import type { Network } from '../network/network.ts';
import type { EnvelopeStore, RecordIndex } from './envelopeStore.ts';
import { SERVER_PARTY, type ServerWire } from './types.ts';

interface MailboxEntry {
  readonly serverId: string;
  readonly to: DeviceId;
  /** Not pushed before this instant (delay attack). */
  releaseAtMs: number;
  /** Held until another envelope to the same recipient goes out (reorder attack). */
  heldForReorder: boolean;
  backoffMs: number;
  timer: EventHandle | undefined;
}

export interface RelayOptions {
  readonly redeliveryMinMs: number;
  readonly maxMailboxEnvelopes: number;
}

export interface EnqueueHold {
  readonly releaseAtMs?: number;
  readonly reorder?: boolean;
}

export class Relay {
  private readonly mailboxes = new Map<DeviceId, Map<string, MailboxEntry>>();
  private readonly online = new Set<DeviceId>();

  constructor(
    private readonly engine: Engine,
    private readonly network: Network<ServerWire>,
    private readonly store: EnvelopeStore,
    private readonly options: RelayOptions,
  ) {}

  enqueue(index: RecordIndex, hold: EnqueueHold = {}): void {
    const box = this.mailboxes.get(index.to) ?? new Map<string, MailboxEntry>();
    if (box.size >= this.options.maxMailboxEnvelopes) throw new SimLimitExceeded('MAX_MAILBOX_ENVELOPES', this.options.maxMailboxEnvelopes, `mailbox of ${index.to}`);
    this.mailboxes.set(index.to, box);
    const now = this.engine.nowMs;
    const entry: MailboxEntry = {
      serverId: index.serverId,
      to: index.to,
      releaseAtMs: hold.releaseAtMs ?? now,
      heldForReorder: hold.reorder ?? false,
      backoffMs: this.options.redeliveryMinMs,
      timer: undefined,
    };
    box.set(index.serverId, entry);
    if (entry.releaseAtMs > now) {
      this.engine.schedule(entry.releaseAtMs, 'relay-release', { serverId: entry.serverId }, () => this.pushIfOnline(entry));
    } else if (entry.heldForReorder) {
      this.engine.after(REORDER_MAX_HOLD_MS, 'relay-reorder-timeout', { serverId: entry.serverId }, () => this.releaseHeld(entry));
    } else {
      this.pushIfOnline(entry);
    }
  }

  connect(deviceId: DeviceId): void {
    this.online.add(deviceId);
    this.flush(deviceId);
  }

  disconnect(deviceId: DeviceId): void {
    this.online.delete(deviceId);
    for (const e of this.mailboxes.get(deviceId)?.values() ?? []) this.stopTimer(e);
  }

  isOnline(deviceId: DeviceId): boolean {
    return this.online.has(deviceId);
  }

  /** Pushes every releasable entry for the device (a pull, or coming online). */
  flush(deviceId: DeviceId): void {
    for (const e of [...(this.mailboxes.get(deviceId)?.values() ?? [])]) {
      if (this.releasable(e)) this.push(e);
    }
  }

  /** Takes the envelope out of its mailbox (acknowledged or expired); returns whether it was queued. */
  forget(serverId: string, to: DeviceId): boolean {
    const box = this.mailboxes.get(to);
    const e = box?.get(serverId);
    if (box === undefined || e === undefined) return false;
    this.stopTimer(e);
    box.delete(serverId);
    if (box.size === 0) this.mailboxes.delete(to);
    return true;
  }

  pendingFor(deviceId: DeviceId): string[] {
    return [...(this.mailboxes.get(deviceId)?.keys() ?? [])];
  }

  private releasable(e: MailboxEntry): boolean {
    return !e.heldForReorder && e.releaseAtMs <= this.engine.nowMs;
  }

  private pushIfOnline(e: MailboxEntry): void {
    if (this.isQueued(e) && this.online.has(e.to) && this.releasable(e)) this.push(e);
  }

  private releaseHeld(e: MailboxEntry): void {
    if (!e.heldForReorder) return;
    e.heldForReorder = false;
    this.pushIfOnline(e);
  }

  private isQueued(e: MailboxEntry): boolean {
    return this.mailboxes.get(e.to)?.get(e.serverId) === e;
  }

  private push(e: MailboxEntry): void {
    const stored = this.store.read(e.serverId);
    if (stored === undefined || this.store.liveRecord(e.serverId) === undefined) {
      this.forget(e.serverId, e.to);
      return;
    }
    this.network.send(this.engine.nowMs, SERVER_PARTY, e.to, { type: 'deliver', serverId: e.serverId, envelope: stored.envelope });
    this.stopTimer(e);
    e.timer = this.engine.after(e.backoffMs, 'relay-redeliver', { serverId: e.serverId }, () => {
      e.timer = undefined;
      this.pushIfOnline(e);
    });
    e.backoffMs = Math.min(e.backoffMs * 2, REDELIVERY_MAX_MS);
    // A reorder hold ends once a later envelope to the same recipient has gone out ahead of it.
    for (const held of [...(this.mailboxes.get(e.to)?.values() ?? [])]) {
      if (held !== e && held.heldForReorder) this.releaseHeld(held);
    }
  }

  private stopTimer(e: MailboxEntry): void {
    if (e.timer !== undefined) this.engine.cancel(e.timer);
    e.timer = undefined;
  }
}
