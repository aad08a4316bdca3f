// Single-series bar chart: one labelled bar per category with its value printed above it.
// Drawn as the grouped bar chart with one series and no legend, so both share one Vega-Lite spec.
import type { TopLevelSpec } from 'vega-lite';
import type { NumberFormat } from '../format.ts';
import { groupedBarVegaLite, type ScaleKind } from './groupedBarChart.ts';

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

/** The Vega-Lite spec of the bar chart. */
export function barVegaLite(spec: BarChartSpec): TopLevelSpec {
  const { bars, type: _type, ...rest } = spec;
  return groupedBarVegaLite({ ...rest, type: 'grouped-bar', categories: bars.map((b) => b.label), series: [{ name: spec.yLabel ?? 'value', values: bars.map((b) => b.value) }] }, false);
}
