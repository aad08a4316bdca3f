// The look every chart shares (fonts, sizes, colours of axes and grids, legends), as a Vega-Lite config,
// and the top-level spec fields each chart module adds to its own: background, padding, autosize.
import type { Config } from 'vega-lite';
import { CHART_FONT } from './vegaRender.ts';
import { GRID, INK, MUTED } from './palette.ts';

const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: '#ffffff',
  view: { stroke: null },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start', color: INK, offset: 10, subtitleColor: MUTED, subtitleFontSize: 11 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, labelColor: INK, titleColor: INK, domainColor: MUTED, tickColor: MUTED, gridColor: GRID, gridDash: [2, 3], labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelColor: INK, titleColor: INK, labelLimit: 260, orient: 'top', direction: 'horizontal', columns: 4, symbolSize: 90 },
  text: { color: INK, fontSize: 11 },
};

/** Fields every top-level chart spec carries. */
export function frame(title: string): { readonly $schema: string; readonly title: string; readonly config: Config; readonly padding: number; readonly autosize: { readonly type: 'pad' } } {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, config: CHART_CONFIG, padding: 12, autosize: { type: 'pad' } };
}
