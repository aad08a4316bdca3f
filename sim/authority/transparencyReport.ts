// The operator's published transparency report for a period, built as data from its ledger
// (docs/properties.md promise 5 and "Reports", SEC-WARRANT). Periods are [fromMs, toMs).
// Everything here is counted from ledger entries; nothing is assumed from the policy.
import { UsageError } from '../../protocol/errors.ts';
import type { UserId } from '../../protocol/ids.ts';
import type { LedgerEntry, LedgerView, WarrantReturnedEntry } from './ledger.ts';
import { notificationsDue, notificationsPendingUnderGag } from './notification.ts';
import type { DataCategory } from './warrant.ts';
import type { WarrantOutcome } from './warrantReturn.ts';

export const REPORT_FORMAT = 'sealroom-transparency-report/1';

export interface ReportPeriod {
  readonly fromMs: number;
  readonly toMs: number;
}

export type ReportedOutcome = WarrantOutcome | 'pending';
export const REPORTED_OUTCOMES: readonly ReportedOutcome[] = ['complied-in-full', 'complied-in-part', 'refused', 'pending'];

export interface ReportedReturn {
  readonly warrantId: string;
  readonly returnedAtMs: number;
  readonly outcome: WarrantOutcome;
  readonly disclosed: readonly { readonly category: DataCategory; readonly recordCount: number }[];
  readonly refused: readonly DataCategory[];
  readonly accountsAffected: number;
}

export type ReportedSeizure = { readonly kind: 'server'; readonly atMs: number; readonly itemCount: number; readonly atRestKeysTaken: boolean } | { readonly kind: 'phone'; readonly atMs: number };

export interface TransparencyReport {
  readonly format: typeof REPORT_FORMAT;
  readonly operator: string;
  readonly period: ReportPeriod;
  readonly warrants: {
    readonly received: number;
    readonly byTarget: Readonly<Record<'user' | 'room', number>>;
    /** Warrants that demanded each category (one warrant may demand several). */
    readonly byScope: Readonly<Record<DataCategory, number>>;
    readonly withGag: number;
    /** Outcome of each warrant received in the period, as of the period's end. */
    readonly byOutcome: Readonly<Record<ReportedOutcome, number>>;
  };
  /** Returns made in the period. */
  readonly returns: readonly ReportedReturn[];
  readonly disclosedByCategory: Readonly<Record<DataCategory, { readonly returns: number; readonly records: number }>>;
  /** Records of stored privacy-mode conversation content handed over in the period. */
  readonly conversationContentDisclosed: number;
  /** Distinct accounts whose records were handed over in the period. */
  readonly accountsAffected: number;
  readonly notifications: { readonly sent: number; readonly pendingUnderGag: number; readonly overdue: number };
  readonly seizures: { readonly server: number; readonly phone: number; readonly phoneAccounts: number; readonly list: readonly ReportedSeizure[] };
}

export interface ReportOptions {
  readonly operator?: string;
}

const inPeriod = (atMs: number, p: ReportPeriod) => atMs >= p.fromMs && atMs < p.toMs;

function zeroByCategory(): Record<DataCategory, number> {
  return { content: 0, metadata: 0, keys: 0 };
}

function warrantSection(entries: readonly LedgerEntry[], period: ReportPeriod): TransparencyReport['warrants'] {
  const byTarget = { user: 0, room: 0 };
  const byScope = zeroByCategory();
  const byOutcome: Record<ReportedOutcome, number> = { 'complied-in-full': 0, 'complied-in-part': 0, refused: 0, pending: 0 };
  const outcomeOf = new Map<string, WarrantOutcome>();
  for (const e of entries) if (e.kind === 'warrant-returned' && e.atMs < period.toMs) outcomeOf.set(e.warrantId, e.outcome);
  let received = 0;
  let withGag = 0;
  for (const e of entries) {
    if (e.kind !== 'warrant-received' || !inPeriod(e.atMs, period)) continue;
    received++;
    byTarget[e.warrant.target.kind]++;
    for (const c of e.warrant.scope) byScope[c]++;
    if (e.warrant.gagUntilMs !== undefined) withGag++;
    byOutcome[outcomeOf.get(e.warrant.id) ?? 'pending']++;
  }
  return { received, byTarget, byScope, withGag, byOutcome };
}

function returnSection(returns: readonly WarrantReturnedEntry[]) {
  const byCategory = { content: { returns: 0, records: 0 }, metadata: { returns: 0, records: 0 }, keys: { returns: 0, records: 0 } };
  const accounts = new Set<UserId>();
  const list: ReportedReturn[] = [];
  for (const r of returns) {
    for (const d of r.disclosed) {
      byCategory[d.category].returns++;
      byCategory[d.category].records += d.recordCount;
    }
    for (const u of r.affectedUsers) accounts.add(u);
    list.push({
      warrantId: r.warrantId,
      returnedAtMs: r.atMs,
      outcome: r.outcome,
      disclosed: r.disclosed.map((d) => ({ ...d })),
      refused: [...r.refused],
      accountsAffected: r.affectedUsers.length,
    });
  }
  return { list, byCategory, accountsAffected: accounts.size };
}

function seizureSection(entries: readonly LedgerEntry[], period: ReportPeriod): TransparencyReport['seizures'] {
  const list: ReportedSeizure[] = [];
  const phoneAccounts = new Set<UserId>();
  for (const e of entries) {
    if (!inPeriod(e.atMs, period)) continue;
    if (e.kind === 'server-seizure') list.push({ kind: 'server', atMs: e.atMs, itemCount: e.itemCount, atRestKeysTaken: e.atRestKeyCount > 0 });
    if (e.kind === 'phone-seizure') {
      list.push({ kind: 'phone', atMs: e.atMs });
      phoneAccounts.add(e.userId);
    }
  }
  const server = list.filter((s) => s.kind === 'server').length;
  return { server, phone: list.length - server, phoneAccounts: phoneAccounts.size, list };
}

function notificationSection(entries: readonly LedgerEntry[], period: ReportPeriod): TransparencyReport['notifications'] {
  const asOfEnd: LedgerView = { entries: entries.filter((e) => e.atMs < period.toMs) };
  const endMs = period.toMs - 1;
  const sent = entries.filter((e) => e.kind === 'notification-sent' && inPeriod(e.atMs, period)).length;
  return { sent, pendingUnderGag: notificationsPendingUnderGag(asOfEnd, endMs).length, overdue: notificationsDue(asOfEnd, endMs).length };
}

/** Builds the report for `period` from the ledger. */
export function transparencyReport(ledger: LedgerView, period: ReportPeriod, options: ReportOptions = {}): TransparencyReport {
  if (!Number.isSafeInteger(period.fromMs) || !Number.isSafeInteger(period.toMs) || period.fromMs >= period.toMs) {
    throw new UsageError(`report period: expected integers fromMs < toMs, got ${period.fromMs}..${period.toMs}`);
  }
  const entries = ledger.entries;
  const returns = entries.filter((e): e is WarrantReturnedEntry => e.kind === 'warrant-returned' && inPeriod(e.atMs, period));
  const r = returnSection(returns);
  return {
    format: REPORT_FORMAT,
    operator: options.operator ?? 'sealroom operator',
    period: { fromMs: period.fromMs, toMs: period.toMs },
    warrants: warrantSection(entries, period),
    returns: r.list,
    disclosedByCategory: r.byCategory,
    conversationContentDisclosed: r.byCategory.content.records,
    accountsAffected: r.accountsAffected,
    notifications: notificationSection(entries, period),
    seizures: seizureSection(entries, period),
  };
}
