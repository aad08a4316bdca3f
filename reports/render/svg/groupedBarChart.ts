// Grouped bar chart: categories along x, one bar per series in each category, a numeric y axis (linear or
// log), a legend, and value labels so the figures read without colour. Also draws the single-series bar chart.

import { formatAs, type NumberFormat } from '../format.ts';
import { bandAxis, bandLabelHeight, yAxis, type PlotArea } from './axes.ts';
import { legend } from './legend.ts';
import { el, FONT_SIZE, svgDocument, textEl, textWidth, tooltip } from './markup.ts';
import { seriesColour } from './palette.ts';
import { makeScale, type ScaleKind } from './scale.ts';

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
  /** Unique per page; used for the ids behind aria-labelledby. */
  readonly idPrefix?: string;
}

/** Default chart size in px. */
const WIDTH_DEFAULT = 720;
const PLOT_HEIGHT_DEFAULT = 260;
/** Above this many bars, value labels would overlap: they are left to the tooltips. */
const VALUE_LABELS_MAX = 24;

interface Layout {
  readonly width: number;
  readonly area: PlotArea;
  readonly legendMarkup: string;
  readonly height: number;
}

function finiteValues(series: readonly BarSeries[], log: boolean): number[] {
  return series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v) && (!log || v > 0)));
}

function layout(spec: GroupedBarChartSpec, showLegend: boolean, tickWidth: number): Layout {
  const width = Math.max(240, spec.width ?? WIDTH_DEFAULT);
  const left = Math.max(56, tickWidth + 36);
  const plotWidth = width - left - 16;
  const band = plotWidth / Math.max(1, spec.categories.length);
  const lg = showLegend
    ? legend(
        spec.series.map((s, i) => ({ label: s.name, colour: seriesColour(i), shape: 'bar' as const })),
        left,
        30,
        plotWidth,
      )
    : null;
  const legendHeight = lg?.height ?? 0;
  const top = 36 + legendHeight + (legendHeight > 0 ? 8 : 0);
  const plotHeight = Math.max(80, (spec.height ?? PLOT_HEIGHT_DEFAULT + top + 60) - top - 60);
  const bottom = top + plotHeight;
  const below = bandLabelHeight(spec.categories, band) + (spec.xLabel ? 28 : 8);
  return { width, area: { left, top, right: width - 16, bottom }, legendMarkup: lg?.markup ?? '', height: bottom + below };
}

/** Renders the chart as a standalone SVG string. */
export function renderGroupedBarChart(spec: GroupedBarChartSpec, options: RenderOptions = {}, showLegend = true): string {
  const fmt = spec.yFormat ?? 'number';
  const kind = spec.yScale ?? 'linear';
  const values = finiteValues(spec.series, kind === 'log');
  const lo = kind === 'log' ? Math.min(...values, 1) : Math.min(0, ...values);
  const hi = kind === 'log' ? Math.max(...values, 10) : Math.max(0, ...values);
  const probe = makeScale(kind, lo, hi, 0, 1, fmt);
  const tickWidth = Math.max(0, ...probe.ticks.map((t) => textWidth(t.label)));
  const lay = layout(spec, showLegend, tickWidth);
  const scale = makeScale(kind, lo, hi, lay.area.bottom, lay.area.top, fmt);
  const band = (lay.area.right - lay.area.left) / Math.max(1, spec.categories.length);
  const centres = spec.categories.map((_, i) => lay.area.left + band * (i + 0.5));
  const bars = drawBars(spec, scale.map, kind === 'log' ? scale.domain[0] : 0, band, lay.area, fmt);
  const empty = values.length === 0 ? textEl({ x: (lay.area.left + lay.area.right) / 2, y: (lay.area.top + lay.area.bottom) / 2, 'text-anchor': 'middle', class: 'muted' }, 'no data') : '';
  const doc = { width: lay.width, height: lay.height, title: spec.title, idPrefix: options.idPrefix ?? 'chart' };
  return svgDocument(spec.description === undefined ? doc : { ...doc, description: spec.description }, [
    lay.legendMarkup,
    yAxis(scale, lay.area, spec.yLabel),
    bandAxis(spec.categories, centres, band, lay.area, spec.xLabel),
    bars,
    empty,
  ]);
}

function drawBars(spec: GroupedBarChartSpec, map: (v: number) => number, base: number, band: number, area: PlotArea, fmt: NumberFormat): string {
  const n = Math.max(1, spec.series.length);
  const barWidth = (band * 0.8) / n;
  const total = spec.categories.length * n;
  const labels = spec.valueLabels ?? total <= VALUE_LABELS_MAX;
  const y0 = Math.min(area.bottom, Math.max(area.top, map(base)));
  const parts: string[] = [];
  spec.categories.forEach((category, ci) => {
    spec.series.forEach((series, si) => {
      const v = series.values[ci];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const x = area.left + band * ci + band * 0.1 + barWidth * si;
      const y = Math.min(area.bottom, Math.max(area.top, map(v)));
      const tip = tooltip(`${category} — ${series.name}: ${formatAs(v, fmt)}`);
      const rect = { x, y: Math.min(y, y0), width: Math.max(1, barWidth - 1), height: Math.max(1, Math.abs(y0 - y)), fill: seriesColour(si) };
      parts.push(el('rect', rect, tip));
      if (labels) {
        const ly = v >= base ? Math.min(y, y0) - 3 : Math.max(y, y0) + FONT_SIZE;
        parts.push(textEl({ x: x + barWidth / 2, y: ly, 'text-anchor': 'middle', class: 'small' }, formatAs(v, fmt)));
      }
    });
  });
  return el('g', { class: 'bars' }, ...parts);
}
