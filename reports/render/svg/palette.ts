// Colours and marker shapes for the charts. Series colours are the Okabe–Ito colour-blind-safe set;
// every colour is paired with a shape or a text label so a chart still reads in greyscale or print.

import { el, num } from './markup.ts';

/** Okabe–Ito colours (yellow left out: too light on white). */
const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'] as const;

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

/** The colour of the i-th series (cycles). */
export function seriesColour(i: number): string {
  return SERIES_COLOURS[((i % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length] ?? '#000000';
}

/** The marker shape of the i-th series (cycles), so series differ in greyscale too. */
export function seriesShape(i: number): MarkerShape {
  return SHAPES[((i % SHAPES.length) + SHAPES.length) % SHAPES.length] ?? 'circle';
}

/** Highlight colour for events that matter most (seizures). */
export const HIGHLIGHT = '#C62828';

/** A marker of `shape` centred on (x, y) with radius r. `extra` holds children such as a <title>. */
export function marker(shape: MarkerShape, x: number, y: number, r: number, colour: string, extra = ''): string {
  const children = extra === '' ? [] : [extra];
  switch (shape) {
    case 'circle':
      return el('circle', { cx: x, cy: y, r, fill: colour, stroke: '#ffffff', 'stroke-width': 1 }, ...children);
    case 'square':
      return el('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: colour, stroke: '#ffffff', 'stroke-width': 1 }, ...children);
    case 'triangle':
      return el('path', { d: `M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y + r)}L${num(x - r)} ${num(y + r)}Z`, fill: colour }, ...children);
    case 'diamond':
      return el('path', { d: `M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r)}L${num(x - r)} ${num(y)}Z`, fill: colour }, ...children);
    case 'cross':
      return el(
        'path',
        {
          d: `M${num(x - r)} ${num(y - r)}L${num(x + r)} ${num(y + r)}M${num(x + r)} ${num(y - r)}L${num(x - r)} ${num(y + r)}`,
          stroke: colour,
          'stroke-width': 2.5,
          fill: 'none',
        },
        ...children,
      );
  }
}
