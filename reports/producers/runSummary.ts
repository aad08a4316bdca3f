// What the reports need from one finished scenario run, as plain JSON-able data: who
// sent, received and viewed what and when, what the server saw and erased, each seizure's take, the
// operator's published transparency report and the verdicts, all read from the run's event log.
import type { TransparencyReport } from '../../sim/authority/index.ts';
import type { TruthEvent } from '../../sim/log/truth.ts';
import { viewOf, type RunView } from '../../sim/log/view.ts';
import type { ScenarioResult } from '../../scenarios/run.ts';
import type { PropertyId, Scenario, Verdict } from '../../scenarios/types.ts';
import type { JudgedVerdict } from '../../properties/propertyIds.ts';
import { serverSawRows, serverActionRows, type ServerActionRow, type ServerSawRow } from './traceRows.ts';

interface MessageRow {
  readonly label: string | null;
  readonly messageId: string;
  readonly from: string;
  readonly room: string;
  readonly atMs: number;
  readonly bytes: number;
  readonly recipients: readonly string[];
  /** `view-once` or `timer 30 s`. */
  readonly evaporation: string;
  readonly heldFor: readonly string[];
}

interface DeliveryRow {
  readonly atMs: number;
  readonly recipient: string;
  readonly claimedFrom: string;
  readonly messageId: string;
}

interface DeviceEventRow {
  readonly atMs: number;
  readonly device: string;
  /** `viewed`, `expired`, `key-change`, `verified`, … */
  readonly kind: string;
  readonly detail: string;
}

interface RefusalRow {
  readonly atMs: number;
  readonly device: string;
  readonly from: string;
  readonly code: string;
}

export interface SpanRow {
  readonly lane: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly kind: 'offline' | 'partitioned';
}

interface PhoneSeizureRow {
  readonly atMs: number;
  readonly user: string;
  /** A thief's copy (SEC-PCS), not the authority's. */
  readonly stolen: boolean;
  readonly blobBytes: number;
}

interface ServerSeizureRow {
  readonly atMs: number;
  readonly itemCount: number;
  readonly byteCount: number;
  readonly atRestKeys: number;
  /** Items and bytes by where they were found: disk, backup, archive. */
  readonly byArea: readonly { readonly area: string; readonly items: number; readonly bytes: number }[];
}

interface AuthorityRow {
  readonly atMs: number;
  readonly kind: 'warrant' | 'return' | 'notification';
  /** Warrants renumbered W1, W2… in serving order (stable across runs in one process). */
  readonly warrant: string;
  readonly detail: string;
  /** For a warrant under a gag order: when the gag ends (users may be told from then on). */
  readonly gagUntilMs: number | null;
}

export interface JudgementRow {
  readonly property: PropertyId;
  readonly verdict: JudgedVerdict;
  readonly expected: JudgedVerdict | null;
  readonly violations: readonly string[];
  readonly exercised: readonly string[];
}

export interface RunSummary {
  readonly scenario: string;
  readonly goal: string;
  readonly threat: string;
  readonly expectedText: string;
  readonly seed: number;
  readonly variant: string;
  readonly serverMode: string;
  readonly warrantPolicy: string;
  readonly parties: readonly string[];
  readonly rooms: readonly { readonly id: string; readonly kind: string; readonly members: readonly string[] }[];
  readonly lastActionMs: number;
  readonly endMs: number;
  readonly verdicts: Readonly<Record<PropertyId, Verdict>>;
  readonly expected: Readonly<Partial<Record<PropertyId, JudgedVerdict>>>;
  readonly matches: boolean;
  readonly traceHash: string;
  readonly judgements: readonly JudgementRow[];
  readonly messages: readonly MessageRow[];
  readonly deliveries: readonly DeliveryRow[];
  readonly deviceEvents: readonly DeviceEventRow[];
  readonly refusals: readonly RefusalRow[];
  readonly spans: readonly SpanRow[];
  readonly serverSaw: readonly ServerSawRow[];
  readonly serverActions: readonly ServerActionRow[];
  readonly phoneSeizures: readonly PhoneSeizureRow[];
  readonly serverSeizures: readonly ServerSeizureRow[];
  readonly authority: readonly AuthorityRow[];
  /** The report the operator published for [0, endMs]: from its doctored ledger when it lied. */
  readonly transparency: TransparencyReport;
  readonly operatorLied: boolean;
  readonly counts: {
    readonly traceLines: number;
    readonly serverLive: number;
    readonly serverRetained: number;
    readonly metadataRecords: number;
    readonly backups: number;
    readonly archiveItems: number;
  };
}

