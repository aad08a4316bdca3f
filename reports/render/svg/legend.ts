// Chart legends: a row of (marker, label) entries that wraps to the chart width.
// Markers carry both colour and shape so entries stay distinct in greyscale.

import { el, FONT_SIZE, LABEL_CHARS_MAX, textEl, textWidth, truncate } from './markup.ts';
import { marker, type MarkerShape } from './palette.ts';

export interface LegendEntry {
  readonly label: string;
  readonly colour: string;
  readonly shape: MarkerShape | 'bar' | 'span';
}

export interface Legend {
  readonly markup: string;
  readonly height: number;
}

/** Row height of a legend line in px. */
const LEGEND_ROW_PX = 18;

/** Lays entries out left to right from (x, y), wrapping within `width`. */
export function legend(entries: readonly LegendEntry[], x: number, y: number, width: number, maxChars = LABEL_CHARS_MAX): Legend {
  if (entries.length === 0) return { markup: '', height: 0 };
  const parts: string[] = [];
  let cx = x;
  let row = 0;
  for (const entry of entries) {
    const label = truncate(entry.label, maxChars);
    const w = 22 + textWidth(label) + 14;
    if (cx > x && cx + w > x + width) {
      cx = x;
      row += 1;
    }
    const cy = y + row * LEGEND_ROW_PX + LEGEND_ROW_PX / 2;
    parts.push(swatch(entry, cx + 8, cy));
    parts.push(textEl({ x: cx + 20, y: cy + FONT_SIZE / 3 }, label, entry.label));
    cx += w;
  }
  return { markup: el('g', { class: 'legend' }, ...parts), height: (row + 1) * LEGEND_ROW_PX };
}

function swatch(entry: LegendEntry, x: number, y: number): string {
  if (entry.shape === 'bar') return el('rect', { x: x - 6, y: y - 6, width: 12, height: 12, fill: entry.colour });
  if (entry.shape === 'span') {
    return el('rect', { x: x - 8, y: y - 4, width: 16, height: 8, fill: entry.colour, 'fill-opacity': 0.35, stroke: entry.colour });
  }
  return marker(entry.shape, x, y, 5, entry.colour);
}
