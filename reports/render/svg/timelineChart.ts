// Timeline chart (scenario timeline): one lane per party, events as marks at their times, spans for
// offline / partition periods, and highlighted events (seizures) drawn as a red diamond with a guide line.

import { formatAs, type NumberFormat } from '../format.ts';
import { xAxis } from './axes.ts';
import type { RenderOptions } from './groupedBarChart.ts';
import { legend, type LegendEntry } from './legend.ts';
import { el, svgDocument, textEl, textWidth, tooltip, truncate } from './markup.ts';
import { HIGHLIGHT, marker, seriesColour, seriesShape } from './palette.ts';
import { linearScale } from './scale.ts';

interface TimelineLane {
  readonly id: string;
  readonly label: string;
}

interface TimelineSpan {
  readonly lane: string;
  readonly start: number;
  readonly end: number;
  /** e.g. "offline", "partition"; spans of one kind share a colour and a legend entry. */
  readonly kind: string;
  readonly label?: string;
}

interface TimelineEvent {
  readonly lane: string;
  readonly at: number;
  /** e.g. "send", "view", "warrant", "seize-phone"; events of one kind share a colour and shape. */
  readonly kind: string;
  readonly label?: string;
  /** Draw prominently (seizures): red diamond, guide line across all lanes, label above. */
  readonly highlight?: boolean;
}

export interface TimelineChartSpec {
  readonly type: 'timeline';
  readonly title: string;
  readonly description?: string;
  readonly lanes: readonly TimelineLane[];
  readonly spans?: readonly TimelineSpan[];
  readonly events: readonly TimelineEvent[];
  /** Time unit of `at`/`start`/`end`; default simulated milliseconds. */
  readonly timeFormat?: NumberFormat;
  readonly timeLabel?: string;
  readonly start?: number;
  readonly end?: number;
  readonly width?: number;
}

const WIDTH_DEFAULT = 880;
const LANE_HEIGHT = 34;
/** Highlighted events whose labels are drawn; more would overlap (the tooltip still carries each). */
const HIGHLIGHT_LABELS_MAX = 12;

/** Kinds in sorted order: colours and shapes depend only on the set of kinds, not on event order. */
function kindsOf(items: readonly { kind: string }[]): string[] {
  return [...new Set(items.map((i) => i.kind))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Renders the timeline as a standalone SVG string. */
export function renderTimelineChart(spec: TimelineChartSpec, options: RenderOptions = {}): string {
  const fmt = spec.timeFormat ?? 'duration-ms';
  const spans = (spec.spans ?? []).filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end));
  const events = spec.events.filter((e) => Number.isFinite(e.at));
  const times = [...events.map((e) => e.at), ...spans.flatMap((s) => [s.start, s.end])];
  const t0 = spec.start ?? (times.length > 0 ? Math.min(...times) : 0);
  const t1 = spec.end ?? (times.length > 0 ? Math.max(...times) : 1);
  const width = Math.max(320, spec.width ?? WIDTH_DEFAULT);
  const left = 16 + Math.max(60, ...spec.lanes.map((l) => textWidth(truncate(l.label)))) + 12;
  const eventKinds = kindsOf(events.filter((e) => e.highlight !== true));
  const spanKinds = kindsOf(spans);
  const entries: LegendEntry[] = [
    ...eventKinds.map((k, i) => ({ label: k, colour: seriesColour(i), shape: seriesShape(i) })),
    ...spanKinds.map((k, i) => ({ label: k, colour: seriesColour(i + 5), shape: 'span' as const })),
    ...(events.some((e) => e.highlight === true) ? [{ label: 'seizure / highlighted', colour: HIGHLIGHT, shape: 'diamond' as const }] : []),
  ];
  const lg = legend(entries, left, 30, width - left - 16);
  const top = 40 + lg.height + 18;
  const bottom = top + LANE_HEIGHT * Math.max(1, spec.lanes.length);
  const area = { left, top, right: width - 24, bottom };
  const scale = linearScale(Math.min(t0, t1), Math.max(t0, t1), area.left, area.right, fmt);
  const laneY = new Map(spec.lanes.map((l, i) => [l.id, top + LANE_HEIGHT * (i + 0.5)] as const));
  const body = [
    lanesMarkup(spec.lanes, area),
    ...spans.map((s) => spanMarkup(s, laneY.get(s.lane), scale.map, seriesColour(spanKinds.indexOf(s.kind) + 5), fmt)),
    ...events
      .filter((e) => e.highlight !== true)
      .map((e) => {
        const k = eventKinds.indexOf(e.kind);
        const y = laneY.get(e.lane);
        if (y === undefined) return '';
        return marker(seriesShape(k), scale.map(e.at), y, 5, seriesColour(k), tooltip(eventText(e, fmt)));
      }),
    highlights(
      events.filter((e) => e.highlight === true),
      laneY,
      scale.map,
      area,
      fmt,
    ),
    xAxis(scale, area, spec.timeLabel ?? 'simulated time'),
  ];
  const doc = { width, height: bottom + 60, title: spec.title, idPrefix: options.idPrefix ?? 'chart' };
  return svgDocument(spec.description === undefined ? doc : { ...doc, description: spec.description }, [lg.markup, ...body]);
}

