// The property matrix, one page: a chart of variants × properties (each cell the worst reading over
// that variant's scenarios), the properties by ID, name and promise, and one table of every scenario ×
// every property (a row per scenario, linking to its timeline page, with each property's verdict read
// against the scenario's expectation, grouped by reading). Scenario names are long and properties
// many, so the scenarios are rows of a table whose readings wrap, never labels or columns of a chart,
// and nothing is cut or split (docs/reports.md). Pure: run outcomes in, bundle out.
import { PROPERTY_IDS, type Expectations, type JudgedVerdict, type PropertyId, type Verdict } from '../../scenarios/types.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type ReportBundle } from '../render/bundle.ts';
import type { MatrixChartSpec } from '../render/svg/chart.ts';
import { propertyName, propertyPromise } from './propertyNames.ts';
import { scenarioPageName } from './scenarioPage.ts';

type MatrixCell = NonNullable<MatrixChartSpec['cells'][number][number]>;

/** Why a property has no verdict in a run (properties/propertyIds.ts JudgedVerdict). */
export type Unjudged = 'not applicable' | 'not exercised';

/** One scenario of the matrix: one that ran (verdicts) or could not be run (error). */
export type MatrixColumn =
  | {
      readonly scenario: string;
      /** The protocol variant the scenario ran (reference or a weak variant). */
      readonly variant: string;
      readonly verdicts: Readonly<Record<PropertyId, Verdict>>;
      readonly expected: Expectations;
      readonly matches: boolean;
      /** First violation per failed property (or why one is not applicable), for the hover text. */
      readonly firstViolation?: Readonly<Partial<Record<PropertyId, string>>>;
      /** Properties the run gave no verdict: not applicable, or not exercised. */
      readonly unjudged?: Readonly<Partial<Record<PropertyId, Unjudged>>>;
    }
  | { readonly scenario: string; readonly variant?: string; readonly error: string };

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
  if (expected === undefined) return base(verdict === 'pass' ? 'held' : 'broke', undefined, `${verdict}, no expectation set`);
  if (expected === 'pass') return verdict === 'pass' ? base('pass', undefined, 'held, as expected') : base('fail', undefined, 'broke, expected to hold');
  return verdict === 'fail' ? base('caught', undefined, 'broke, as the scenario expects (attack shown)') : base('missed', undefined, 'held, but the scenario expects it to break');
}

function column(c: MatrixColumn, id: PropertyId): MatrixCell {
  const href = `${scenarioPageName(c.scenario)}.html`;
  if ('error' in c) return { status: 'error', href, note: c.error };
  return matrixCell(c.verdicts[id] as Verdict | undefined, c.expected[id], href, c.firstViolation?.[id], c.unjudged?.[id]);
}

/** A scenario whose file could not be loaded has no known variant. */
const UNKNOWN_VARIANT = 'unknown variant';

function variantOf(c: MatrixColumn): string {
  return c.variant ?? UNKNOWN_VARIANT;
}

/** Worst first: a reading lower in this list never hides one higher up. */
const SEVERITY: readonly MatrixCell['status'][] = ['error', 'fail', 'missed', 'caught', 'broke', 'pass', 'held', 'skip'];

const WORD: Readonly<Record<MatrixCell['status'], string>> = { error: 'ERROR', fail: 'FAIL', missed: 'MISSED', caught: 'CAUGHT', broke: 'broke', pass: 'PASS', held: 'held', skip: 'n/a' };

