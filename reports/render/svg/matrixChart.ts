// Pass/fail matrix (e.g. property × variant): one cell per (row, column) with a fill colour AND a text label
// (PASS, FAIL, CAUGHT, …) so it reads in greyscale; cells may link to a counterexample scenario file.

import { safeHref } from '../escape.ts';
import type { RenderOptions } from './groupedBarChart.ts';
import { legend } from './legend.ts';
import { el, FONT_SIZE, num, svgDocument, textEl, textWidth, tooltip, truncate } from './markup.ts';

/**
 * pass / fail: the property held / did not hold. caught / missed: for a weak variant that should fail,
 * the property did fail (good) / did not (the harness missed it). skip / error: not run / crashed.
 */
export type MatrixStatus = 'pass' | 'fail' | 'caught' | 'missed' | 'skip' | 'error';

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
  skip: { fill: '#F2F2F2', ink: '#57606A', word: '– SKIP', legend: 'skip: not run' },
  error: { fill: '#3D3D3D', ink: '#FFFFFF', word: '! ERROR', legend: 'error: the run crashed' },
};

const CELL_HEIGHT = 26;
const CELL_WIDTH_MIN = 78;
/** Cell texts are cut to this many characters (plus the status symbol). */
const CELL_TEXT_MAX = 12;

/** Renders the matrix as a standalone SVG string. */
export function renderMatrixChart(spec: MatrixChartSpec, options: RenderOptions = {}): string {
  const rowLabels = spec.rows.map((r) => truncate(r));
  const colLabels = spec.columns.map((c) => truncate(c));
  const left = 16 + Math.max(60, ...rowLabels.map((l) => textWidth(l))) + 10;
  const cellWidth = Math.max(CELL_WIDTH_MIN, ...spec.cells.flat().map((c) => (c ? textWidth(cellText(c)) + 14 : 0)));
  const headerHeight = Math.max(40, ...colLabels.map((l) => textWidth(l) * 0.72 + 20));
  const top = 40 + (spec.columnLabel ? 18 : 0) + headerHeight;
  const gridWidth = cellWidth * spec.columns.length;
  const width = Math.max(360, left + gridWidth + headerHeight * 0.72 + 24);
  const parts: string[] = [];
  if (spec.columnLabel) parts.push(textEl({ x: left, y: 54, class: 'muted' }, truncate(spec.columnLabel, 60), spec.columnLabel));
  if (spec.rowLabel) parts.push(textEl({ x: 16, y: top - 8, class: 'muted' }, truncate(spec.rowLabel, 24), spec.rowLabel));
  spec.columns.forEach((column, ci) => {
    const x = left + cellWidth * (ci + 0.5);
    parts.push(textEl({ x, y: top - 6, transform: `rotate(-40 ${num(x)} ${num(top - 6)})` }, colLabels[ci] ?? '', column));
  });
  spec.rows.forEach((row, ri) => {
    const y = top + CELL_HEIGHT * ri;
    parts.push(textEl({ x: left - 10, y: y + CELL_HEIGHT / 2 + 4, 'text-anchor': 'end' }, rowLabels[ri] ?? '', row));
    spec.columns.forEach((column, ci) => parts.push(cell(spec.cells[ri]?.[ci] ?? null, left + cellWidth * ci, y, cellWidth, `${row} × ${column}`)));
  });
  const used = (Object.keys(STATUS_STYLES) as MatrixStatus[]).filter((s) => spec.cells.some((r) => r.some((c) => c?.status === s)));
  const gridBottom = top + CELL_HEIGHT * spec.rows.length;
  const lg = legend(
    used.map((s) => ({ label: STATUS_STYLES[s].legend, colour: STATUS_STYLES[s].fill, shape: 'bar' as const })),
    16,
    gridBottom + 12,
    width - 32,
    60,
  );
  const doc = { width, height: gridBottom + 20 + lg.height, title: spec.title, idPrefix: options.idPrefix ?? 'chart' };
  return svgDocument(spec.description === undefined ? doc : { ...doc, description: spec.description }, [...parts, lg.markup]);
}

function cellText(c: MatrixCell): string {
  const style = STATUS_STYLES[c.status];
  return c.text === undefined ? style.word : `${style.word.slice(0, 1)} ${truncate(c.text, CELL_TEXT_MAX)}`;
}

function cell(c: MatrixCell | null, x: number, y: number, w: number, where: string): string {
  const frame = { x, y, width: w, height: CELL_HEIGHT, stroke: '#ffffff', 'stroke-width': 2 };
  if (c === null) return el('rect', { ...frame, fill: '#ffffff', stroke: '#d0d7de', 'stroke-width': 1 });
  const style = STATUS_STYLES[c.status];
  const tip = tooltip(`${where}: ${c.status}${c.note ? ` — ${c.note}` : ''}`);
  const label = textEl(
    { x: x + w / 2, y: y + CELL_HEIGHT / 2 + FONT_SIZE / 3, 'text-anchor': 'middle', style: `fill:${style.ink};font-weight:${c.status === 'fail' || c.status === 'missed' ? 700 : 400}` },
    cellText(c),
  );
  const body = el('g', { class: `cell cell-${c.status}` }, tip, el('rect', { ...frame, fill: style.fill }), label);
  return c.href === undefined ? body : el('a', { href: safeHref(c.href) }, body);
}
