// The index page's own content for `sealroom run`: the headline (how many scenarios ended
// as expected), where to start reading, and one line per scenario. The site adds the list of reports.
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type ReportBundle } from '../render/bundle.ts';
import type { MatrixColumn } from './propertyMatrix.ts';
import { scenarioPageName } from './scenarioPage.ts';

export interface RunIndexInput {
  readonly columns: readonly MatrixColumn[];
  /** Scenario name → variant and server mode, for the table. */
  readonly described: ReadonlyMap<string, { readonly variant: string; readonly server: string; readonly goal: string }>;
  /** The command that made these reports (shown as provenance; no clock is read). */
  readonly command: string;
  /** Extra sections' titles appended by hooks (e.g. a property campaign), listed in "Start here". */
  readonly extraReports?: readonly { readonly title: string; readonly href: string }[];
}

export function runIndexBundle(input: RunIndexInput): ReportBundle {
  const ran = input.columns.filter((c) => !('error' in c));
  const ok = ran.filter((c) => 'matches' in c && c.matches).length;
  const errors = input.columns.length - ran.length;
  const off = input.columns.filter((c) => 'error' in c || !c.matches).map((c) => `[${c.scenario}](${scenarioPageName(c.scenario)}.html)`);
  const headline =
    ok === input.columns.length
      ? `**All ${ok} scenarios ended exactly as expected.**`
      : `**${ok} of ${input.columns.length} scenarios ended as expected**${errors > 0 ? ` (${errors} could not be run)` : ''}. Not as expected: ${off.join(', ')}.`;
  const start = [
    '- [Property matrix](matrix.html): every property judged over every variant and every scenario, on one page.',
    "- [Transparency reports](transparency.html): what each world's operator published about warrants and seizures, one report per world and reporting period.",
    ...(input.extraReports ?? []).map((r) => `- [${r.title}](${r.href})`),
  ];
  const rows = input.columns.map((c): BundleCell[] => {
    const d = input.described.get(c.scenario);
    const result = 'error' in c ? `! error: ${c.error}` : c.matches ? '✓ as expected' : '✗ not as expected';
    return [{ text: c.scenario, href: `${scenarioPageName(c.scenario)}.html` }, d?.variant ?? '—', d?.server ?? '—', result];
  });
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'sealroom: privacy mode held to its promises',
    subtitle: 'Scenario library run, property matrix, transparency reports and timelines',
    summary: [headline, '', 'Start here:', '', ...start].join('\n'),
    meta: [
      { label: 'scenarios', value: String(input.columns.length) },
      { label: 'as expected', value: String(ok) },
      { label: 'made by', value: input.command },
    ],
    sections: [
      {
        kind: 'table',
        id: 'scenario-results',
        title: 'Scenario results',
        caption: 'Each scenario’s goal is in the report list above.',
        columns: [{ label: 'Scenario' }, { label: 'Variant' }, { label: 'Server' }, { label: 'Result' }],
        rows,
      },
    ],
  };
}
