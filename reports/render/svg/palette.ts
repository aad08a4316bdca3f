// Colours and marker shapes for the charts. Series colours are the Okabe–Ito colour-blind-safe set;
// every colour is paired with a shape, a dash or a text label so a chart still reads in greyscale or print.

/** Okabe–Ito colours (yellow left out: too light on white). */
const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'] as const;

/** Vega symbol shapes, cycled with the colours so that series differ in greyscale too. */
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-left'] as const;

const at = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length] as T;

/** The colour of the i-th series (cycles). */
export function seriesColour(i: number): string {
  return at(SERIES_COLOURS, i);
}

/** The marker shape of the i-th series (cycles). */
export function seriesShape(i: number): string {
  return at(SHAPES, i);
}

/** Highlight colour for the events that matter most (seizures). */
export const HIGHLIGHT = '#C62828';
/** Text and rules. */
export const INK = '#1f2328';
export const MUTED = '#57606a';
export const GRID = '#d0d7de';

/** Sorted, distinct values: colours and shapes depend only on the set of kinds, never on their order. */
export function sortedKinds(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
