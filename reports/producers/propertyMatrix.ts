// The property × scenario matrix: rows are properties, columns scenarios; each cell
// is the verdict read against the scenario's expectation and links to that scenario's timeline page.
// Pure: run outcomes in, report bundle out.
import { PROPERTY_IDS, type Expectations, type JudgedVerdict, type PropertyId, type Verdict } from '../../scenarios/types.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type BundleSection, type ReportBundle } from '../render/bundle.ts';
import type { MatrixChartSpec } from '../render/svg/chart.ts';
import { scenarioPageName } from './scenarioPage.ts';

type MatrixCell = NonNullable<MatrixChartSpec['cells'][number][number]>;

/** Scenario columns per matrix chart: more would shrink the cells below reading size on a laptop screen. */
export const MATRIX_COLUMNS_PER_CHART = 10;

/** Why a property has no verdict in a run (properties/propertyIds.ts JudgedVerdict). */
export type Unjudged = 'not applicable' | 'not exercised';

/** One column: a scenario that ran (verdicts) or could not be run (error). */
export type MatrixColumn =
  | {
      readonly scenario: string;
      readonly verdicts: Readonly<Record<PropertyId, Verdict>>;
      readonly expected: Expectations;
      readonly matches: boolean;
      /** First violation per failed property (or why one is not applicable), for the hover text. */
      readonly firstViolation?: Readonly<Partial<Record<PropertyId, string>>>;
      /** Properties the run gave no verdict: not applicable, or not exercised. */
      readonly unjudged?: Readonly<Partial<Record<PropertyId, Unjudged>>>;
    }
  | { readonly scenario: string; readonly error: string };

/**
 * Verdict against expectation: expected pass and passed → pass; expected fail and failed → caught (the
 * attack was detected, as the scenario says it must be); expected pass but failed → fail; expected fail
 * but passed → missed. With no expectation the cell shows the bare verdict in lower case; with no
 * verdict at all (not applicable) it is skipped.
 */
export function matrixCell(verdict: Verdict | undefined, expected: JudgedVerdict | undefined, href: string, violation?: string, unjudged: Unjudged = 'not applicable'): MatrixCell {
  // No verdict: not applicable (the engine lacks a capability, or the run is outside the promise) or not exercised; never a pass.
  if (verdict === undefined) {
    const text = unjudged === 'not applicable' ? 'n/a' : 'n/e';
    const why = unjudged === 'not applicable' ? `not applicable${violation === undefined ? '' : `: ${violation}`}` : 'not exercised: the run gave the judge nothing to judge';
    if (expected === undefined || expected === unjudged) return { status: 'skip', text, href, note: expected === undefined ? why : `${why}, as the scenario expects` };
    return { status: 'fail', text, href, note: `expected ${expected}, but ${why}` };
  }
  if (expected === 'not exercised' || expected === 'not applicable')
    return { status: 'fail', text: verdict === 'pass' ? 'held' : 'broke', href, note: `${verdict}, but the scenario expects ${expected}` };
  const note = violation === undefined ? undefined : violation;
  const base = (status: MatrixCell['status'], text: string | undefined, why: string): MatrixCell => ({
    status,
    ...(text === undefined ? {} : { text }),
    href,
    note: note === undefined ? why : `${why}: ${note}`,
  });
  if (expected === undefined) return base(verdict, verdict === 'pass' ? 'held' : 'broke', `${verdict}, no expectation set`);
  if (expected === 'pass') return verdict === 'pass' ? base('pass', undefined, 'held, as expected') : base('fail', undefined, 'broke, expected to hold');
  return verdict === 'fail' ? base('caught', undefined, 'broke, as the scenario expects (attack shown)') : base('missed', undefined, 'held, but the scenario expects it to break');
}

function column(c: MatrixColumn, id: PropertyId): MatrixCell {
  const href = `${scenarioPageName(c.scenario)}.html`;
  if ('error' in c) return { status: 'error', href, note: c.error };
  return matrixCell(c.verdicts[id] as Verdict | undefined, c.expected[id], href, c.firstViolation?.[id], c.unjudged?.[id]);
}

export function propertyMatrixChart(columns: readonly MatrixColumn[], properties: readonly PropertyId[] = PROPERTY_IDS, title = 'Property × scenario'): MatrixChartSpec {
  return {
    type: 'matrix',
    title,
    description: 'Each cell is one property judged over one scenario run, read against the verdict the scenario expects. Cells link to the scenario timeline.',
    rowLabel: 'property',
    columnLabel: 'scenario',
    rows: [...properties],
    columns: columns.map((c) => c.scenario),
    cells: properties.map((p) => columns.map((c) => column(c, p))),
  };
}

function scenarioTable(columns: readonly MatrixColumn[]): BundleCell[][] {
  return columns.map((c) => {
    const link = { text: c.scenario, href: `${scenarioPageName(c.scenario)}.html` };
    if ('error' in c) return [link, 'ERROR', c.error];
    const unmet = PROPERTY_IDS.filter((p) => c.expected[p] !== undefined && c.expected[p] !== c.verdicts[p]);
    const failed = PROPERTY_IDS.filter((p) => c.verdicts[p] === 'fail');
    return [link, c.matches ? '✓ as expected' : `✗ ${unmet.join(', ')}`, failed.length === 0 ? 'none' : failed.join(', ')];
  });
}

/** The matrix cut into charts of MATRIX_COLUMNS_PER_CHART scenarios each, in library order. */
function matrixCharts(columns: readonly MatrixColumn[]): BundleSection[] {
  const charts: BundleSection[] = [];
  for (let i = 0; i < Math.max(1, columns.length); i += MATRIX_COLUMNS_PER_CHART) {
    const part = columns.slice(i, i + MATRIX_COLUMNS_PER_CHART);
    const range = columns.length <= MATRIX_COLUMNS_PER_CHART ? '' : ` (scenarios ${i + 1}–${i + part.length} of ${columns.length})`;
    charts.push({ kind: 'chart', id: `matrix-${i / MATRIX_COLUMNS_PER_CHART + 1}`, title: `Matrix${range}`, chart: propertyMatrixChart(part, PROPERTY_IDS, `Property × scenario${range}`) });
  }
  return charts;
}

export function propertyMatrixBundle(columns: readonly MatrixColumn[]): ReportBundle {
  const ran = columns.filter((c) => !('error' in c));
  const ok = ran.filter((c) => 'matches' in c && c.matches).length;
  const errors = columns.length - ran.length;
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Property × scenario matrix',
    subtitle: `${columns.length} scenario runs, ${PROPERTY_IDS.length} properties`,
    summary: [
      `**${ok} of ${columns.length}** scenarios ended exactly as their files expect${errors > 0 ? `; **${errors}** could not be run` : ''}.`,
      '',
      'How to read a cell: **PASS** — the property held, as expected. **CAUGHT** — the property broke, as the scenario expects: the harness shows the attack. **FAIL** — it broke although it should hold. **MISSED** — it held although the scenario expects it to break. Lower-case *held* / *broke* — the scenario sets no expectation for that property. Click a cell for the scenario timeline.',
    ].join('\n'),
    meta: [
      { label: 'scenarios', value: String(columns.length) },
      { label: 'as expected', value: String(ok) },
    ],
    sections: [
      ...matrixCharts(columns),
      { kind: 'table', id: 'scenarios', title: 'Scenarios', columns: [{ label: 'Scenario' }, { label: 'Against expectations' }, { label: 'Properties that broke' }], rows: scenarioTable(columns) },
    ],
  };
}
