// The seizure timeline of one run (docs/reports.md): a lane per party plus
// `server` and `authority`; sends, deliveries, views, refusals, what the server stored and erased,
// attacks, warrants; an arrow per message copy from its send to its acceptance, drops and replays
// marked; seizures highlighted with what they took (the seizure events) and what the judges found
// they open (the failing verdicts' violations); offline spans and gag periods. Pure: RunSummary in,
// chart spec out.
import type { TimelineChartSpec } from '../render/svg/chart.ts';
import { formatBytes } from '../render/format.ts';
import { sinceStart } from '../render/svg/timeAxis.ts';
import type { RunSummary } from './runSummary.ts';

type TimelineEvent = TimelineChartSpec['events'][number];
type TimelineLink = NonNullable<TimelineChartSpec['links']>[number];

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
    events.push({
      lane: p.user,
      at: p.atMs,
      kind: p.stolen ? 'steal-phone' : 'seize-phone',
      label: `${p.user}'s phone ${p.stolen ? 'stolen by a thief' : 'seized'}`,
      highlight: true,
      detail: [`took the encrypted device store (${formatBytes(p.blobBytes)}) and the key that opens it`, opensText(s, p.atMs, p.user)],
    });
  return events;
}

/** Properties whose judges try seized state against the messages: their violations say what a seizure opens. */
const SEIZURE_JUDGED = ['SEC-SERVER-BLIND', 'SEC-EVAPORATE', 'SEC-RETENTION', 'SEC-FS', 'SEC-PCS', 'SEC-PQ'] as const;
/** Violations told per seizure on the chart; the verdicts table lists them all. */
const OPENS_TOLD_MAX = 3;

/**
 * What the judges found the seizure at `atMs` (of `user`'s phone, or of the server) opens: the
 * violations of failing verdicts that name that time (and that phone), or, when those judges all
 * passed, that they found nothing.
 */
function opensText(s: RunSummary, atMs: number, user: string | null): string {
  const judged = s.judgements.filter((j) => (SEIZURE_JUDGED as readonly string[]).includes(j.property));
  const names = (v: string): boolean => v.includes(`${atMs} ms`) && (user === null ? !/\bphone\b/.test(v) : new RegExp(`\\b${user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(v));
  const when = `T+${sinceStart(atMs, 1)}`;
  const found = [...new Set(judged.flatMap((j) => (j.verdict === 'fail' ? j.violations.filter(names).map((v) => `${j.property}: ${v.replaceAll(`at ${atMs} ms`, `at ${when}`)}`) : [])))];
  if (found.length > 0) return `opens — ${found.slice(0, OPENS_TOLD_MAX).join(' | ')}${found.length > OPENS_TOLD_MAX ? ` (+${found.length - OPENS_TOLD_MAX} more)` : ''}`;
  const passed = judged.filter((j) => j.verdict === 'pass').map((j) => j.property);
  return passed.length === 0 ? 'what it opens: no judge tried it' : `the judges found nothing it opens (${passed.join(', ')} pass)`;
}

function serverEvents(s: RunSummary): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const r of s.serverSaw) {
    const size = r.sizeBytes === null ? '' : ` ${r.sizeBytes} B`;
    events.push({ lane: SERVER_LANE, at: r.atMs, kind: r.origin === 'submitted' ? 'store' : 'inject', label: `${r.serverId} ${r.from}→${r.to}${size}${r.effect === null ? '' : ` [${r.effect}]`}` });
    if (r.erasedAtMs !== null) events.push({ lane: SERVER_LANE, at: r.erasedAtMs, kind: 'erase', label: `${r.serverId} (${r.erasedReason ?? ''})` });
  }
  for (const a of s.serverActions) events.push({ lane: SERVER_LANE, at: a.atMs, kind: a.kind, label: a.detail });
  for (const z of s.serverSeizures) {
    const areas = z.byArea.map((a) => `${a.area} ${a.items} (${formatBytes(a.bytes)})`).join(', ');
    const took = `took ${z.itemCount} items, ${formatBytes(z.byteCount)}${areas === '' ? '' : ` — ${areas}`}, and ${z.atRestKeys} at-rest key${z.atRestKeys === 1 ? '' : 's'}`;
    events.push({ lane: SERVER_LANE, at: z.atMs, kind: 'seize-server', label: 'server seized', highlight: true, detail: [took, opensText(s, z.atMs, null)] });
  }
  for (const a of s.authority) events.push({ lane: AUTHORITY_LANE, at: a.atMs, kind: a.kind, label: `${a.warrant}: ${a.detail}` });
  return events;
}

/**
 * One arrow per message copy: from the send on the sender's lane to its first acceptance on the
 * recipient's; a copy accepted again is a replay (from the server's lane, at the envelope it made up,
 * when there is one); a copy never accepted stops short, held back (a key change) or never arrived.
 * Envelopes the server made up (replays, forgeries) are arrows from its lane to the next acceptance
 * or refusal by their addressee.
 */
function links(s: RunSummary): TimelineLink[] {
  const out: TimelineLink[] = [];
  const injected = s.serverSaw.filter((r) => r.origin !== 'submitted');
  const accepted = new Map<string, number[]>();
  for (const d of s.deliveries) {
    const key = `${d.messageId}\u0000${d.recipient}`;
    accepted.set(
      key,
      [...(accepted.get(key) ?? []), d.atMs].sort((a, b) => a - b),
    );
  }
  const replayed = new Set<number>();
  for (const m of s.messages) {
    const name = m.label ?? m.messageId;
    for (const r of m.recipients) {
      const [first, ...again] = accepted.get(`${m.messageId}\u0000${r}`) ?? [];
      if (first === undefined) {
        out.push({ from: m.from, fromAt: m.atMs, to: r, kind: m.heldFor.includes(r) ? 'held back' : 'never arrived', label: `${name} → ${r}` });
        continue;
      }
      out.push({ from: m.from, fromAt: m.atMs, to: r, toAt: first, kind: 'message', label: `${name} → ${r}` });
      for (const at of again) {
        const i = injected.findLastIndex((x) => x.to === r && x.atMs <= at);
        const inj = injected[i];
        if (inj !== undefined) replayed.add(i);
        out.push({ from: inj === undefined ? m.from : SERVER_LANE, fromAt: inj?.atMs ?? m.atMs, to: r, toAt: at, kind: 'replay', label: `${name} accepted again by ${r}` });
      }
    }
  }
  injected.forEach((x, i) => {
    if (replayed.has(i)) return;
    const ends = [...s.refusals.filter((f) => f.device === x.to && f.atMs >= x.atMs).map((f) => f.atMs), ...s.deliveries.filter((d) => d.recipient === x.to && d.atMs >= x.atMs).map((d) => d.atMs)];
    const kind = x.origin.includes('replay') ? 'replay' : 'injected';
    const toAt = ends.length === 0 ? undefined : Math.min(...ends);
    out.push({ from: SERVER_LANE, fromAt: x.atMs, to: x.to, ...(toAt === undefined ? {} : { toAt }), kind, label: `${x.serverId} ${x.origin} → ${x.to}` });
  });
  return out.sort((a, b) => a.fromAt - b.fromAt);
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
    description: `Lanes for each party, the server and the authority, from the start of the run to just after its last action (${end} ms of simulated time); quiet stretches are cut out of the time axis and marked.`,
    lanes,
    spans,
    events,
    links: links(s).filter((l) => l.fromAt <= end),
    start: 0,
    end,
    timeLabel: 'simulated time',
  };
  return { chart, notDrawn: all.length - events.length };
}
