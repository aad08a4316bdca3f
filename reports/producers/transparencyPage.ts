// The operator's transparency report as a report page (docs/properties.md promise 5, docs/reports.md):
// one page per simulated world — each world is its own operator — and per reporting period, laid out
// as operators publish theirs (the period in calendar dates, warrants and the share complied with,
// refused or pending, accounts affected, data disclosed by category, and a computed "conversation
// content disclosed" line), with charts of warrants by outcome and by data category. Computed only
// from sim/authority's published report of each run. Dates come from the simulated calendar whose
// epoch the command passes in (simulatedCalendar.ts). Pure: published reports in, bundles out.
import { DATA_CATEGORIES, REPORTED_OUTCOMES, type ReportedOutcome, type TransparencyReport } from '../../sim/authority/index.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type BundleSection, type ReportBundle } from '../render/bundle.ts';
import { formatPercent } from '../render/format.ts';
import { dateTime, periodLabel } from './simulatedCalendar.ts';

/** One run's published report. */
export interface PublishedReport {
  readonly scenario: string;
  readonly report: TransparencyReport;
  /** The operator published from a doctored ledger (the malicious server's under-report). */
  readonly lied: boolean;
  /** SEC-WARRANT's verdict on the run: did the published report match ground truth. */
  readonly warrantVerdict: 'pass' | 'fail';
}

export interface Totals {
  readonly runs: number;
  readonly simulatedMs: number;
  readonly received: number;
  readonly withGag: number;
  readonly byTarget: Readonly<Record<'user' | 'room', number>>;
  readonly byScope: Readonly<Record<(typeof DATA_CATEGORIES)[number], number>>;
  readonly byOutcome: Readonly<Record<ReportedOutcome, number>>;
  readonly returns: number;
  readonly disclosed: Readonly<Record<(typeof DATA_CATEGORIES)[number], { readonly returns: number; readonly records: number }>>;
  /** Returns that handed at least one record of the category over (a return may answer a category with none). */
  readonly returnsWithRecords: Readonly<Record<(typeof DATA_CATEGORIES)[number], number>>;
  readonly contentRecords: number;
  readonly accountsAffected: number;
  readonly notifications: { readonly sent: number; readonly pendingUnderGag: number; readonly overdue: number };
  readonly seizures: { readonly server: number; readonly phone: number };
}

export const OUTCOME_NAME: Readonly<Record<ReportedOutcome, string>> = {
  'complied-in-full': 'Complied in full',
  'complied-in-part': 'Complied in part',
  refused: 'Refused',
  pending: "Pending (no answer by the period's end)",
};
const CATEGORY_NAME: Record<(typeof DATA_CATEGORIES)[number], string> = { content: 'Conversation content', metadata: 'Metadata', keys: 'Key-directory entries' };

/** Where the dates come from: simulated time 0 is this UTC instant (simulatedCalendar.ts SIMULATED_EPOCH_MS). */
export interface CalendarOptions {
  readonly epochMs: number;
}

/** `n` of `of` as a percentage, or an en dash when there is nothing to share out. */
export function share(n: number, of: number): string {
  return of === 0 ? '–' : formatPercent(n / of);
}

/** Warrants for which at least one record of any category was handed over. */
export function warrantsWithDisclosure(r: TransparencyReport): number {
  return new Set(r.returns.filter((x) => x.disclosed.some((d) => d.recordCount > 0)).map((x) => x.warrantId)).size;
}

/** Adds the reports up (each run is its own simulated period; accounts are counted per run). */
export function totalsOf(reports: readonly PublishedReport[]): Totals {
  const byTarget = { user: 0, room: 0 };
  const byScope = { content: 0, metadata: 0, keys: 0 };
  const byOutcome: Record<ReportedOutcome, number> = { 'complied-in-full': 0, 'complied-in-part': 0, refused: 0, pending: 0 };
  const disclosed = { content: { returns: 0, records: 0 }, metadata: { returns: 0, records: 0 }, keys: { returns: 0, records: 0 } };
  const notifications = { sent: 0, pendingUnderGag: 0, overdue: 0 };
  const seizures = { server: 0, phone: 0 };
  const returnsWithRecords = { content: 0, metadata: 0, keys: 0 };
  let [simulatedMs, received, withGag, returns, contentRecords, accountsAffected] = [0, 0, 0, 0, 0, 0];
  for (const { report: r } of reports) {
    simulatedMs += r.period.toMs - r.period.fromMs;
    received += r.warrants.received;
    withGag += r.warrants.withGag;
    returns += r.returns.length;
    contentRecords += r.conversationContentDisclosed;
    accountsAffected += r.accountsAffected;
    byTarget.user += r.warrants.byTarget.user;
    byTarget.room += r.warrants.byTarget.room;
    for (const c of DATA_CATEGORIES) {
      byScope[c] += r.warrants.byScope[c];
      disclosed[c].returns += r.disclosedByCategory[c].returns;
      disclosed[c].records += r.disclosedByCategory[c].records;
    }
    for (const o of REPORTED_OUTCOMES) byOutcome[o] += r.warrants.byOutcome[o];
    for (const ret of r.returns) for (const d of ret.disclosed) if (d.recordCount > 0) returnsWithRecords[d.category]++;
    notifications.sent += r.notifications.sent;
    notifications.pendingUnderGag += r.notifications.pendingUnderGag;
    notifications.overdue += r.notifications.overdue;
    seizures.server += r.seizures.server;
    seizures.phone += r.seizures.phone;
  }
  return { runs: reports.length, simulatedMs, received, withGag, byTarget, byScope, byOutcome, returns, disclosed, returnsWithRecords, contentRecords, accountsAffected, notifications, seizures };
}

