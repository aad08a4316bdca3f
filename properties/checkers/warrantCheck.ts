// SEC-WARRANT judged against ground truth (docs/properties.md property catalogue): the published report's
// counts and lists equal what really happened, every affected user is told on time, and no warrant
// return carries privacy-mode content. Written apart from sim/authority: it recounts, never reuses.
import type { UserId } from '../../protocol/ids.ts';
import type { TransparencyReport } from '../../sim/authority/transparencyReport.ts';
import type { WarrantReturn } from '../../sim/authority/warrantReturn.ts';
import type { GroundTruth, TruthEvent } from '../../sim/log/truth.ts';
import { type Violation, violation } from './violation.ts';

/** How late a notification may go out and still count as "at once" / "when the gag expires": the operator's notifier runs at least once per simulated minute. */
export const NOTIFICATION_GRACE_MS = 60_000;

const CATEGORIES = ['content', 'metadata', 'keys'] as const;
type Category = (typeof CATEGORIES)[number];
type Outcome = 'complied-in-full' | 'complied-in-part' | 'refused' | 'pending';
const OUTCOMES: readonly Outcome[] = ['complied-in-full', 'complied-in-part', 'refused', 'pending'];
type ReturnEvent = Extract<TruthEvent, { kind: 'warrant-returned' }>;

const inPeriod = (atMs: number, p: { fromMs: number; toMs: number }) => atMs >= p.fromMs && atMs < p.toMs;
const records = (ret: WarrantReturn, c: Category) => ret.disclosed.filter((d) => d.category === c).reduce((n, d) => n + d.recordCount, 0);

function outcomeOf(ret: WarrantReturn): Outcome {
  if (ret.refused.length === 0) return 'complied-in-full';
  return ret.disclosed.length === 0 ? 'refused' : 'complied-in-part';
}

class Comparison {
  readonly out: Violation[] = [];
  eq(what: string, published: number, truth: number): void {
    if (published !== truth) this.out.push(violation('SEC-WARRANT', `report: ${what} is ${published}, ground truth ${truth}`));
  }
  flag(detail: string): void {
    this.out.push(violation('SEC-WARRANT', detail));
  }
}

function compareWarrants(cmp: Comparison, gt: GroundTruth, report: TransparencyReport): void {
  const p = report.period;
  const served = gt.events.flatMap((e) => (e.kind === 'warrant-served' && inPeriod(e.atMs, p) ? [e.warrant] : []));
  const answered = new Map<string, WarrantReturn>();
  for (const e of gt.events) if (e.kind === 'warrant-returned' && e.atMs < p.toMs) answered.set(e.ret.warrantId, e.ret);
  cmp.eq('warrants received', report.warrants.received, served.length);
  for (const kind of ['user', 'room'] as const) cmp.eq(`warrants naming a ${kind}`, report.warrants.byTarget[kind], served.filter((w) => w.target.kind === kind).length);
  for (const c of CATEGORIES) cmp.eq(`warrants demanding ${c}`, report.warrants.byScope[c], served.filter((w) => w.scope.includes(c)).length);
  cmp.eq('warrants with a gag', report.warrants.withGag, served.filter((w) => w.gagUntilMs !== undefined).length);
  for (const o of OUTCOMES) {
    const truth = served.filter((w) => {
      const ret = answered.get(w.id);
      return (ret === undefined ? 'pending' : outcomeOf(ret)) === o;
    }).length;
    cmp.eq(`warrants with outcome ${o}`, report.warrants.byOutcome[o], truth);
  }
}

function compareReturns(cmp: Comparison, gt: GroundTruth, report: TransparencyReport, returns: readonly ReturnEvent[]): void {
  const published = new Map(report.returns.map((r) => [r.warrantId, r]));
  const users = new Set<UserId>();
  for (const { ret } of returns) {
    for (const u of gt.affectedBy(ret)) users.add(u);
    const pub = published.get(ret.warrantId);
    published.delete(ret.warrantId);
    if (pub === undefined) {
      cmp.flag(`report: the return for warrant ${ret.warrantId} at ${ret.returnedAtMs} ms is missing`);
      continue;
    }
    for (const c of CATEGORIES) {
      const pubRecords = pub.disclosed.filter((d) => d.category === c).reduce((n, d) => n + d.recordCount, 0);
      cmp.eq(`warrant ${ret.warrantId} ${c} records`, pubRecords, records(ret, c));
      cmp.eq(`warrant ${ret.warrantId} ${c} refused`, pub.refused.includes(c) ? 1 : 0, ret.refused.includes(c) ? 1 : 0);
    }
  }
  for (const id of published.keys()) cmp.flag(`report: lists a return for warrant ${id} that ground truth does not have in this period`);
  for (const c of CATEGORIES) {
    const truth = returns.filter((e) => e.ret.disclosed.some((d) => d.category === c));
    cmp.eq(`returns disclosing ${c}`, report.disclosedByCategory[c].returns, truth.length);
    cmp.eq(
      `${c} records disclosed`,
      report.disclosedByCategory[c].records,
      truth.reduce((n, e) => n + records(e.ret, c), 0),
    );
  }
  cmp.eq(
    'conversation content records disclosed',
    report.conversationContentDisclosed,
    returns.reduce((n, e) => n + records(e.ret, 'content'), 0),
  );
  cmp.eq('accounts affected', report.accountsAffected, users.size);
}

