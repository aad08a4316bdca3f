// Line chart: numeric x and y axes, each linear or logarithmic (throughput vs message size, cost vs group
// size), one line per series with a distinct marker shape, a legend, and a tooltip on every point.

import { formatAs, type NumberFormat } from '../format.ts';
import { xAxis, yAxis } from './axes.ts';
import type { RenderOptions } from './groupedBarChart.ts';
import { legend } from './legend.ts';
import { el, num, svgDocument, textEl, textWidth, tooltip } from './markup.ts';
import { marker, seriesColour, seriesShape } from './palette.ts';
import { makeScale, type ScaleKind } from './scale.ts';

interface LinePoint {
  readonly x: number;
  readonly y: number;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly LinePoint[];
}

export interface LineChartSpec {
  readonly type: 'line';
  readonly title: string;
  readonly description?: string;
  readonly series: readonly LineSeries[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly xScale?: ScaleKind;
  readonly yScale?: ScaleKind;
  readonly xFormat?: NumberFormat;
  readonly yFormat?: NumberFormat;
  readonly width?: number;
  readonly height?: number;
}

const WIDTH_DEFAULT = 720;
const PLOT_HEIGHT_DEFAULT = 280;

/** Points a scale can place: finite, and positive on a log axis. Sorted by x for a readable line. */
function placeable(points: readonly LinePoint[], xLog: boolean, yLog: boolean): LinePoint[] {
  return points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!xLog || p.x > 0) && (!yLog || p.y > 0))
    .slice()
    .sort((a, b) => a.x - b.x || a.y - b.y);
}

function extent(values: readonly number[], log: boolean): [number, number] {
  if (values.length === 0) return log ? [1, 10] : [0, 1];
  return [Math.min(...values), Math.max(...values)];
}

/** Renders the chart as a standalone SVG string. */
export function renderLineChart(spec: LineChartSpec, options: RenderOptions = {}): string {
  const xKind = spec.xScale ?? 'linear';
  const yKind = spec.yScale ?? 'linear';
  const xFmt = spec.xFormat ?? 'number';
  const yFmt = spec.yFormat ?? 'number';
  const series = spec.series.map((s) => ({ name: s.name, points: placeable(s.points, xKind === 'log', yKind === 'log') }));
  const all = series.flatMap((s) => s.points);
  const [xLo, xHi] = extent(
    all.map((p) => p.x),
    xKind === 'log',
  );
  const [yLo0, yHi] = extent(
    all.map((p) => p.y),
    yKind === 'log',
  );
  const yLo = yKind === 'linear' ? Math.min(0, yLo0) : yLo0;
  const width = Math.max(240, spec.width ?? WIDTH_DEFAULT);
  const probe = makeScale(yKind, yLo, yHi, 0, 1, yFmt);
  const left = Math.max(56, Math.max(0, ...probe.ticks.map((t) => textWidth(t.label))) + 36);
  const lg = legend(
    series.map((s, i) => ({ label: s.name, colour: seriesColour(i), shape: seriesShape(i) })),
    left,
    30,
    width - left - 16,
  );
  const top = 36 + lg.height + (lg.height > 0 ? 8 : 0);
  const bottom = top + Math.max(80, (spec.height ?? PLOT_HEIGHT_DEFAULT + top + 70) - top - 70);
  const area = { left, top, right: width - 24, bottom };
  const xs = makeScale(xKind, xLo, xHi, area.left, area.right, xFmt);
  const ys = makeScale(yKind, yLo, yHi, area.bottom, area.top, yFmt);
  const lines = series.map((s, i) => {
    const colour = seriesColour(i);
    const d = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${num(xs.map(p.x))} ${num(ys.map(p.y))}`).join('');
    const path = s.points.length > 1 ? el('path', { d, fill: 'none', stroke: colour, 'stroke-width': 2 }) : '';
    const marks = s.points.map((p) => marker(seriesShape(i), xs.map(p.x), ys.map(p.y), 4, colour, tooltip(`${s.name}: ${formatAs(p.x, xFmt)} → ${formatAs(p.y, yFmt)}`)));
    return el('g', { class: 'series' }, path, ...marks);
  });
  const empty = all.length === 0 ? textEl({ x: (left + area.right) / 2, y: (top + bottom) / 2, 'text-anchor': 'middle', class: 'muted' }, 'no data') : '';
  const height = bottom + (spec.xLabel ? 56 : 34);
  const doc = { width, height, title: spec.title, idPrefix: options.idPrefix ?? 'chart' };
  return svgDocument(spec.description === undefined ? doc : { ...doc, description: spec.description }, [lg.markup, yAxis(ys, area, spec.yLabel), xAxis(xs, area, spec.xLabel), ...lines, empty]);
}
