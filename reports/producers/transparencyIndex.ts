// The transparency reports of a `sealroom run`, one per simulated world (each world is its own
// operator) and per reporting period (transparencyPage.ts), and the index page that lists them: one
// row per report with its period in calendar dates, warrants, the share complied with, refused and
// pending, accounts affected, whether any conversation content left, and whether the report matched
// ground truth (SEC-WARRANT). Reports of different worlds are never added up into one "operator".
// Pure: published reports in, bundles out.
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type ReportBundle } from '../render/bundle.ts';
import type { SiteBundle } from '../render/site.ts';
import { isoDate, periodLabel } from './simulatedCalendar.ts';
import { type CalendarOptions, contentLineOf, type PublishedReport, share, transparencyBundle, warrantsWithDisclosure } from './transparencyPage.ts';

export const TRANSPARENCY_INDEX_NAME = 'transparency';

/** The page of one world's report for one period: `transparency-WORLD-YYYY-MM-DD` (the period's first day). */
export function transparencyPageName(r: PublishedReport, epochMs: number): string {
  return `${TRANSPARENCY_INDEX_NAME}-${r.scenario}-${isoDate(epochMs, r.report.period.fromMs)}`;
}

function row(r: PublishedReport, epochMs: number): BundleCell[] {
  const w = r.report.warrants;
  const complied = w.byOutcome['complied-in-full'] + w.byOutcome['complied-in-part'];
  const content = r.report.conversationContentDisclosed;
  return [
    { text: `${r.report.operator}, world ${r.scenario}`, href: `${transparencyPageName(r, epochMs)}.html` },
    periodLabel(epochMs, r.report.period),
    w.received,
    share(complied, w.received),
    share(w.byOutcome.refused, w.received),
    share(w.byOutcome.pending, w.received),
    `${warrantsWithDisclosure(r.report)} (${share(warrantsWithDisclosure(r.report), w.received)})`,
    r.report.accountsAffected,
    content === 0 ? 'none' : `✗ ${content} records`,
    r.warrantVerdict === 'pass' ? '✓ yes' : `✗ no (SEC-WARRANT)${r.lied ? ': doctored ledger' : ''}`,
  ];
}

function indexBundle(reports: readonly PublishedReport[], epochMs: number): ReportBundle {
  const disclosing = reports.filter((r) => r.report.conversationContentDisclosed > 0);
  const doubtful = reports.filter((r) => r.lied || r.warrantVerdict === 'fail');
  const link = (r: PublishedReport): string => `[${r.scenario}](${transparencyPageName(r, epochMs)}.html)`;
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Transparency reports',
    subtitle: `${reports.length} reports: one per simulated world and reporting period`,
    summary: [
      'Every simulated world is its own operator and publishes its own transparency report for its own period; the reports below are never added up, since warrants, accounts and seizures in one world say nothing about another.',
      '',
      disclosing.length === 0
        ? `**${contentLineOf(0, 0)}** No report of the ${reports.length} shows a conversation content record handed over.`
        : `**Conversation content was disclosed in ${disclosing.length} of ${reports.length} reports:** ${disclosing.map(link).join(', ')}.`,
      ...(doubtful.length === 0
        ? []
        : ['', `> **Auditor's note.** In ${doubtful.length} world(s) the published report did not match what really happened (SEC-WARRANT failed): ${doubtful.map(link).join(', ')}.`]),
      '',
      `Dates are on the simulated calendar: every world's simulated time 0 is ${new Date(epochMs).toISOString()} (UTC).`,
    ].join('\n'),
    meta: [
      { label: 'reports', value: String(reports.length) },
      { label: 'simulated epoch', value: new Date(epochMs).toISOString() },
    ],
    sections: [
      {
        kind: 'table',
        id: 'reports',
        title: 'Reports',
        caption: 'Shares are of the warrants received in each report’s period, by their outcome at its end.',
        columns: [
          { label: 'Operator' },
          { label: 'Reporting period' },
          { label: 'Warrants', align: 'right' },
          { label: 'Complied with', align: 'right' },
          { label: 'Refused', align: 'right' },
          { label: 'Pending', align: 'right' },
          { label: 'Some data disclosed', align: 'right' },
          { label: 'Accounts affected', align: 'right' },
          { label: 'Content disclosed' },
          { label: 'Matches ground truth' },
        ],
        rows: reports.map((r) => row(r, epochMs)),
      },
    ],
  };
}

/** The index (`transparency`) and one page per world and reporting period. */
export function transparencyPages(reports: readonly PublishedReport[], options: CalendarOptions & { readonly links?: readonly { readonly label: string; readonly href: string }[] }): SiteBundle[] {
  const back = [{ label: 'All transparency reports', href: `${TRANSPARENCY_INDEX_NAME}.html` }, ...(options.links ?? [])];
  const pages = reports.map((r) => {
    const page = transparencyBundle([r], { epochMs: options.epochMs });
    return { name: transparencyPageName(r, options.epochMs), bundle: { ...page, links: back } };
  });
  return [{ name: TRANSPARENCY_INDEX_NAME, bundle: indexBundle(reports, options.epochMs) }, ...pages];
}