function eventText(e: TimelineEvent, fmt: NumberFormat): string {
  return `${formatAs(e.at, fmt)} — ${e.kind}${e.label ? `: ${e.label}` : ''}`;
}

function lanesMarkup(lanes: readonly TimelineLane[], area: { left: number; right: number; top: number }): string {
  const parts = lanes.map((lane, i) => {
    const y = area.top + LANE_HEIGHT * i;
    const band = el('rect', { x: area.left, y, width: area.right - area.left, height: LANE_HEIGHT, fill: i % 2 === 0 ? '#F6F8FA' : '#FFFFFF' });
    const mid = el('line', { class: 'grid', x1: area.left, x2: area.right, y1: y + LANE_HEIGHT / 2, y2: y + LANE_HEIGHT / 2 });
    const label = textEl({ x: area.left - 10, y: y + LANE_HEIGHT / 2 + 4, 'text-anchor': 'end' }, truncate(lane.label), lane.label);
    return band + mid + label;
  });
  return el('g', { class: 'lanes' }, ...parts);
}

function spanMarkup(s: TimelineSpan, y: number | undefined, map: (t: number) => number, colour: string, fmt: NumberFormat): string {
  if (y === undefined) return '';
  const x0 = map(Math.min(s.start, s.end));
  const x1 = map(Math.max(s.start, s.end));
  const tip = tooltip(`${formatAs(s.start, fmt)} – ${formatAs(s.end, fmt)}: ${s.kind}${s.label ? ` (${s.label})` : ''}`);
  const rect = { x: x0, y: y - LANE_HEIGHT / 2 + 5, width: Math.max(2, x1 - x0), height: LANE_HEIGHT - 10, fill: colour, 'fill-opacity': 0.3, stroke: colour, 'stroke-dasharray': '4 2' };
  const text = x1 - x0 > textWidth(s.kind) + 8 ? textEl({ x: x0 + 4, y: y + 4, class: 'small' }, truncate(s.label ?? s.kind, Math.floor((x1 - x0 - 8) / 6))) : '';
  return el('g', { class: 'span' }, el('rect', rect, tip), text);
}

function highlights(
  events: readonly TimelineEvent[],
  laneY: ReadonlyMap<string, number>,
  map: (t: number) => number,
  area: { top: number; bottom: number; left: number; right: number },
  fmt: NumberFormat,
): string {
  const parts = events.map((e, i) => {
    const y = laneY.get(e.lane);
    if (y === undefined) return '';
    const x = map(e.at);
    const guide = el('line', { x1: x, x2: x, y1: area.top - 4, y2: area.bottom, stroke: HIGHLIGHT, 'stroke-width': 1.5, 'stroke-dasharray': '5 3' });
    const mark = marker('diamond', x, y, 8, HIGHLIGHT, tooltip(eventText(e, fmt)));
    const text = truncate(e.label ?? e.kind, 20);
    const half = textWidth(text, 10) / 2;
    const lx = Math.max(area.left + half, Math.min(area.right + 20 - half, x));
    const label = i < HIGHLIGHT_LABELS_MAX ? textEl({ x: lx, y: area.top - 8, 'text-anchor': 'middle', class: 'small', style: `fill:${HIGHLIGHT};font-weight:700` }, text, e.label ?? e.kind) : '';
    return guide + mark + label;
  });
  return el('g', { class: 'highlights' }, ...parts);
}