/** The reference first, then the other variants by name, a scenario of unknown variant last. */
function variantsOf(columns: readonly MatrixColumn[]): string[] {
  const rank = (v: string): number => (v === 'reference' ? 0 : v === UNKNOWN_VARIANT ? 2 : 1);
  return [...new Set(columns.map(variantOf))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * One variant × property cell: the worst reading over the variant's scenarios, and how many of the
 * scenarios that judged the property read so (`FAIL 1/4`: one of the four that judged it failed);
 * `n/a k/k` when none judged it. The hover text counts every reading.
 */
function variantCell(scenarios: readonly MatrixColumn[], id: PropertyId): MatrixCell {
  const cells = scenarios.map((c) => column(c, id));
  const worst = SEVERITY.find((s) => cells.some((c) => c.status === s)) ?? 'skip';
  const count = cells.filter((c) => c.status === worst).length;
  const judged = worst === 'skip' ? cells.length : cells.filter((c) => c.status !== 'skip').length;
  const tally = SEVERITY.flatMap((s) => {
    const n = cells.filter((c) => c.status === s).length;
    return n === 0 ? [] : [`${n} ${s === 'skip' ? 'without a verdict (not applicable or not exercised)' : WORD[s]}`];
  });
  return { status: worst, text: `${WORD[worst]} ${count}/${judged}`, note: `${scenarios.length} scenario(s): ${tally.join(', ')}` };
}

/** Variants × properties: rows are the variants (short names), columns the property IDs. */
export function variantMatrixChart(columns: readonly MatrixColumn[], properties: readonly PropertyId[] = PROPERTY_IDS): MatrixChartSpec {
  const variants = variantsOf(columns);
  return {
    type: 'matrix',
    title: 'Variants × properties',
    description: 'Each cell is the worst reading of one property over every scenario that ran that variant, with how many scenarios read so; the table below has each scenario.',
    rowLabel: 'variant',
    columnLabel: 'property',
    rows: variants,
    columns: [...properties],
    cells: variants.map((v) => {
      const scenarios = columns.filter((c) => variantOf(c) === v);
      return properties.map((p) => variantCell(scenarios, p));
    }),
  };
}

/** A scenario × property reading as a word: PASS, CAUGHT, ✗ FAIL, ✗ MISSED, held, broke, n/a, n/e, ✗ ERROR. */
function readingWord(c: MatrixColumn, id: PropertyId): string {
  const cell = column(c, id);
  const word = cell.text ?? WORD[cell.status];
  return cell.status === 'fail' || cell.status === 'missed' || cell.status === 'error' ? `✗ ${word}` : word;
}

/** Readings listed worst first, then in this order; any other word after them. */
const READING_ORDER = ['✗ ERROR', '✗ FAIL', '✗ MISSED', '✗ broke', '✗ held', '✗ n/a', '✗ n/e', 'CAUGHT', 'PASS', 'broke', 'held', 'n/a', 'n/e'];

/**
 * Every property's reading on one scenario, grouped by reading, each group naming its property IDs in
 * full (`✗ FAIL: SEC-FS · CAUGHT: SEC-MITM · PASS: SEC-INTEGRITY, SEC-PQ · n/e: …`): the whole row of
 * the scenario × property matrix, in a form that fits the page whatever the number of properties.
 */
export function readingsText(c: MatrixColumn): string {
  if ('error' in c) return `✗ ERROR: every property (${c.error})`;
  const groups = new Map<string, PropertyId[]>();
  for (const id of PROPERTY_IDS) {
    const word = readingWord(c, id);
    groups.set(word, [...(groups.get(word) ?? []), id]);
  }
  const rank = (w: string): number => (READING_ORDER.includes(w) ? READING_ORDER.indexOf(w) : READING_ORDER.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([word, ids]) => `${word}: ${ids.join(', ')}`)
    .join(' · ');
}

function expectationCell(c: MatrixColumn): BundleCell {
  if ('error' in c) return `ERROR: ${c.error}`;
  const unmet = PROPERTY_IDS.filter((p) => c.expected[p] !== undefined && c.expected[p] !== c.verdicts[p]);
  return c.matches ? '✓ as expected' : `✗ ${unmet.join(', ')}`;
}

export function propertyMatrixBundle(columns: readonly MatrixColumn[]): ReportBundle {
  const ran = columns.filter((c) => !('error' in c));
  const ok = ran.filter((c) => 'matches' in c && c.matches).length;
  const errors = columns.length - ran.length;
  const variants = variantsOf(columns);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Property matrix',
    subtitle: `${PROPERTY_IDS.length} properties × ${variants.length} variants × ${columns.length} scenario runs`,
    summary: [
      `**${ok} of ${columns.length}** scenarios ended exactly as their files expect${errors > 0 ? `; **${errors}** could not be run` : ''}.`,
      '',
      "How to read a cell: **PASS** — the property held, as expected. **CAUGHT** — the property broke, as the scenario expects: the harness shows the attack. **FAIL** — it broke although it should hold. **MISSED** — it held although the scenario expects it to break. Lower-case *held* / *broke* — the scenario sets no expectation for that property; *n/a* not applicable, *n/e* not exercised (never a pass). Each cell of the scenario table links to that scenario's timeline.",
    ].join('\n'),
    meta: [
      { label: 'scenarios', value: String(columns.length) },
      { label: 'as expected', value: String(ok) },
      { label: 'variants', value: String(variants.length) },
    ],
    sections: [
      {
        kind: 'chart',
        id: 'variants',
        title: 'Variants × properties',
        caption:
          'A cell is the worst reading of the property over the variant’s scenarios (error, fail, missed, caught, broke, pass, held), and how many of the scenarios that judged it read so; n/a when none judged it. The table below has every scenario.',
        chart: variantMatrixChart(columns),
      },
      {
        kind: 'table',
        id: 'properties',
        title: 'Properties',
        columns: [{ label: 'ID' }, { label: 'Property' }, { label: 'Promise' }],
        rows: PROPERTY_IDS.map((id): BundleCell[] => [id, propertyName(id), propertyPromise(id)]),
      },
      {
        kind: 'table',
        id: 'scenarios',
        title: 'Scenarios × properties',
        caption:
          'One row per scenario run (the name links to its timeline): its variant, whether it ended as its file expects, and the reading of every property, grouped by reading and worst first, each property named by its full ID.',
        columns: [{ label: 'Scenario' }, { label: 'Variant' }, { label: 'Against expectations' }, { label: 'Every property' }],
        rows: columns.map((c): BundleCell[] => [{ text: c.scenario, href: `${scenarioPageName(c.scenario)}.html` }, variantOf(c), expectationCell(c), readingsText(c)]),
      },
    ],
  };
}
