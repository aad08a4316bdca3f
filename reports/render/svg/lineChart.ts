// Line chart as Vega-Lite: numeric x and y axes, each linear or logarithmic (throughput vs message size,
// cost vs group size), one line per series with its own colour and marker shape, and, where a point
// carries its spread (low–high, e.g. the interval its samples fell in), a bar through the point.
// Baseline series (libsignal, raw AEAD) are dashed so they read as the yardstick beside the others.
import type { TopLevelSpec } from 'vega-lite';
import { formatAs, type NumberFormat } from '../format.ts';
import { allIntegers, drawable, labelAt, labelExpr, logAxis } from './axisFormat.ts';
import type { ScaleKind } from './groupedBarChart.ts';
import { seriesColour, seriesShape } from './palette.ts';
import { frame } from './theme.ts';

interface LinePoint {
  readonly x: number;
  readonly y: number;
  /** The spread around y (e.g. the interval the samples fell in); both or neither. */
  readonly low?: number;
  readonly high?: number;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly LinePoint[];
  /** A yardstick drawn beside the others (dashed): libsignal, raw AEAD. */
  readonly baseline?: boolean;
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
  /** What the spread bars show, for the legend line under the title (e.g. "bars: median ± MAD"). */
  readonly spreadLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

const WIDTH_DEFAULT = 720;
const HEIGHT_DEFAULT = 420;

const placeable = (v: number | undefined, log: boolean): v is number => drawable(v) && (!log || v > 0);

interface Row {
  readonly si: number;
  readonly x: number;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
  readonly text: string;
}

function axisFor(values: readonly number[], kind: ScaleKind, fmt: NumberFormat, title: string | undefined): { scale: object; axis: object } {
  if (kind === 'log') {
    const { ticks, domain } = logAxis(values, fmt);
    return { scale: { type: 'log', domain, nice: false }, axis: { title: title ?? null, values: ticks, labelExpr: labelExpr(fmt) } };
  }
  return {
    scale: values.length === 0 ? { domain: [0, 1] } : { zero: false, nice: true },
    axis: { title: title ?? null, labelExpr: labelExpr(fmt), ...(allIntegers(values) ? { tickMinStep: 1 } : {}) },
  };
}

/** The Vega-Lite spec of the line chart. */
export function lineVegaLite(spec: LineChartSpec): TopLevelSpec {
  const xLog = spec.xScale === 'log';
  const yLog = spec.yScale === 'log';
  const xFmt = spec.xFormat ?? 'number';
  const yFmt = spec.yFormat ?? 'number';
  const rows: Row[] = spec.series.flatMap((s, si) =>
    s.points
      .filter((p) => placeable(p.x, xLog) && placeable(p.y, yLog))
      .slice()
      .sort((a, b) => a.x - b.x || a.y - b.y)
      .map((p): Row => {
        const spread = placeable(p.low, yLog) && placeable(p.high, yLog) ? { low: Math.min(p.low, p.y), high: Math.max(p.high, p.y) } : undefined;
        const range = spread === undefined ? '' : ` (${formatAs(spread.low, yFmt)}–${formatAs(spread.high, yFmt)})`;
        return { si, x: p.x, y: p.y, ...(spread ?? {}), text: `${formatAs(p.x, xFmt)}: ${formatAs(p.y, yFmt)}${range}` };
      }),
  );
  const names = spec.series.map((s) => s.name);
  const index = names.map((_, i) => i);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    ...axisFor(
      rows.map((r) => r.x),
      xLog ? 'log' : 'linear',
      xFmt,
      spec.xLabel,
    ),
  };
  const yValues = rows.flatMap((r) => [r.y, ...(r.low === undefined || r.high === undefined ? [] : [r.low, r.high])]);
  const y = { field: 'y', type: 'quantitative' as const, ...axisFor(yValues, yLog ? 'log' : 'linear', yFmt, spec.yLabel) };
  const legend = { title: null, columns: 3, labelLimit: 400, symbolOpacity: 1, labelExpr: labelAt(spec.series.map((s) => (s.baseline === true ? `${s.name} (baseline)` : s.name))) };
  const colour = { field: 'si', type: 'ordinal' as const, scale: { domain: index, range: names.map((_, i) => seriesColour(i)) }, legend };
  const shape = { field: 'si', type: 'ordinal' as const, scale: { domain: index, range: names.map((_, i) => seriesShape(i)) }, legend };
  const dash = { field: 'si', type: 'ordinal' as const, scale: { domain: index, range: spec.series.map((s) => (s.baseline === true ? [6, 4] : [1, 0])) }, legend: null };
  const spread = rows.filter((r) => r.low !== undefined);
  return {
    ...frame(spec.title),
    ...(spec.spreadLabel === undefined || spread.length === 0 ? {} : { title: { text: spec.title, subtitle: spec.spreadLabel } }),
    width: Math.max(160, (spec.width ?? WIDTH_DEFAULT) - 110),
    height: Math.max(100, (spec.height ?? HEIGHT_DEFAULT) - 170),
    data: { values: rows },
    layer: [
      ...(spread.length === 0
        ? []
        : [
            // A shaded band joins the intervals of a series; a bar with caps marks each case's own.
            {
              transform: [{ filter: 'isValid(datum.low)' }],
              mark: { type: 'area' as const, opacity: 0.14 },
              encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: colour, detail: { field: 'si', type: 'ordinal' as const } },
            },
            {
              transform: [{ filter: 'isValid(datum.low)' }],
              mark: { type: 'errorbar' as const, ticks: { size: 8 }, thickness: 1.5 },
              encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: colour },
            },
          ]),
      { mark: { type: 'line' as const, strokeWidth: 2 }, encoding: { x, y, color: colour, strokeDash: dash, detail: { field: 'si', type: 'ordinal' as const } } },
      { mark: { type: 'point' as const, filled: true, size: 50, opacity: 1 }, encoding: { x, y, color: colour, shape, description: { field: 'text', type: 'nominal' as const } } },
      ...(rows.length === 0 ? [{ data: { values: [{ t: 'no data' }] }, mark: { type: 'text' as const, color: '#57606a' }, encoding: { text: { field: 't', type: 'nominal' as const } } }] : []),
    ],
  } as TopLevelSpec;
}