const evaporationText = (e: 'view-once' | { readonly timerMs: number }): string => (e === 'view-once' ? 'view-once' : `timer ${e.timerMs} ms`);

function deviceEventRows(run: RunView): DeviceEventRow[] {
  return run.userEvents.map(({ atMs, device, event }) => {
    switch (event.kind) {
      case 'message-evaporated':
        return { atMs, device, kind: event.status, detail: event.messageId };
      case 'group':
        return { atMs, device, kind: 'group', detail: `${event.roomId}: ${event.group.kind}` };
      case 'store-rolled-back':
        return { atMs, device, kind: event.kind, detail: 'store older than the platform record: started over' };
      default:
        return { atMs, device, kind: event.kind, detail: event.peer };
    }
  });
}

/** Offline and partition periods from the timeline; an unclosed one runs to the end of the run. */
export function spansOf(s: Scenario, endMs: number): SpanRow[] {
  const open = new Map<string, { startMs: number; kind: SpanRow['kind'] }>();
  const spans: SpanRow[] = [];
  const close = (key: string, lane: string, atMs: number) => {
    const o = open.get(key);
    if (o === undefined) return;
    open.delete(key);
    spans.push({ lane, startMs: o.startMs, endMs: atMs, kind: o.kind });
  };
  for (const a of s.timeline) {
    if (a.do === 'offline' && !open.has(`offline:${a.user}`)) open.set(`offline:${a.user}`, { startMs: a.at, kind: 'offline' });
    if (a.do === 'online') close(`offline:${a.user}`, a.user, a.at);
    if (a.do === 'partition') for (const u of a.users) if (!open.has(`partitioned:${u}`)) open.set(`partitioned:${u}`, { startMs: a.at, kind: 'partitioned' });
    if (a.do === 'heal') for (const key of [...open.keys()]) if (key.startsWith('partitioned:')) close(key, key.slice('partitioned:'.length), a.at);
  }
  for (const key of [...open.keys()]) close(key, key.slice(key.indexOf(':') + 1), endMs);
  return spans.sort((a, b) => a.startMs - b.startMs || (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0));
}

function seizureArea(label: string): string {
  const slash = label.indexOf('/');
  return slash < 0 ? label : label.slice(0, slash);
}

function serverSeizureRows(run: RunView): ServerSeizureRow[] {
  return run.serverSeizures.map((s) => {
    const areas = new Map<string, { items: number; bytes: number }>();
    let byteCount = 0;
    for (const item of s.items) {
      const a = areas.get(seizureArea(item.label)) ?? { items: 0, bytes: 0 };
      areas.set(seizureArea(item.label), { items: a.items + 1, bytes: a.bytes + item.bytes.length });
      byteCount += item.bytes.length;
    }
    const byArea = [...areas].map(([area, v]) => ({ area, ...v })).sort((a, b) => (a.area < b.area ? -1 : 1));
    return { atMs: s.atMs, itemCount: s.items.length, byteCount, atRestKeys: s.atRestKeys.length, byArea };
  });
}

function authorityRows(events: readonly TruthEvent[], name: (id: string) => string): AuthorityRow[] {
  const rows: AuthorityRow[] = [];
  for (const e of events) {
    if (e.kind === 'warrant-served') {
      const t = e.warrant.target;
      const gag = e.warrant.gagUntilMs === undefined ? '' : `, gag until ${e.warrant.gagUntilMs} ms`;
      rows.push({
        atMs: e.atMs,
        kind: 'warrant',
        warrant: name(e.warrant.id),
        detail: `${t.kind === 'user' ? `account ${t.userId}` : `room ${t.roomId}`}: ${e.warrant.scope.join(', ')}${gag}`,
        gagUntilMs: e.warrant.gagUntilMs ?? null,
      });
    }
    if (e.kind === 'warrant-returned') {
      const disclosed = e.ret.disclosed.map((d) => `${d.category} ${d.recordCount}`).join(', ') || 'nothing';
      const refused = e.ret.refused.length === 0 ? '' : `; refused ${e.ret.refused.join(', ')}`;
      rows.push({ atMs: e.atMs, kind: 'return', warrant: name(e.ret.warrantId), detail: `disclosed ${disclosed}${refused}`, gagUntilMs: null });
    }
    if (e.kind === 'notification-sent') rows.push({ atMs: e.atMs, kind: 'notification', warrant: name(e.warrantId), detail: `${e.userId} told`, gagUntilMs: null });
  }
  return rows;
}

