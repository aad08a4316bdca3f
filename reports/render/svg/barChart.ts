// Single-series bar chart: one labelled bar per category with its value printed above it.
// Drawn by the grouped bar chart with one series and no legend, so both share one layout.

import type { NumberFormat } from '../format.ts';
import { renderGroupedBarChart, type RenderOptions } from './groupedBarChart.ts';
import type { ScaleKind } from './scale.ts';

interface Bar {
  readonly label: string;
  readonly value: number | null;
}

export interface BarChartSpec {
  readonly type: 'bar';
  readonly title: string;
  readonly description?: string;
  readonly bars: readonly Bar[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly yFormat?: NumberFormat;
  readonly yScale?: ScaleKind;
  readonly valueLabels?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** Renders the chart as a standalone SVG string. */
export function renderBarChart(spec: BarChartSpec, options: RenderOptions = {}): string {
  const { bars, type: _type, ...rest } = spec;
  return renderGroupedBarChart({ ...rest, type: 'grouped-bar', categories: bars.map((b) => b.label), series: [{ name: spec.yLabel ?? 'value', values: bars.map((b) => b.value) }] }, options, false);
}
