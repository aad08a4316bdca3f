// The seizure timeline of one run (docs/reports.md): a lane per party plus
// `server` and `authority`; sends, deliveries, views, refusals, what the server stored and erased,
// attacks, warrants; seizures highlighted; offline spans. Pure: RunSummary in, chart spec out.
import type { TimelineChartSpec } from '../render/svg/chart.ts';
import type { RunSummary } from './runSummary.ts';

type TimelineEvent = TimelineChartSpec['events'][number];

export const SERVER_LANE = 'server';
export const AUTHORITY_LANE = 'authority';
/** Least time drawn after the last action, so the last events are not on the frame. */
const TAIL_PAD_MS_MIN = 1_000;
/** Time drawn after the last action, as a fraction of the whole window (in percent). */
const TAIL_PAD_PERCENT = 5;

/**
 * The drawn window ends shortly after the last action, or after the last seizure, warrant event or
 * notification if one comes later (a notification sent when a gag expires is the point of its scenario).
 * Runs go on for days of retries and retention sweeps after that, which would squeeze every action
 * into the first pixels; those are left to the tables.
 */
export function timelineEndMs(s: Pick<RunSummary, 'lastActionMs' | 'endMs' | 'authority' | 'phoneSeizures' | 'serverSeizures'>): number {
  const last = Math.max(s.lastActionMs, ...s.authority.map((a) => a.atMs), ...s.phoneSeizures.map((p) => p.atMs), ...s.serverSeizures.map((z) => z.atMs));
  const pad = Math.max(TAIL_PAD_MS_MIN, Math.ceil((last * TAIL_PAD_PERCENT) / 100));
  return Math.min(s.endMs, last + pad);
}

function partyEvents(s: RunSummary): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const m of s.messages) events.push({ lane: m.from, at: m.atMs, kind: 'send', label: `${m.label ?? m.messageId} → ${m.room}` });
  for (const d of s.deliveries) events.push({ lane: d.recipient, at: d.atMs, kind: 'deliver', label: `${d.messageId} from ${d.claimedFrom}` });
  for (const e of s.deviceEvents) {
    const kind = e.kind === 'viewed' ? 'view' : e.kind === 'expired' ? 'expire' : e.kind;
    events.push({ lane: e.device, at: e.atMs, kind, label: e.detail });
  }
  for (const r of s.refusals) events.push({ lane: r.device, at: r.atMs, kind: 'refuse', label: `${r.code} (from ${r.from})` });
  for (const p of s.phoneSeizures)
    events.push({ lane: p.user, at: p.atMs, kind: p.stolen ? 'steal-phone' : 'seize-phone', label: `${p.user}'s phone ${p.stolen ? 'stolen' : 'seized'}`, highlight: true });
  return events;
}

function serverEvents(s: RunSummary): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const r of s.serverSaw) {
    const size = r.sizeBytes === null ? '' : ` ${r.sizeBytes} B`;
    events.push({ lane: SERVER_LANE, at: r.atMs, kind: r.origin === 'submitted' ? 'store' : 'inject', label: `${r.serverId} ${r.from}→${r.to}${size}${r.effect === null ? '' : ` [${r.effect}]`}` });
    if (r.erasedAtMs !== null) events.push({ lane: SERVER_LANE, at: r.erasedAtMs, kind: 'erase', label: `${r.serverId} (${r.erasedReason ?? ''})` });
  }
  for (const a of s.serverActions) events.push({ lane: SERVER_LANE, at: a.atMs, kind: a.kind, label: a.detail });
  for (const z of s.serverSeizures) events.push({ lane: SERVER_LANE, at: z.atMs, kind: 'seize-server', label: 'server seized', highlight: true });
  for (const a of s.authority) events.push({ lane: AUTHORITY_LANE, at: a.atMs, kind: a.kind, label: `${a.warrant}: ${a.detail}` });
  return events;
}

/** The chart, and how many events fell after the drawn window. */
export function timelineSpec(s: RunSummary): { readonly chart: TimelineChartSpec; readonly notDrawn: number } {
  const end = timelineEndMs(s);
  const all = [...partyEvents(s), ...serverEvents(s)];
  const events = all.filter((e) => e.at <= end).sort((a, b) => a.at - b.at);
  const gags = s.authority.flatMap((a) => (a.gagUntilMs === null ? [] : [{ lane: AUTHORITY_LANE, startMs: a.atMs, endMs: a.gagUntilMs, kind: 'gag order' }]));
  const spans = [...s.spans, ...gags].map((sp) => ({ lane: sp.lane, start: sp.startMs, end: Math.min(sp.endMs, end), kind: sp.kind })).filter((sp) => sp.start <= end);
  const lanes = [...s.parties.map((p) => ({ id: p, label: p })), { id: SERVER_LANE, label: 'server' }, { id: AUTHORITY_LANE, label: 'authority' }];
  const chart: TimelineChartSpec = {
    type: 'timeline',
    title: `${s.scenario}: what happened when`,
    description: `Lanes for each party, the server and the authority, from the start of the run to just after its last action (${end} ms of simulated time).`,
    lanes,
    spans,
    events,
    start: 0,
    end,
    timeLabel: 'simulated time',
  };
  return { chart, notDrawn: all.length - events.length };
}
