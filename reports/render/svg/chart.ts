// One entry point for every chart kind: a ChartSpec is plain JSON (what report bundles store), and
// renderChart dispatches on its `type`. New chart kinds add a member to the union and a case here.

import { renderBarChart, type BarChartSpec } from './barChart.ts';
import { renderGroupedBarChart, type GroupedBarChartSpec, type RenderOptions } from './groupedBarChart.ts';
import { renderLineChart, type LineChartSpec } from './lineChart.ts';
import { renderMatrixChart, type MatrixChartSpec } from './matrixChart.ts';
import { renderTimelineChart, type TimelineChartSpec } from './timelineChart.ts';

export type ChartSpec = BarChartSpec | GroupedBarChartSpec | LineChartSpec | MatrixChartSpec | TimelineChartSpec;

/** Renders any chart spec to a standalone SVG string. */
export function renderChart(spec: ChartSpec, options: RenderOptions = {}): string {
  switch (spec.type) {
    case 'bar':
      return renderBarChart(spec, options);
    case 'grouped-bar':
      return renderGroupedBarChart(spec, options);
    case 'line':
      return renderLineChart(spec, options);
    case 'matrix':
      return renderMatrixChart(spec, options);
    case 'timeline':
      return renderTimelineChart(spec, options);
  }
}

export type { LineChartSpec, MatrixChartSpec, RenderOptions, TimelineChartSpec };