function contentLine(t: Totals): string {
  return `**${contentLineOf(t.contentRecords, t.disclosed.content.returns)}**`;
}

export function contentLineOf(records: number, warrants: number): string {
  return records === 0 ? 'Conversation content disclosed: none.' : `Conversation content disclosed: ${records} records under ${warrants} warrants.`;
}

function summaryMarkdown(t: Totals, reports: readonly PublishedReport[], withDisclosure: number): string {
  const complied = t.byOutcome['complied-in-full'] + t.byOutcome['complied-in-part'];
  const lines = [
    `Every number is counted from the operator's own transparency ledger, as it chose to publish it${t.runs === 1 ? '' : ` (${t.runs} reports added up)`}.`,
    '',
    `- Warrants received: ${t.received} (${t.byTarget.user} naming an account, ${t.byTarget.room} naming a room; ${t.withGag} with a gag order)`,
    `- Complied with: ${complied} (${share(complied, t.received)}) — in full ${t.byOutcome['complied-in-full']}, in part ${t.byOutcome['complied-in-part']}`,
    `- Refused: ${t.byOutcome.refused} (${share(t.byOutcome.refused, t.received)})`,
    `- Pending at the period's end: ${t.byOutcome.pending} (${share(t.byOutcome.pending, t.received)})`,
    `- Warrants where some data was disclosed: ${withDisclosure} (${share(withDisclosure, t.received)}); warrant returns made: ${t.returns}`,
    `- Accounts affected by disclosures: ${t.accountsAffected}`,
    `- Seizures: ${t.seizures.server} of the server, ${t.seizures.phone} of phones`,
    `- User notifications sent: ${t.notifications.sent}; pending under a gag order: ${t.notifications.pendingUnderGag}; due but not sent: ${t.notifications.overdue}`,
    `- ${contentLine(t)}`,
  ];
  const doubtful = reports.filter((r) => r.lied || r.warrantVerdict === 'fail');
  if (doubtful.length > 0) {
    lines.push(
      '',
      `> **Auditor's note.** SEC-WARRANT failed in ${doubtful.length} world(s): ${doubtful.map((r) => `${r.scenario}${r.lied ? ' (the operator published from a doctored ledger)' : ''}`).join(', ')}. There the published report, the user notifications or the content refusals did not match what really happened; see the scenario page.`,
    );
  }
  return lines.join('\n');
}

function charts(t: Totals): BundleSection[] {
  return [
    {
      kind: 'chart',
      id: 'by-outcome',
      title: 'Warrants by outcome',
      chart: { type: 'bar', title: 'Warrants by outcome', yLabel: 'warrants', yFormat: 'number', bars: REPORTED_OUTCOMES.map((o) => ({ label: OUTCOME_NAME[o], value: t.byOutcome[o] })) },
    },
    {
      kind: 'chart',
      id: 'by-category',
      title: 'Data demanded and disclosed, by category',
      chart: {
        type: 'grouped-bar',
        title: 'Warrants by data category',
        yLabel: 'warrants / returns',
        yFormat: 'number',
        categories: DATA_CATEGORIES.map((c) => CATEGORY_NAME[c]),
        series: [
          { name: 'warrants demanding it', values: DATA_CATEGORIES.map((c) => t.byScope[c]) },
          { name: 'returns handing records over', values: DATA_CATEGORIES.map((c) => t.returnsWithRecords[c]) },
        ],
      },
    },
  ];
}

