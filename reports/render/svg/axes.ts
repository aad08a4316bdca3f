// Axes for the charts: a numeric y axis with grid lines, a numeric x axis, and a categorical x axis whose
// labels rotate when they would collide. Each returns SVG markup; labels are escaped and cut if too long.

import { el, FONT_SIZE, num, textEl, textWidth, truncate } from './markup.ts';
import type { Scale } from './scale.ts';

export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Tick mark length in px. */
const TICK_PX = 5;

/** Left-hand numeric axis with horizontal grid lines across the plot and a rotated axis title. */
export function yAxis(scale: Scale, area: PlotArea, label: string | undefined): string {
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    const y = scale.map(tick.value);
    parts.push(el('line', { class: 'grid', x1: area.left, x2: area.right, y1: y, y2: y }));
    parts.push(el('line', { x1: area.left - TICK_PX, x2: area.left, y1: y, y2: y }));
    parts.push(textEl({ x: area.left - TICK_PX - 3, y: y + 4, 'text-anchor': 'end' }, tick.label));
  }
  parts.push(el('line', { x1: area.left, x2: area.left, y1: area.top, y2: area.bottom }));
  if (label !== undefined && label !== '') {
    const cy = (area.top + area.bottom) / 2;
    parts.push(textEl({ transform: `translate(14 ${num(cy)}) rotate(-90)`, 'text-anchor': 'middle' }, truncate(label, 48), label));
  }
  return el('g', { class: 'axis y-axis' }, ...parts);
}

/** Bottom numeric axis with ticks and a centred axis title. */
export function xAxis(scale: Scale, area: PlotArea, label: string | undefined): string {
  const parts: string[] = [el('line', { x1: area.left, x2: area.right, y1: area.bottom, y2: area.bottom })];
  for (const tick of scale.ticks) {
    const x = scale.map(tick.value);
    parts.push(el('line', { x1: x, x2: x, y1: area.bottom, y2: area.bottom + TICK_PX }));
    parts.push(textEl({ x, y: area.bottom + TICK_PX + FONT_SIZE + 2, 'text-anchor': 'middle' }, tick.label));
  }
  parts.push(axisTitle(area, label, 2 * FONT_SIZE + TICK_PX + 14));
  return el('g', { class: 'axis x-axis' }, ...parts);
}

function axisTitle(area: PlotArea, label: string | undefined, below: number): string {
  if (label === undefined || label === '') return '';
  return textEl({ x: (area.left + area.right) / 2, y: area.bottom + below, 'text-anchor': 'middle' }, truncate(label, 64), label);
}

/** Room (px) that category labels need below the axis: rotated labels need more. */
export function bandLabelHeight(labels: readonly string[], bandPx: number): number {
  const widest = Math.max(0, ...labels.map((l) => textWidth(truncate(l))));
  return widest + 8 > bandPx ? Math.min(widest, textWidth('x'.repeat(28))) * 0.72 + FONT_SIZE + 8 : FONT_SIZE + 10;
}

/** Bottom categorical axis: one label per band centre, rotated −45° when labels are wider than a band. */
export function bandAxis(labels: readonly string[], centres: readonly number[], bandPx: number, area: PlotArea, title: string | undefined): string {
  const widest = Math.max(0, ...labels.map((l) => textWidth(truncate(l))));
  const rotate = widest + 8 > bandPx;
  const parts: string[] = [el('line', { x1: area.left, x2: area.right, y1: area.bottom, y2: area.bottom })];
  labels.forEach((label, i) => {
    const x = centres[i] ?? area.left;
    const y = area.bottom + TICK_PX + FONT_SIZE + 1;
    const attrs = rotate ? { x, y, 'text-anchor': 'end', transform: `rotate(-45 ${num(x)} ${num(y)})` } : { x, y, 'text-anchor': 'middle' };
    parts.push(el('line', { x1: x, x2: x, y1: area.bottom, y2: area.bottom + TICK_PX }));
    parts.push(textEl(attrs, truncate(label), label));
  });
  parts.push(axisTitle(area, title, bandLabelHeight(labels, bandPx) + 16));
  return el('g', { class: 'axis x-axis' }, ...parts);
}
