// The summary `sealroom sim` writes: the run's counts and verdicts as plain JSON, and the same as
// a report page linking the timeline, the transparency report and the trace. Pure: RunSummary in.
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type ReportBundle } from '../render/bundle.ts';
import type { PropertyId, Verdict } from '../../scenarios/types.ts';
import type { RunSummary } from './runSummary.ts';
import { scenarioPageName } from './scenarioPage.ts';
import type { WorkloadOptions } from './workload.ts';

export const SIM_SUMMARY_FORMAT = 'sealroom-sim-summary/1';

export interface SimCounts {
  readonly messagesSent: number;
  readonly deliveries: number;
  readonly views: number;
  readonly timerExpiries: number;
  readonly inputsRefused: number;
  readonly envelopesSeenByServer: number;
  readonly envelopesErasedByServer: number;
  readonly envelopesLeftOnServer: number;
  readonly serverBackups: number;
  readonly serverArchiveItems: number;
  readonly serverSeizures: number;
  readonly phoneSeizures: number;
  readonly warrants: number;
  readonly notificationsSent: number;
  readonly traceLines: number;
}

export interface SimSummary {
  readonly format: typeof SIM_SUMMARY_FORMAT;
  readonly options: WorkloadOptions;
  readonly scenario: string;
  readonly traceHash: string;
  readonly counts: SimCounts;
  readonly verdicts: Readonly<Record<PropertyId, Verdict>>;
  /** Every property passed. */
  readonly allPass: boolean;
}

export function simCounts(s: RunSummary): SimCounts {
  return {
    messagesSent: s.messages.length,
    deliveries: s.deliveries.length,
    views: s.deviceEvents.filter((e) => e.kind === 'viewed').length,
    timerExpiries: s.deviceEvents.filter((e) => e.kind === 'expired').length,
    inputsRefused: s.refusals.length,
    envelopesSeenByServer: s.serverSaw.length,
    envelopesErasedByServer: s.serverSaw.filter((r) => r.erasedAtMs !== null).length,
    envelopesLeftOnServer: s.counts.serverLive + s.counts.serverRetained,
    serverBackups: s.serverActions.filter((a) => a.kind === 'backup').length,
    serverArchiveItems: s.counts.archiveItems,
    serverSeizures: s.serverSeizures.length,
    phoneSeizures: s.phoneSeizures.length,
    warrants: s.authority.filter((a) => a.kind === 'warrant').length,
    notificationsSent: s.authority.filter((a) => a.kind === 'notification').length,
    traceLines: s.counts.traceLines,
  };
}

export function simSummary(s: RunSummary, options: WorkloadOptions): SimSummary {
  return {
    format: SIM_SUMMARY_FORMAT,
    options: { ...options },
    scenario: s.scenario,
    traceHash: s.traceHash,
    counts: simCounts(s),
    verdicts: { ...s.verdicts },
    allPass: Object.values(s.verdicts).every((v) => v === 'pass'),
  };
}

const COUNT_LABELS: Readonly<Record<keyof SimCounts, string>> = {
  messagesSent: 'Messages sent',
  deliveries: 'Deliveries accepted by phones',
  views: 'Messages viewed (then erased)',
  timerExpiries: 'Timer expiries',
  inputsRefused: 'Inputs refused by phones',
  envelopesSeenByServer: 'Envelopes the server received or made up',
  envelopesErasedByServer: 'Envelopes the server erased',
  envelopesLeftOnServer: 'Envelopes still stored at the end',
  serverBackups: 'Server backups taken',
  serverArchiveItems: 'Items in the curious server’s archive',
  serverSeizures: 'Server seizures',
  phoneSeizures: 'Phone seizures',
  warrants: 'Warrants served',
  notificationsSent: 'User notifications sent',
  traceLines: 'Trace lines',
};

export function simSummaryBundle(s: RunSummary, options: WorkloadOptions, files: { readonly trace: string; readonly scenario: string }): ReportBundle {
  const summary = simSummary(s, options);
  const failed = Object.entries(summary.verdicts)
    .filter(([, v]) => v === 'fail')
    .map(([p]) => p);
  const countRows = (Object.keys(COUNT_LABELS) as (keyof SimCounts)[]).map((k): BundleCell[] => [COUNT_LABELS[k], summary.counts[k]]);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: `Simulation: seed ${options.seed}`,
    subtitle: `${options.users} users, ${options.days} days, ${options.server} server, variant ${options.variant}`,
    summary: failed.length === 0 ? '**Every property held.**' : `**Properties that broke:** ${failed.join(', ')}. See the timeline page for the violations.`,
    meta: [
      { label: 'seed', value: String(options.seed) },
      { label: 'trace hash', value: s.traceHash },
    ],
    links: [
      { label: 'Timeline and verdicts', href: `${scenarioPageName(s.scenario)}.html` },
      { label: 'Transparency report', href: 'transparency.html' },
      { label: 'As the operator publishes it (Markdown)', href: 'transparency-report.md' },
      { label: 'Trace (JSON Lines)', href: files.trace },
      { label: 'Scenario file', href: files.scenario },
    ],
    sections: [
      { kind: 'table', id: 'counts', title: 'Counts', columns: [{ label: 'What' }, { label: 'Count', align: 'right' }], rows: countRows },
      {
        kind: 'table',
        id: 'verdicts',
        title: 'Verdicts',
        columns: [{ label: 'Property' }, { label: 'Verdict' }],
        rows: Object.entries(summary.verdicts).map(([p, v]): BundleCell[] => [p, v === 'pass' ? '✓ pass' : '✗ fail']),
      },
      {
        kind: 'markdown',
        id: 'replay',
        title: 'Replay',
        markdown: `The same options give the same trace hash (run the second line from this directory):\n\n\`\`\`\nsealroom sim --seed ${options.seed} --users ${options.users} --days ${options.days} --server ${options.server} --variant ${options.variant}\nsealroom scenario run ${files.scenario}\n\`\`\``,
      },
    ],
  };
}