/** Renames warrant ids W1, W2… in serving order: the world's ids carry a process-wide counter. */
function warrantNamer(events: readonly TruthEvent[]): (id: string) => string {
  const names = new Map<string, string>();
  for (const e of events) if (e.kind === 'warrant-served' && !names.has(e.warrant.id)) names.set(e.warrant.id, `W${names.size + 1}`);
  return (id) => names.get(id) ?? id;
}

function publishedReport(run: RunView, name: (id: string) => string): { report: TransparencyReport; lied: boolean } {
  const report = run.report;
  if (report === undefined) throw new Error(`run summary: the log of ${run.settings.variant} run has no published report`);
  return { report: { ...report, returns: report.returns.map((r) => ({ ...r, warrantId: name(r.warrantId) })) }, lied: run.operatorLied };
}

function judgementRows(result: ScenarioResult): JudgementRow[] {
  return result.judgements.map((j) => ({ property: j.property, verdict: j.verdict, expected: result.expected[j.property] ?? null, violations: [...j.violations], exercised: [...j.exercised] }));
}

/** Everything the report pages show about one run of `s`. */
export function summarizeRun(s: Scenario, result: ScenarioResult, traceLines: readonly string[]): RunSummary {
  const run = viewOf(result.log.events);
  const lastActionMs = s.timeline.at(-1)?.at ?? 0;
  const endMs = run.endMs;
  const name = warrantNamer(run.truth.events);
  const published = publishedReport(run, name);
  const counts = run.totals?.server ?? { live: 0, retained: 0, metadata: 0, backups: 0, archive: 0 };
  return {
    scenario: s.name,
    goal: s.description.goal,
    threat: s.description.threat,
    expectedText: s.description.expected,
    seed: s.seed,
    variant: s.variant,
    serverMode: s.server.mode,
    warrantPolicy: s.server.warrantPolicy,
    parties: [...s.parties],
    rooms: s.rooms.map((r) => ({ id: r.id, kind: r.kind, members: [...r.members] })),
    lastActionMs,
    endMs,
    verdicts: { ...result.verdicts },
    expected: { ...result.expected },
    matches: result.matches,
    traceHash: result.traceHash,
    judgements: judgementRows(result),
    messages: run.messages.map((m) => ({
      label: m.label ?? null,
      messageId: m.messageId,
      from: m.from,
      room: m.room,
      atMs: m.atMs,
      bytes: m.body.length,
      recipients: [...m.recipients],
      evaporation: evaporationText(m.evaporation),
      heldFor: [...m.heldFor],
    })),
    deliveries: run.accepted.map((a) => ({ atMs: a.atMs, recipient: a.recipient, claimedFrom: a.claimedFrom, messageId: a.messageId })),
    deviceEvents: deviceEventRows(run),
    refusals: run.refusals.map((r) => ({ atMs: r.atMs, device: r.device, from: r.from, code: r.code })),
    spans: spansOf(s, endMs),
    serverSaw: serverSawRows(traceLines),
    serverActions: serverActionRows(traceLines),
    phoneSeizures: run.phoneSeizures.map((p) => ({ atMs: p.atMs, user: p.user, stolen: p.purpose === 'thief', blobBytes: p.blob.length })),
    serverSeizures: serverSeizureRows(run),
    authority: authorityRows(run.truth.events, name),
    transparency: published.report,
    operatorLied: published.lied,
    counts: { traceLines: traceLines.length, serverLive: counts.live, serverRetained: counts.retained, metadataRecords: counts.metadata, backups: counts.backups, archiveItems: counts.archive },
  };
}