function tables(t: Totals, reports: readonly PublishedReport[], epochMs: number): BundleSection[] {
  const returns = reports.flatMap((r) =>
    r.report.returns.map((x): BundleCell[] => [
      r.scenario,
      x.warrantId,
      dateTime(epochMs, x.returnedAtMs),
      OUTCOME_NAME[x.outcome],
      x.disclosed.map((d) => `${d.category}: ${d.recordCount}`).join(', ') || '—',
      x.refused.join(', ') || '—',
      x.accountsAffected,
    ]),
  );
  const seizures = reports.flatMap((r) =>
    r.report.seizures.list.map((s): BundleCell[] => [
      r.scenario,
      dateTime(epochMs, s.atMs),
      s.kind === 'server' ? 'Server' : 'Phone',
      s.kind === 'server' ? `${s.itemCount} stored items; at-rest keys ${s.atRestKeysTaken ? 'taken' : 'not taken'}` : "one device's stored state",
    ]),
  );
  const received = t.received;
  return [
    {
      kind: 'table',
      id: 'outcomes',
      title: 'Share of warrants by outcome',
      caption:
        'Share of the warrants received in the period, by their outcome at its end. The simulated operator has no separate "contested" outcome: it contests a demand by refusing it (content is always refused under the privacy-mode policy).',
      columns: [{ label: 'Outcome' }, { label: 'Warrants', align: 'right' }, { label: 'Share', align: 'right' }],
      rows: [...REPORTED_OUTCOMES.map((o): BundleCell[] => [OUTCOME_NAME[o], t.byOutcome[o], share(t.byOutcome[o], received)]), ['All warrants received', received, received === 0 ? '–' : '100%']],
    },
    {
      kind: 'table',
      id: 'disclosed',
      title: 'Data disclosed',
      caption: contentLine(t).replace(/\*\*/g, ''),
      columns: [
        { label: 'Category' },
        { label: 'Warrants demanding', align: 'right' },
        { label: 'Returns answering', align: 'right' },
        { label: 'Returns with records', align: 'right' },
        { label: 'Records', align: 'right' },
      ],
      rows: DATA_CATEGORIES.map((c) => [CATEGORY_NAME[c], t.byScope[c], t.disclosed[c].returns, t.returnsWithRecords[c], t.disclosed[c].records]),
    },
    {
      kind: 'table',
      id: 'returns',
      title: 'Warrant returns',
      caption: returns.length === 0 ? 'No warrant returns were made.' : 'Times are on the simulated calendar (UTC).',
      columns: [{ label: 'World' }, { label: 'Warrant' }, { label: 'Answered' }, { label: 'Outcome' }, { label: 'Disclosed' }, { label: 'Refused' }, { label: 'Accounts', align: 'right' }],
      rows: returns,
    },
    {
      kind: 'table',
      id: 'notifications',
      title: 'User notifications',
      columns: [
        { label: 'Sent', align: 'right' },
        { label: 'Pending under a gag order', align: 'right' },
        { label: 'Due but not sent', align: 'right' },
      ],
      rows: [[t.notifications.sent, t.notifications.pendingUnderGag, t.notifications.overdue]],
    },
    {
      kind: 'table',
      id: 'seizures',
      title: 'Seizures',
      ...(seizures.length === 0 ? { caption: 'No seizures were reported.' } : {}),
      columns: [{ label: 'World' }, { label: 'When' }, { label: 'What' }, { label: 'Taken' }],
      rows: seizures,
    },
    {
      kind: 'table',
      id: 'runs',
      title: 'Reports added up here',
      columns: [
        { label: 'World' },
        { label: 'Period' },
        { label: 'Warrants', align: 'right' },
        { label: 'Returns', align: 'right' },
        { label: 'Seizures', align: 'right' },
        { label: 'Content records', align: 'right' },
        { label: 'Matches ground truth' },
      ],
      rows: reports.map((r) => [
        r.scenario,
        periodLabel(epochMs, r.report.period),
        r.report.warrants.received,
        r.report.returns.length,
        r.report.seizures.server + r.report.seizures.phone,
        r.report.conversationContentDisclosed,
        r.warrantVerdict === 'pass' ? '✓ yes' : '✗ no (SEC-WARRANT)',
      ]),
    },
  ];
}

export interface TransparencyPageOptions extends CalendarOptions {
  /** The operator's name on the page (default: the one in the published report). */
  readonly operator?: string;
}

/** One operator's report for one reporting period (several reports are added up, each named in a table). */
export function transparencyBundle(reports: readonly PublishedReport[], options: TransparencyPageOptions): ReportBundle {
  const t = totalsOf(reports);
  const operator = options.operator ?? reports[0]?.report.operator ?? 'sealroom operator';
  const withDisclosure = reports.reduce((n, r) => n + warrantsWithDisclosure(r.report), 0);
  const worlds = [...new Set(reports.map((r) => r.scenario))];
  const first = reports[0]?.report.period;
  const period = reports.length === 1 && first !== undefined ? periodLabel(options.epochMs, first) : `${reports.length} reporting periods`;
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: `Transparency report — ${operator}${worlds.length === 1 ? `, world ${worlds[0]}` : ''}`,
    subtitle: `Reporting period: ${period}`,
    summary: summaryMarkdown(t, reports, withDisclosure),
    meta: [
      { label: 'reporting period', value: period },
      { label: 'world', value: worlds.join(', ') || '—' },
      { label: 'simulated time', value: `${(t.simulatedMs / 86_400_000).toFixed(1)} days from the simulated epoch ${new Date(options.epochMs).toISOString()}` },
      { label: 'format', value: reports[0]?.report.format ?? 'sealroom-transparency-report/1' },
    ],
    // One report needs no table of the reports added up: that table is for a page that adds several.
    sections: [...charts(t), ...tables(t, reports, options.epochMs).filter((x) => reports.length > 1 || x.id !== 'runs')],
  };
}
