// Grouped bar chart as Vega-Lite: categories along x, one bar per series in each category (xOffset),
// a numeric y axis (linear or log) in whole units, a legend, and value labels so the figures read
// without colour. The single-series bar chart (barChart.ts) is this chart with one series and no legend.
import type { TopLevelSpec } from 'vega-lite';
import { formatAs, type NumberFormat } from '../format.ts';
import { allIntegers, drawable, labelAt, labelExpr, logAxis } from './axisFormat.ts';
import { seriesColour } from './palette.ts';
import { frame } from './theme.ts';

export type ScaleKind = 'linear' | 'log';

interface BarSeries {
  readonly name: string;
  /** One value per category; null (or a non-finite number) draws no bar. */
  readonly values: readonly (number | null)[];
}

export interface GroupedBarChartSpec {
  readonly type: 'grouped-bar';
  readonly title: string;
  readonly description?: string;
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly yFormat?: NumberFormat;
  readonly yScale?: ScaleKind;
  /** Print each bar's value above it (default: when there are at most VALUE_LABELS_MAX bars). */
  readonly valueLabels?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export interface RenderOptions {
  /** Unique per page; used for the ids inside the SVG. */
  readonly idPrefix?: string;
}

const WIDTH_DEFAULT = 720;
const HEIGHT_DEFAULT = 360;
/** Above this many bars, value labels would overlap: the data table under the chart carries them. */
const VALUE_LABELS_MAX = 24;

/** The Vega-Lite spec of a grouped (or, with showLegend false, single-series) bar chart. */
export function groupedBarVegaLite(spec: GroupedBarChartSpec, showLegend = true): TopLevelSpec {
  const fmt = spec.yFormat ?? 'number';
  const log = spec.yScale === 'log';
  const rows = spec.categories.flatMap((category, ci) =>
    spec.series.flatMap((s, si) => {
      const v = s.values[ci];
      if (!drawable(v) || (log && v <= 0)) return [];
      return [{ ci, si, category, series: s.name, value: v, text: formatAs(v, fmt) }];
    }),
  );
  const values = rows.map((r) => r.value);
  const labels = spec.valueLabels ?? rows.length <= VALUE_LABELS_MAX;
  const width = Math.max(160, (spec.width ?? WIDTH_DEFAULT) - 110);
  const height = Math.max(100, (spec.height ?? HEIGHT_DEFAULT) - 150);
  const logged = logAxis(values, fmt);
  const yAxis = {
    title: spec.yLabel ?? null,
    labelExpr: labelExpr(fmt),
    ...(log ? { values: logged.ticks } : allIntegers(values) ? { tickMinStep: 1 } : {}),
  };
  const yScale = log ? { type: 'log' as const, domain: logged.domain } : values.length === 0 ? { domain: [0, 1] } : { zero: true };
  const names = spec.series.map((s) => s.name);
  const seriesIndex = names.map((_, i) => i);
  const x = {
    field: 'ci',
    type: 'ordinal' as const,
    scale: { domain: spec.categories.map((_, i) => i) },
    title: spec.xLabel ?? null,
    axis: { labelAngle: spec.categories.some((c) => c.length > 12) ? -30 : 0, labelLimit: 0, labelExpr: labelAt(spec.categories, 80) },
  };
  const y = { field: 'value', type: 'quantitative' as const, scale: yScale, axis: yAxis };
  const offset = names.length > 1 ? { xOffset: { field: 'si', type: 'ordinal' as const, scale: { domain: seriesIndex } } } : {};
  const colour = {
    field: 'si',
    type: 'ordinal' as const,
    scale: { domain: seriesIndex, range: names.map((_, i) => seriesColour(i)) },
    legend: showLegend && names.length > 1 ? { title: null, labelExpr: labelAt(names) } : null,
  };
  return {
    ...frame(spec.title),
    width,
    height,
    data: { values: rows },
    layer: [
      { mark: { type: 'bar' }, encoding: { x, y, ...offset, color: colour } },
      ...(labels ? [{ mark: { type: 'text' as const, dy: -6, fontSize: 10 }, encoding: { x, y, ...offset, text: { field: 'text', type: 'nominal' as const } } }] : []),
      ...(rows.length === 0 ? [{ data: { values: [{ t: 'no data' }] }, mark: { type: 'text' as const, color: '#57606a' }, encoding: { text: { field: 't', type: 'nominal' as const } } }] : []),
    ],
  } as TopLevelSpec;
}
