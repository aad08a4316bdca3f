// The operator's transparency ledger (docs/properties.md promise 5, SEC-WARRANT): an
// append-only record of warrants received, returns made, seizures suffered and notifications sent.
// It is what the operator *knows and admits*; the checkers compare it with the simulator's ground truth.
import { UsageError, assert } from '../../protocol/errors.ts';
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import type { ServerFlags } from '../../protocol/variant.ts';
import type { PhoneSeizure, ServerSeizure, ServerView } from './serverView.ts';
import { type DataCategory, type Warrant, type WarrantPolicy, POLICY_NOTIFIES, validateWarrant } from './warrant.ts';
import { type WarrantOutcome, type WarrantReturn, answerWarrant, warrantOutcome } from './warrantReturn.ts';

export interface WarrantReceivedEntry {
  readonly kind: 'warrant-received';
  readonly atMs: number;
  readonly warrant: Warrant;
}

export interface WarrantReturnedEntry {
  readonly kind: 'warrant-returned';
  readonly atMs: number;
  readonly warrantId: string;
  readonly policy: WarrantPolicy;
  readonly outcome: WarrantOutcome;
  readonly disclosed: readonly { readonly category: DataCategory; readonly recordCount: number }[];
  readonly refused: readonly DataCategory[];
  readonly affectedUsers: readonly UserId[];
  /** False only under comply-silently. */
  readonly notifyUsers: boolean;
  readonly gagUntilMs?: number;
}

export interface ServerSeizureEntry {
  readonly kind: 'server-seizure';
  readonly atMs: number;
  readonly itemCount: number;
  readonly byteCount: number;
  readonly atRestKeyCount: number;
}

export interface PhoneSeizureEntry {
  readonly kind: 'phone-seizure';
  readonly atMs: number;
  readonly deviceId: DeviceId;
  readonly userId: UserId;
}

export interface NotificationSentEntry {
  readonly kind: 'notification-sent';
  readonly atMs: number;
  readonly warrantId: string;
  readonly userId: UserId;
}

export type LedgerEntry = WarrantReceivedEntry | WarrantReturnedEntry | ServerSeizureEntry | PhoneSeizureEntry | NotificationSentEntry;

/** Read access shared by notifications and reports, so they also work on a copied entry list. */
export interface LedgerView {
  readonly entries: readonly LedgerEntry[];
}

export class TransparencyLedger implements LedgerView {
  private readonly log: LedgerEntry[] = [];
  private readonly warrants = new Map<string, Warrant>();
  private readonly returned = new Set<string>();

  /** `reportSeizures: false` is the weak variant unreported-seizure: seizures never reach the ledger. */
  constructor(private readonly flags: Pick<ServerFlags, 'reportSeizures'>) {}

  get entries(): readonly LedgerEntry[] {
    return this.log;
  }

  private append(entry: LedgerEntry): void {
    const last = this.log[this.log.length - 1];
    assert(last === undefined || last.atMs <= entry.atMs, 'ledger entries are appended in time order');
    this.log.push(entry);
  }

  recordWarrant(warrant: Warrant): void {
    validateWarrant(warrant);
    if (this.warrants.has(warrant.id)) throw new UsageError(`ledger: warrant ${warrant.id} recorded twice`);
    this.warrants.set(warrant.id, warrant);
    this.append({ kind: 'warrant-received', atMs: warrant.servedAtMs, warrant });
  }

  recordReturn(ret: WarrantReturn, policy: WarrantPolicy): void {
    const warrant = this.warrants.get(ret.warrantId);
    if (warrant === undefined) throw new UsageError(`ledger: return for unknown warrant ${ret.warrantId}`);
    if (this.returned.has(ret.warrantId)) throw new UsageError(`ledger: warrant ${ret.warrantId} answered twice`);
    if (ret.returnedAtMs < warrant.servedAtMs) throw new UsageError(`ledger: warrant ${ret.warrantId} answered before it was served`);
    this.returned.add(ret.warrantId);
    this.append({
      kind: 'warrant-returned',
      atMs: ret.returnedAtMs,
      warrantId: ret.warrantId,
      policy,
      outcome: warrantOutcome(ret),
      disclosed: ret.disclosed.map((d) => ({ category: d.category, recordCount: d.recordCount })),
      refused: [...ret.refused],
      affectedUsers: [...ret.affectedUsers],
      notifyUsers: POLICY_NOTIFIES[policy],
      ...(warrant.gagUntilMs === undefined ? {} : { gagUntilMs: warrant.gagUntilMs }),
    });
  }

  recordServerSeizure(seizure: ServerSeizure, atMs: number): void {
    if (!this.flags.reportSeizures) return;
    let byteCount = 0;
    for (const item of seizure.items) byteCount += item.bytes.length;
    this.append({ kind: 'server-seizure', atMs, itemCount: seizure.items.length, byteCount, atRestKeyCount: seizure.atRestKeys.length });
  }

  recordPhoneSeizure(seizure: Pick<PhoneSeizure, 'deviceId' | 'userId'>, atMs: number): void {
    if (!this.flags.reportSeizures) return;
    this.append({ kind: 'phone-seizure', atMs, deviceId: seizure.deviceId, userId: seizure.userId });
  }

  recordNotificationSent(n: { readonly warrantId: string; readonly userId: UserId }, atMs: number): void {
    if (!this.returned.has(n.warrantId)) throw new UsageError(`ledger: notification for unanswered warrant ${n.warrantId}`);
    this.append({ kind: 'notification-sent', atMs, warrantId: n.warrantId, userId: n.userId });
  }
}

/** The operator's whole handling of one warrant at `nowMs`: record it, answer it, record the return. */
export function serveWarrant(ledger: TransparencyLedger, warrant: Warrant, policy: WarrantPolicy, view: ServerView, nowMs: number): WarrantReturn {
  ledger.recordWarrant(warrant);
  const ret = answerWarrant(warrant, policy, view, nowMs);
  ledger.recordReturn(ret, policy);
  return ret;
}
