// Pass/fail matrix (e.g. property × variant) as Vega-Lite: one cell per (row, column) with a fill colour
// AND a text label (PASS, FAIL, CAUGHT, …) so it reads in greyscale; cells may link to a counterexample
// scenario file or a timeline page.
import type { TopLevelSpec } from 'vega-lite';
import { labelAt } from './axisFormat.ts';
import { frame } from './theme.ts';

/**
 * pass / fail: the property held / did not hold. caught / missed: for a weak variant that should fail,
 * the property did fail (good) / did not (the harness missed it). held / broke: it held / did not where
 * no expectation was set (a reading, not a verdict on the harness). skip / error: not run / crashed.
 */
export type MatrixStatus = 'pass' | 'fail' | 'caught' | 'missed' | 'held' | 'broke' | 'skip' | 'error';

interface MatrixCell {
  readonly status: MatrixStatus;
  /** Replaces the status word in the cell (kept short: a few characters). */
  readonly text?: string;
  /** Link, e.g. to the counterexample scenario file. */
  readonly href?: string;
  /** Hover text. */
  readonly note?: string;
}

export interface MatrixChartSpec {
  readonly type: 'matrix';
  readonly title: string;
  readonly description?: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[row][column]; a missing or null cell is drawn empty. */
  readonly cells: readonly (readonly (MatrixCell | null)[])[];
  readonly rowLabel?: string;
  readonly columnLabel?: string;
}

interface StatusStyle {
  readonly fill: string;
  readonly ink: string;
  readonly word: string;
  readonly legend: string;
}

/** Fills differ in lightness as well as hue; the word in the cell carries the meaning on its own. */
export const STATUS_STYLES: Readonly<Record<MatrixStatus, StatusStyle>> = {
  pass: { fill: '#DCF1E3', ink: '#0B5D2A', word: '✓ PASS', legend: 'pass: the property held' },
  fail: { fill: '#B3261E', ink: '#FFFFFF', word: '✗ FAIL', legend: 'fail: the property broke' },
  caught: { fill: '#D6E6F5', ink: '#0B3C6B', word: '✓ CAUGHT', legend: 'caught: weak variant failed as expected' },
  missed: { fill: '#7A1712', ink: '#FFFFFF', word: '✗ MISSED', legend: 'missed: weak variant passed unnoticed' },
  held: { fill: '#EEF5F0', ink: '#3B5D46', word: '· held', legend: 'held: no expectation set' },
  broke: { fill: '#FBEBD0', ink: '#6B4A0B', word: '△ broke', legend: 'broke: no expectation set' },
  skip: { fill: '#F2F2F2', ink: '#57606A', word: '– SKIP', legend: 'skip: not run' },
  error: { fill: '#3D3D3D', ink: '#FFFFFF', word: '! ERROR', legend: 'error: the run crashed' },
};

const STATUSES = Object.keys(STATUS_STYLES) as MatrixStatus[];
/** Cell texts are cut to this many characters (plus the status symbol). */
const CELL_TEXT_MAX = 12;
const CELL_HEIGHT = 26;
/** Px per character of cell text (11 px font), for the cell width. */
const CHAR_PX = 7;

const cut = (text: string, max: number): string => {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
};

/** The text drawn in a cell: the status word, or its symbol and the cell's own short text. */
function cellText(c: MatrixCell): string {
  const style = STATUS_STYLES[c.status];
  return c.text === undefined ? style.word : `${style.word.slice(0, 1)} ${cut(c.text, CELL_TEXT_MAX)}`;
}

/** The links the matrix's cells carry (for the renderer). */
export function matrixHrefs(spec: MatrixChartSpec): string[] {
  return spec.cells.flatMap((r) => r.flatMap((c) => (c?.href === undefined ? [] : [c.href])));
}

/** The Vega-Lite spec of the matrix. Rows and columns are told apart by index, so repeated labels keep their own cells. */
export function matrixVegaLite(spec: MatrixChartSpec): TopLevelSpec {
  const cells = spec.rows.flatMap((row, ri) =>
    spec.columns.flatMap((column, ci) => {
      const c = spec.cells[ri]?.[ci] ?? null;
      if (c === null) return [];
      return [
        {
          r: ri,
          c: ci,
          status: c.status,
          text: cellText(c),
          bold: c.status === 'fail' || c.status === 'missed' ? 700 : 400,
          where: `${row} × ${column}: ${c.status}${c.note ? ` — ${c.note}` : ''}`,
          ...(c.href === undefined ? {} : { href: c.href }),
        },
      ];
    }),
  );
  const used = STATUSES.filter((s) => cells.some((c) => c.status === s));
  const width = Math.max(78, ...cells.map((c) => Array.from(c.text).length * CHAR_PX + 16));
  const x = {
    field: 'c',
    type: 'ordinal' as const,
    scale: { domain: spec.columns.map((_, i) => i), paddingInner: 0.06 },
    axis: { orient: 'top' as const, labelAngle: -40, labelAlign: 'left' as const, title: spec.columnLabel ?? null, labelExpr: labelAt(spec.columns, 80), labelLimit: 0, domain: false, ticks: false },
  };
  const y = {
    field: 'r',
    type: 'ordinal' as const,
    scale: { domain: spec.rows.map((_, i) => i), paddingInner: 0.08 },
    axis: {
      title: spec.rowLabel ?? null,
      labelExpr: labelAt(spec.rows, 80),
      labelLimit: 0,
      domain: false,
      ticks: false,
      titleAngle: 0,
      titleAlign: 'right' as const,
      titleAnchor: 'start' as const,
      titleY: -8,
    },
  };
  const fill = {
    field: 'status',
    type: 'nominal' as const,
    scale: { domain: used, range: used.map((s) => STATUS_STYLES[s].fill) },
    legend: {
      title: null,
      orient: 'bottom' as const,
      columns: 2,
      labelLimit: 400,
      labelExpr: `${JSON.stringify(Object.fromEntries(used.map((s) => [s, STATUS_STYLES[s].legend])))}[datum.label]`,
      symbolType: 'square',
      symbolStrokeColor: '#57606a',
      symbolStrokeWidth: 0.5,
    },
  };
  const ink = { field: 'status', type: 'nominal' as const, scale: { domain: used, range: used.map((s) => STATUS_STYLES[s].ink) }, legend: null };
  return {
    ...frame(spec.title),
    width: { step: width },
    height: { step: CELL_HEIGHT },
    data: { values: cells },
    layer: [
      { mark: { type: 'rect' as const }, encoding: { x, y, color: fill, description: { field: 'where', type: 'nominal' as const } } },
      ...[400, 700].map((weight) => ({
        transform: [{ filter: `datum.bold == ${weight}` }],
        mark: { type: 'text' as const, fontSize: 11, fontWeight: weight, aria: false },
        encoding: { x, y, text: { field: 'text', type: 'nominal' as const }, color: ink },
      })),
      // Linked cells: a clear cell on top carries the link, so the fill and the word both click through.
      { transform: [{ filter: 'isValid(datum.href)' }], mark: { type: 'rect' as const, fillOpacity: 0, fill: '#ffffff', aria: false }, encoding: { x, y, href: { field: 'href' } } },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
