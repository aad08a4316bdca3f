// One entry point for every chart kind: a ChartSpec is plain JSON (what report bundles store, in the
// producers' own words), and renderChart translates it to Vega-Lite (one module per kind) and renders
// that to SVG. New chart kinds add a member to the union, a module and a case here.
import type { TopLevelSpec } from 'vega-lite';
import { barVegaLite, type BarChartSpec } from './barChart.ts';
import { groupedBarVegaLite, type GroupedBarChartSpec, type RenderOptions } from './groupedBarChart.ts';
import { lineVegaLite, type LineChartSpec } from './lineChart.ts';
import { matrixHrefs, matrixVegaLite, type MatrixChartSpec } from './matrixChart.ts';
import { timelineVegaLite, type TimelineChartSpec } from './timelineChart.ts';
import { renderVegaLite } from './vegaRender.ts';

export type ChartSpec = BarChartSpec | GroupedBarChartSpec | LineChartSpec | MatrixChartSpec | TimelineChartSpec;

/** The Vega-Lite spec a chart spec is drawn from. */
export function chartVegaLite(spec: ChartSpec): TopLevelSpec {
  switch (spec.type) {
    case 'bar':
      return barVegaLite(spec);
    case 'grouped-bar':
      return groupedBarVegaLite(spec);
    case 'line':
      return lineVegaLite(spec);
    case 'matrix':
      return matrixVegaLite(spec);
    case 'timeline':
      return timelineVegaLite(spec);
  }
}

/** Renders any chart spec to a standalone SVG string; the same spec gives the same bytes. */
export function renderChart(spec: ChartSpec, options: RenderOptions = {}): string {
  const meta = { idPrefix: options.idPrefix ?? 'chart', title: spec.title, hrefs: spec.type === 'matrix' ? matrixHrefs(spec) : [] };
  return renderVegaLite(chartVegaLite(spec), spec.description === undefined ? meta : { ...meta, description: spec.description });
}

export type { LineChartSpec, MatrixChartSpec, RenderOptions, TimelineChartSpec };