function compareSeizures(cmp: Comparison, gt: GroundTruth, report: TransparencyReport): void {
  const p = report.period;
  const truth = gt.events.filter((e) => (e.kind === 'server-seized' || e.kind === 'phone-seized') && inPeriod(e.atMs, p));
  const key = (kind: string, atMs: number) => `${kind}@${atMs}`;
  const listed = new Map<string, number>();
  for (const s of report.seizures.list) listed.set(key(s.kind, s.atMs), (listed.get(key(s.kind, s.atMs)) ?? 0) + 1);
  const phoneUsers = new Set<UserId>();
  for (const e of truth) {
    const kind = e.kind === 'server-seized' ? 'server' : 'phone';
    if (e.kind === 'phone-seized') phoneUsers.add(e.userId);
    const left = listed.get(key(kind, e.atMs)) ?? 0;
    if (left === 0) cmp.flag(`report: the ${kind} seizure at ${e.atMs} ms is missing`);
    else listed.set(key(kind, e.atMs), left - 1);
  }
  for (const [k, n] of listed) if (n > 0) cmp.flag(`report: lists ${n} seizure(s) ${k} that ground truth does not have`);
  cmp.eq('server seizures', report.seizures.server, truth.filter((e) => e.kind === 'server-seized').length);
  cmp.eq('phone seizures', report.seizures.phone, truth.filter((e) => e.kind === 'phone-seized').length);
  cmp.eq('accounts whose phones were seized', report.seizures.phoneAccounts, phoneUsers.size);
  const server = truth.flatMap((e) => (e.kind === 'server-seized' ? [e] : []));
  const published = report.seizures.list.flatMap((s) => (s.kind === 'server' ? [s] : []));
  const items = server.reduce((n, e) => n + e.itemCount, 0);
  const withKeys = server.filter((e) => e.atRestKeyCount > 0).length;
  const pubItems = published.reduce((n, s) => n + s.itemCount, 0);
  const pubWithKeys = published.filter((s) => s.atRestKeysTaken).length;
  cmp.eq('items taken in server seizures', pubItems, items);
  cmp.eq('server seizures that took the at-rest keys', pubWithKeys, withKeys);
}

function compareNotifications(cmp: Comparison, gt: GroundTruth, report: TransparencyReport): void {
  const p = report.period;
  const sentBeforeEnd = new Set<string>();
  let sentInPeriod = 0;
  for (const e of gt.events) {
    if (e.kind !== 'notification-sent' || e.atMs >= p.toMs) continue;
    sentBeforeEnd.add(`${e.warrantId}\u0000${e.userId}`);
    if (e.atMs >= p.fromMs) sentInPeriod++;
  }
  let pending = 0;
  let overdue = 0;
  for (const e of gt.events) {
    if (e.kind !== 'warrant-returned' || e.atMs >= p.toMs) continue;
    const due = Math.max(e.atMs, gt.warrant(e.ret.warrantId)?.gagUntilMs ?? 0);
    for (const u of gt.affectedBy(e.ret)) {
      if (sentBeforeEnd.has(`${e.ret.warrantId}\u0000${u}`)) continue;
      if (due >= p.toMs) pending++;
      else overdue++;
    }
  }
  cmp.eq('notifications sent', report.notifications.sent, sentInPeriod);
  cmp.eq('notifications pending under gag', report.notifications.pendingUnderGag, pending);
  cmp.eq('notifications due but not sent', report.notifications.overdue, overdue);
}

/** SEC-WARRANT: the published report for its period against what really happened in that period. */
export function checkTransparency(gt: GroundTruth, report: TransparencyReport): Violation[] {
  const cmp = new Comparison();
  const returns = gt.events.filter((e): e is ReturnEvent => e.kind === 'warrant-returned' && inPeriod(e.atMs, report.period));
  compareWarrants(cmp, gt, report);
  compareReturns(cmp, gt, report, returns);
  compareSeizures(cmp, gt, report);
  compareNotifications(cmp, gt, report);
  return cmp.out;
}
