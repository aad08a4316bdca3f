// The simulator's own record of what really happened in a run (docs/properties.md "How a property is judged":
// ground truth): messages sent, delivered, decrypted, viewed and erased; seizures; warrants served,
// returns actually made and notifications actually sent. The engine writes it; only checkers read it.
import { UsageError, assert } from '../../protocol/errors.ts';
import type { DeviceId, RoomId, UserId } from '../../protocol/ids.ts';
import type { Warrant } from '../authority/warrant.ts';
import type { WarrantReturn } from '../authority/warrantReturn.ts';

export type TruthEvent =
  | {
      readonly kind: 'sent';
      readonly atMs: number;
      readonly messageId: string;
      readonly from: UserId;
      readonly roomId: RoomId;
      readonly recipients: readonly UserId[];
      readonly privacyMode: boolean;
      /** Canary tokens embedded in the plaintext. */
      readonly canaries: readonly string[];
      /** Server envelope ids this message travelled in (one per recipient device). */
      readonly envelopeIds: readonly string[];
    }
  | { readonly kind: 'delivered' | 'decrypted' | 'viewed'; readonly atMs: number; readonly messageId: string; readonly recipient: UserId }
  | { readonly kind: 'erased'; readonly atMs: number; readonly messageId: string; readonly holder: string }
  | { readonly kind: 'server-seized'; readonly atMs: number; readonly itemCount: number; readonly byteCount: number; readonly atRestKeyCount: number }
  | { readonly kind: 'phone-seized'; readonly atMs: number; readonly deviceId: DeviceId; readonly userId: UserId }
  | { readonly kind: 'warrant-served'; readonly atMs: number; readonly warrant: Warrant }
  | { readonly kind: 'warrant-returned'; readonly atMs: number; readonly ret: WarrantReturn }
  | { readonly kind: 'notification-sent'; readonly atMs: number; readonly warrantId: string; readonly userId: UserId };

export type SentEvent = Extract<TruthEvent, { kind: 'sent' }>;
type Without<E, K extends keyof E> = Omit<E, K>;

/** Append-only; events in time order (a discrete-event simulator never moves its clock back). */
export class GroundTruth {
  private readonly log: TruthEvent[] = [];
  private readonly served = new Map<string, Warrant>();

  get events(): readonly TruthEvent[] {
    return this.log;
  }

  private push(e: TruthEvent): void {
    const last = this.log[this.log.length - 1];
    assert(last === undefined || last.atMs <= e.atMs, 'ground truth is recorded in time order');
    this.log.push(e);
  }

  recordSent(e: Without<SentEvent, 'kind'>): void {
    this.push({ kind: 'sent', ...e, recipients: [...e.recipients], canaries: [...e.canaries], envelopeIds: [...e.envelopeIds] });
  }
  recordDelivered(atMs: number, messageId: string, recipient: UserId): void {
    this.push({ kind: 'delivered', atMs, messageId, recipient });
  }
  recordDecrypted(atMs: number, messageId: string, recipient: UserId): void {
    this.push({ kind: 'decrypted', atMs, messageId, recipient });
  }
  recordViewed(atMs: number, messageId: string, recipient: UserId): void {
    this.push({ kind: 'viewed', atMs, messageId, recipient });
  }
  /** `holder`: a device id, or 'server'. */
  recordErased(atMs: number, messageId: string, holder: string): void {
    this.push({ kind: 'erased', atMs, messageId, holder });
  }
  recordServerSeizure(atMs: number, seizure: { readonly items: readonly { readonly bytes: Uint8Array }[]; readonly atRestKeys: readonly Uint8Array[] }): void {
    let byteCount = 0;
    for (const i of seizure.items) byteCount += i.bytes.length;
    this.push({ kind: 'server-seized', atMs, itemCount: seizure.items.length, byteCount, atRestKeyCount: seizure.atRestKeys.length });
  }
  recordPhoneSeizure(atMs: number, deviceId: DeviceId, userId: UserId): void {
    this.push({ kind: 'phone-seized', atMs, deviceId, userId });
  }
  recordWarrantServed(warrant: Warrant): void {
    if (this.served.has(warrant.id)) throw new UsageError(`ground truth: warrant ${warrant.id} served twice`);
    this.served.set(warrant.id, warrant);
    this.push({ kind: 'warrant-served', atMs: warrant.servedAtMs, warrant });
  }
  /** The return the server really made (not what it wrote in its ledger). */
  recordReturn(ret: WarrantReturn): void {
    if (!this.served.has(ret.warrantId)) throw new UsageError(`ground truth: return for unserved warrant ${ret.warrantId}`);
    this.push({ kind: 'warrant-returned', atMs: ret.returnedAtMs, ret });
  }
  /** A notification that really reached the user's device (or its inbox) at `atMs`. */
  recordNotificationSent(atMs: number, warrantId: string, userId: UserId): void {
    this.push({ kind: 'notification-sent', atMs, warrantId, userId });
  }

  warrant(id: string): Warrant | undefined {
    return this.served.get(id);
  }
  sent(): SentEvent[] {
    return this.log.filter((e): e is SentEvent => e.kind === 'sent');
  }
  /** Envelope ids of every privacy-mode message: none of them may leave the server under a warrant. */
  privacyModeEnvelopeIds(): Set<string> {
    const ids = new Set<string>();
    for (const e of this.sent()) if (e.privacyMode) for (const id of e.envelopeIds) ids.add(id);
    return ids;
  }
  /** Canaries of privacy-mode messages (optionally only those sent before `beforeMs`). */
  privacyModeCanaries(beforeMs = Number.POSITIVE_INFINITY): string[] {
    return this.sent().flatMap((e) => (e.privacyMode && e.atMs < beforeMs ? e.canaries : []));
  }
  /** Accounts a return really affected: those it names, plus the warrant's target account, whenever any record left the server. */
  affectedBy(ret: WarrantReturn): Set<UserId> {
    if (!ret.disclosed.some((d) => d.recordCount > 0)) return new Set();
    const users = new Set<UserId>(ret.affectedUsers);
    const target = this.served.get(ret.warrantId)?.target;
    if (target?.kind === 'user') users.add(target.userId);
    return users;
  }
  returns(): WarrantReturn[] {
    return this.log.flatMap((e) => (e.kind === 'warrant-returned' ? [e.ret] : []));
  }
}
