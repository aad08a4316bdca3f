// Ground truth (docs/properties.md "How a property is judged"): what really happened in a run —
// messages sent, decrypted, viewed and erased; authority seizures; warrants served, returns actually
// made and notifications actually sent — read from the run's event log. Only the judges read it.
import type { DeviceId, RoomId, UserId } from '../../protocol/ids.ts';
import { deviceId, roomId, userId } from '../../protocol/ids.ts';
import type { Warrant } from '../authority/warrant.ts';
import type { WarrantReturn } from '../authority/warrantReturn.ts';
import type { RunEvent } from './events.ts';

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

/** The ground-truth events of a log, in time order. */
export function truthEvents(log: readonly RunEvent[]): TruthEvent[] {
  const out: TruthEvent[] = [];
  for (const e of log) {
    switch (e.kind) {
      case 'message-sent': {
        const m = e.message;
        out.push({
          kind: 'sent',
          atMs: e.atMs,
          messageId: m.messageId,
          from: userId(m.from),
          roomId: roomId(m.room),
          recipients: m.recipients.map(userId),
          privacyMode: true,
          canaries: [m.canary],
          envelopeIds: m.copies.map((c) => c.envelopeId),
        });
        break;
      }
      case 'message-accepted':
        out.push({ kind: 'decrypted', atMs: e.atMs, messageId: e.acceptance.messageId, recipient: userId(e.acceptance.recipient) });
        break;
      case 'message-viewed':
        out.push({ kind: 'viewed', atMs: e.atMs, messageId: e.messageId, recipient: userId(e.recipient) });
        break;
      case 'message-erased':
        out.push({ kind: 'erased', atMs: e.atMs, messageId: e.messageId, holder: e.holder });
        break;
      case 'server-seized': {
        if (e.seizure.purpose !== 'authority') break;
        let byteCount = 0;
        for (const i of e.seizure.items) byteCount += i.bytes.length;
        out.push({ kind: 'server-seized', atMs: e.atMs, itemCount: e.seizure.items.length, byteCount, atRestKeyCount: e.seizure.atRestKeys.length });
        break;
      }
      case 'phone-seized':
        if (e.seizure.purpose === 'authority') out.push({ kind: 'phone-seized', atMs: e.atMs, deviceId: deviceId(e.seizure.user), userId: userId(e.seizure.user) });
        break;
      case 'warrant-served':
        out.push({ kind: 'warrant-served', atMs: e.atMs, warrant: e.warrant });
        break;
      case 'warrant-returned':
        out.push({ kind: 'warrant-returned', atMs: e.atMs, ret: e.ret });
        break;
      case 'notification-sent':
        out.push({ kind: 'notification-sent', atMs: e.atMs, warrantId: e.warrantId, userId: e.userId });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Read-only queries over a run's ground truth. */
export class GroundTruth {
  constructor(readonly events: readonly TruthEvent[]) {}

  static of(log: readonly RunEvent[]): GroundTruth {
    return new GroundTruth(truthEvents(log));
  }

  warrant(id: string): Warrant | undefined {
    for (const e of this.events) if (e.kind === 'warrant-served' && e.warrant.id === id) return e.warrant;
    return undefined;
  }
  sent(): SentEvent[] {
    return this.events.filter((e): e is SentEvent => e.kind === 'sent');
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
    const target = this.warrant(ret.warrantId)?.target;
    if (target?.kind === 'user') users.add(target.userId);
    return users;
  }
  returns(): WarrantReturn[] {
    return this.events.flatMap((e) => (e.kind === 'warrant-returned' ? [e.ret] : []));
  }
}
