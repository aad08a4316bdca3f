// Timeline chart (scenario timeline) as Vega-Lite: one lane per party, events as marks at their times,
// an arrow per message from the send on the sender's lane to its acceptance on the recipient's, drops
// and replays marked, spans for offline / partition / gag periods, and highlighted events (seizures)
// drawn as red diamonds with a guide line, numbered, and told in full under the title. The time axis
// is broken around the bursts of events (timeAxis.ts); positions are computed here in pixels, and the
// library draws the marks, the axes from the ticks given and the legends.
import type { TopLevelSpec } from 'vega-lite';
import { formatAs, type NumberFormat } from '../format.ts';
import { drawable, labelAt, literal } from './axisFormat.ts';
import { HIGHLIGHT, MUTED, seriesColour, seriesShape, sortedKinds } from './palette.ts';
import { frame } from './theme.ts';
import { brokenAxis, lengthText, sinceStart } from './timeAxis.ts';

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
  /** Draw prominently (seizures): red diamond, guide line across all lanes, numbered, told under the title. */
  readonly highlight?: boolean;
  /** Lines told with a highlighted event: what it took, what it opens. */
  readonly detail?: readonly string[];
}

/** How a link ends: at its `to` lane and time, or (no `toAt`) not at all. */
type LinkKind = 'message' | 'replay' | 'injected' | 'never arrived' | 'held back';

interface TimelineLink {
  readonly from: string;
  readonly fromAt: number;
  readonly to: string;
  /** When it was accepted (or refused); absent: it never arrived. */
  readonly toAt?: number;
  readonly kind: LinkKind;
  readonly label?: string;
}

export interface TimelineChartSpec {
  readonly type: 'timeline';
  readonly title: string;
  readonly description?: string;
  readonly lanes: readonly TimelineLane[];
  readonly spans?: readonly TimelineSpan[];
  readonly events: readonly TimelineEvent[];
  /** Arrows between lanes: one per message copy, replays and injections from the server's lane. */
  readonly links?: readonly TimelineLink[];
  /** Time unit of `at`/`start`/`end`; default simulated milliseconds. */
  readonly timeFormat?: NumberFormat;
  readonly timeLabel?: string;
  readonly start?: number;
  readonly end?: number;
  readonly width?: number;
}

const WIDTH_DEFAULT = 940;
const LANE_HEIGHT = 36;
/** Where an arrow that never arrived stops, px right of its start. */
const STUB_PX = 16;
/** Highlighted events told under the title; more would crowd it (the data table lists all). */
const HIGHLIGHTS_TOLD_MAX = 10;
/** Characters per line of a told highlight: Vega sizes the chart by its own estimate of text width (0.8 em a character), not the browser's. */
const NOTE_CHARS = 100;

const LINK_STYLE: Readonly<Record<LinkKind, { readonly colour: string; readonly dash: readonly number[] }>> = {
  message: { colour: '#57606a', dash: [1, 0] },
  replay: { colour: '#D55E00', dash: [5, 3] },
  injected: { colour: '#CC79A7', dash: [5, 3] },
  'never arrived': { colour: '#B3261E', dash: [2, 2] },
  'held back': { colour: '#8c959f', dash: [2, 2] },
};

/**
 * Fixed marks for the kinds every run has, so a send looks the same on every page and kinds differ in
 * shape as well as colour; other kinds take the next free colour and shape.
 */
const KIND_STYLE: Readonly<Record<string, { readonly colour: string; readonly shape: string }>> = {
  send: { colour: '#0072B2', shape: 'circle' },
  deliver: { colour: '#009E73', shape: 'square' },
  view: { colour: '#E69F00', shape: 'triangle-up' },
  expire: { colour: '#E69F00', shape: 'triangle-down' },
  refuse: { colour: '#D55E00', shape: 'cross' },
  store: { colour: '#56B4E9', shape: 'square' },
  erase: { colour: '#56B4E9', shape: 'triangle-down' },
  inject: { colour: '#CC79A7', shape: 'triangle-up' },
  attack: { colour: '#CC79A7', shape: 'circle' },
  backup: { colour: '#8c959f', shape: 'square' },
  warrant: { colour: '#000000', shape: 'square' },
  return: { colour: '#000000', shape: 'triangle-up' },
  notification: { colour: '#000000', shape: 'circle' },
};

const within = (v: number, lo: number, hi: number): boolean => Number.isFinite(v) && v >= lo && v <= hi;

function wrap(text: string, chars: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > chars) {
      out.push(line);
      line = `   ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out;
}

/** The numbered highlights ("S1", "S2"…) in time order, for the marks and the notes. */
function highlightsOf(spec: TimelineChartSpec): { readonly tag: string; readonly event: TimelineEvent }[] {
  return spec.events
    .filter((e) => e.highlight === true && Number.isFinite(e.at))
    .slice()
    .sort((a, b) => a.at - b.at)
    .map((event, i) => ({ tag: `S${i + 1}`, event }));
}

/** The Vega-Lite spec of the timeline. */
export function timelineVegaLite(spec: TimelineChartSpec): TopLevelSpec {
  const fmt = spec.timeFormat ?? 'duration-ms';
  const spans = (spec.spans ?? []).filter((s) => drawable(s.start) && drawable(s.end));
  const events = spec.events.filter((e) => drawable(e.at));
  const links = (spec.links ?? []).filter((l) => drawable(l.fromAt) && (l.toAt === undefined || drawable(l.toAt)));
  const times = [...events.map((e) => e.at), ...spans.flatMap((s) => [s.start, s.end]), ...links.flatMap((l) => [l.fromAt, ...(l.toAt === undefined ? [] : [l.toAt])])];
  const t0 = drawable(spec.start) ? spec.start : times.length > 0 ? Math.min(...times) : 0;
  const t1 = drawable(spec.end) ? spec.end : times.length > 0 ? Math.max(...times) : 1;
  const heavy = events.filter((e) => e.highlight === true).map((e) => e.at);
  const axis = brokenAxis(times, Math.min(t0, t1), Math.max(t0, t1), Math.max(320, (spec.width ?? WIDTH_DEFAULT) - 130), heavy);
  const laneIndex = new Map(spec.lanes.map((l, i) => [l.id, i] as const));
  const laneY = (lane: string): number | undefined => {
    const i = laneIndex.get(lane);
    return i === undefined ? undefined : (i + 0.5) * LANE_HEIGHT;
  };
  const height = LANE_HEIGHT * Math.max(1, spec.lanes.length);
  const inWindow = (t: number): boolean => within(t, Math.min(t0, t1), Math.max(t0, t1));
  const when = (t: number): string => (fmt === 'duration-ms' ? `T+${sinceStart(t, 1)}` : formatAs(t, fmt));

  const bands = spec.lanes.map((l, i) => ({ y: i * LANE_HEIGHT, y2: (i + 1) * LANE_HEIGHT, fill: i % 2 === 0 ? '#F6F8FA' : '#FFFFFF', lane: l.label }));
  const gapRows = axis.gaps.map((g) => ({ x: g.x0, x2: g.x1, mid: (g.x0 + g.x1) / 2, text: `// ${lengthText(g.endMs - g.startMs)} skipped` }));
  const spanKinds = sortedKinds(spans.map((s) => s.kind));
  const spanRows = spans.flatMap((s) => {
    const y = laneY(s.lane);
    if (y === undefined) return [];
    const x = axis.x(Math.min(s.start, s.end));
    const x2 = Math.max(x + 2, axis.x(Math.max(s.start, s.end)));
    return [
      {
        x,
        x2,
        y: y - LANE_HEIGHT / 2 + 5,
        y2: y + LANE_HEIGHT / 2 - 5,
        k: spanKinds.indexOf(s.kind),
        text: x2 - x > 60 ? (s.label ?? s.kind) : '',
        tx: x + 4,
        ty: y,
        what: `${when(s.start)} – ${when(s.end)}: ${s.kind}${s.label ? ` (${s.label})` : ''}`,
      },
    ];
  });
  const linkKinds = (Object.keys(LINK_STYLE) as LinkKind[]).filter((k) => links.some((l) => l.kind === k));
  const linkRows = links.flatMap((l) => {
    const y = laneY(l.from);
    const y2 = laneY(l.to);
    if (y === undefined || y2 === undefined || !inWindow(l.fromAt)) return [];
    const x = axis.x(l.fromAt);
    const arrived = l.toAt !== undefined && inWindow(l.toAt);
    const x2 = arrived && l.toAt !== undefined ? axis.x(l.toAt) : x + STUB_PX;
    const yEnd = arrived ? y2 : y + (y2 - y) * 0.6;
    const angle = (Math.atan2(yEnd - y, x2 - x) * 180) / Math.PI;
    return [{ x, y, x2, y2: yEnd, kind: l.kind, angle: Math.round(angle * 10) / 10, end: arrived ? 'triangle-right' : 'cross', what: `${l.kind}: ${l.label ?? ''}` }];
  });
  const eventKinds = sortedKinds(events.map((e) => e.kind));
  const highlightKinds = new Set(events.filter((e) => e.highlight === true).map((e) => e.kind));
  const plainKinds = eventKinds.filter((k) => !highlightKinds.has(k));
  // Colours and shapes cycle at different points, so no two of up to 49 kinds share both.
  const styleOf = (i: number) => ({ colour: seriesColour(i), shape: seriesShape(i + Math.floor(i / 7)) });
  const otherKinds = plainKinds.filter((k) => !Object.hasOwn(KIND_STYLE, k));
  const eventStyle = eventKinds.map((k) =>
    highlightKinds.has(k) ? { colour: HIGHLIGHT, shape: 'diamond' } : Object.hasOwn(KIND_STYLE, k) ? (KIND_STYLE[k] ?? styleOf(0)) : styleOf(otherKinds.indexOf(k) + 1),
  );
  const eventRows = events.flatMap((e) => {
    const y = laneY(e.lane);
    if (y === undefined || !inWindow(e.at)) return [];
    return [{ x: axis.x(e.at), y, k: eventKinds.indexOf(e.kind), size: e.highlight === true ? 180 : 55, what: `${when(e.at)} — ${e.kind}${e.label ? `: ${e.label}` : ''}` }];
  });
  const told = highlightsOf(spec).filter((h) => inWindow(h.event.at) && laneY(h.event.lane) !== undefined);
  const guideRows = told.map((h) => ({ x: axis.x(h.event.at), tag: h.tag, y: (laneY(h.event.lane) ?? 0) - 13 }));
  const notes = told.slice(0, HIGHLIGHTS_TOLD_MAX).flatMap((h) => wrap(`${h.tag} ${when(h.event.at)} — ${[h.event.label ?? h.event.kind, ...(h.event.detail ?? [])].join('; ')}`, NOTE_CHARS));
  if (told.length > HIGHLIGHTS_TOLD_MAX) notes.push(`… ${told.length - HIGHLIGHTS_TOLD_MAX} more in the table below`);

  const x = (field: string) => ({ field, type: 'quantitative' as const, scale: { domain: [0, axis.width], nice: false, zero: false } });
  const y = (field: string) => ({ field, type: 'quantitative' as const, scale: { domain: [0, height], reverse: true, nice: false, zero: false } });
  const yAt = (value: number) => ({ datum: value, type: 'quantitative' as const, scale: y('y').scale });
  const xs = axis.ticks.map((t) => t.x);
  const xAxis = {
    ...x('x'),
    axis: {
      title: `${spec.timeLabel ?? 'simulated time'} since T+0 (//: quiet time skipped)`,
      values: xs,
      labelExpr: `[${axis.ticks.map((t) => literal(t.label)).join(',')}][indexof([${xs.join(',')}], datum.value)]`,
      grid: true,
      labelFontSize: 10,
      labelFlush: false,
      labelOverlap: false,
    },
  };
  const ys = spec.lanes.map((_, i) => (i + 0.5) * LANE_HEIGHT);
  const yAxis = {
    ...y('y'),
    axis: {
      title: null,
      values: ys,
      labelExpr: `[${spec.lanes.map((l) => literal(Array.from(l.label).slice(0, 28).join(''))).join(',')}][indexof([${ys.join(',')}], datum.value)]`,
      grid: false,
      ticks: false,
      domain: false,
      labelFontSize: 12,
      labelPadding: 8,
    },
  };
  const { field: _field, ...xAxisDatum } = xAxis;
  const eventIndex = eventKinds.map((_, i) => i);
  // Periods and arrows stack in one column each; events take four, so the legends fit under the lanes.
  const legend = (title: string, columns = 1) => ({ title, orient: 'bottom' as const, direction: 'horizontal' as const, columns, symbolOpacity: 1 });
  const eventLegend = { ...legend('events', 4), labelExpr: labelAt(eventKinds) };
  const text = (field: string) => ({ field, type: 'nominal' as const });
  const layers: object[] = [
    {
      data: { values: bands },
      mark: { type: 'rect' },
      encoding: { x: { ...xAxisDatum, datum: 0 }, x2: { datum: axis.width }, y: yAxis, y2: { field: 'y2' }, fill: { field: 'fill', type: 'nominal', scale: null } },
    },
    ...(gapRows.length === 0
      ? []
      : [
          { data: { values: gapRows }, mark: { type: 'rect', fill: '#EAEEF2' }, encoding: { x: x('x'), x2: { field: 'x2' }, y: yAt(0), y2: { datum: height } } },
          { data: { values: gapRows }, mark: { type: 'rule', color: MUTED, strokeDash: [3, 2] }, encoding: { x: x('x'), y: yAt(0), y2: { datum: height } } },
          { data: { values: gapRows }, mark: { type: 'rule', color: MUTED, strokeDash: [3, 2] }, encoding: { x: x('x2'), y: yAt(0), y2: { datum: height } } },
          { data: { values: gapRows }, mark: { type: 'text', angle: 270, fontSize: 10, color: MUTED, baseline: 'middle' }, encoding: { x: x('mid'), y: yAt(height / 2), text: text('text') } },
        ]),
    ...(spanRows.length === 0
      ? []
      : [
          {
            data: { values: spanRows },
            mark: { type: 'rect', opacity: 0.35, strokeDash: [4, 2], strokeWidth: 1 },
            encoding: {
              x: x('x'),
              x2: { field: 'x2' },
              y: y('y'),
              y2: { field: 'y2' },
              color: {
                field: 'k',
                type: 'ordinal',
                scale: { domain: spanKinds.map((_, i) => i), range: spanKinds.map((_, i) => seriesColour(i + 4)) },
                legend: { ...legend('periods'), labelExpr: labelAt(spanKinds) },
              },
              description: text('what'),
            },
          },
          { data: { values: spanRows }, mark: { type: 'text', align: 'left', fontSize: 10, color: MUTED, baseline: 'middle' }, encoding: { x: x('tx'), y: y('ty'), text: text('text') } },
        ]),
    ...(guideRows.length === 0
      ? []
      : [
          { data: { values: guideRows }, mark: { type: 'rule', color: HIGHLIGHT, strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: x('x'), y: yAt(0), y2: { datum: height } } },
          { data: { values: guideRows }, mark: { type: 'text', color: HIGHLIGHT, fontWeight: 700, fontSize: 11, baseline: 'bottom' }, encoding: { x: x('x'), y: y('y'), text: text('tag') } },
        ]),
    ...(linkRows.length === 0
      ? []
      : [
          {
            data: { values: linkRows },
            mark: { type: 'rule', strokeWidth: 1.2, opacity: 0.8 },
            encoding: {
              x: x('x'),
              x2: { field: 'x2' },
              y: y('y'),
              y2: { field: 'y2' },
              color: { field: 'kind', type: 'nominal', scale: { domain: linkKinds, range: linkKinds.map((k) => LINK_STYLE[k].colour) }, legend: legend('arrows') },
              strokeDash: { field: 'kind', type: 'nominal', scale: { domain: linkKinds, range: linkKinds.map((k) => [...LINK_STYLE[k].dash]) }, legend: legend('arrows') },
              description: text('what'),
            },
          },
          {
            data: { values: linkRows },
            mark: { type: 'point', filled: true, size: 38, opacity: 0.9 },
            encoding: {
              x: x('x2'),
              y: y('y2'),
              angle: { field: 'angle', type: 'quantitative', scale: null },
              shape: { field: 'end', type: 'nominal', scale: null },
              color: { field: 'kind', type: 'nominal', scale: { domain: linkKinds, range: linkKinds.map((k) => LINK_STYLE[k].colour) }, legend: null },
            },
          },
        ]),
    ...(eventRows.length === 0
      ? []
      : [
          {
            data: { values: eventRows },
            mark: { type: 'point', filled: true, opacity: 1, stroke: '#ffffff', strokeWidth: 0.8 },
            encoding: {
              x: x('x'),
              y: y('y'),
              color: { field: 'k', type: 'ordinal', scale: { domain: eventIndex, range: eventStyle.map((s) => s.colour) }, legend: eventLegend },
              shape: { field: 'k', type: 'ordinal', scale: { domain: eventIndex, range: eventStyle.map((s) => s.shape) }, legend: eventLegend },
              size: { field: 'size', type: 'quantitative', scale: null },
              description: text('what'),
            },
          },
        ]),
  ];
  return {
    ...frame(spec.title),
    title: { text: spec.title, ...(notes.length === 0 ? {} : { subtitle: notes, subtitleFontSize: 11, subtitleColor: HIGHLIGHT, subtitlePadding: 6 }) },
    width: axis.width,
    height,
    layer: layers,
    resolve: { scale: { color: 'independent', shape: 'independent', strokeDash: 'independent' }, legend: { color: 'independent', shape: 'independent', strokeDash: 'independent' } },
  } as TopLevelSpec;
}
