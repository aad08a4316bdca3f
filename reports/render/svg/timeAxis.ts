// The broken time axis of the scenario timeline (docs/reports.md "Reading a timeline page"): a run of
// days whose events come in a few bursts is drawn as one segment per burst, the quiet time between
// them collapsed into a narrow gap marked with the time it skips, so a 7-day run does not squeeze its
// attack into one pixel. Each segment is linear, with ticks at whole multiples of a real unit (ms, s,
// min, h, d) labelled as time since T+0. Pure: times in, pixel positions and tick labels out.

/** A gap is collapsed when it is longer than this share of the time still drawn… */
const GAP_SHARE = 0.2;
/** …and longer than this. */
const GAP_MS_MIN = 10_000;
/** Most segments drawn: more bursts than this leave the shorter gaps drawn to scale. */
const SEGMENTS_MAX = 9;
/** Width of a collapsed gap, px. */
const GAP_PX = 26;
/** Time kept either side of a burst: this share of the burst, at least PAD_MS_MIN. */
const PAD_SHARE = 0.05;
const PAD_MS_MIN = 500;
/** Least width of a segment, px. */
const SEGMENT_PX_MIN = 56;
/** Least distance between two tick labels, px. */
const TICK_PX = 96;

interface Span {
  readonly startMs: number;
  readonly endMs: number;
  readonly x0: number;
  readonly x1: number;
}

interface Tick {
  readonly x: number;
  readonly ms: number;
  readonly label: string;
}

export interface BrokenAxis {
  readonly segments: readonly Span[];
  /** The collapsed quiet periods between segments. */
  readonly gaps: readonly Span[];
  readonly ticks: readonly Tick[];
  readonly width: number;
  /** Pixel position of a time (times inside a gap map into the gap, in proportion). */
  x(ms: number): number;
}

const UNITS = [
  { ms: 86_400_000, name: 'd' },
  { ms: 3_600_000, name: 'h' },
  { ms: 60_000, name: 'min' },
  { ms: 1_000, name: 's' },
  { ms: 1, name: 'ms' },
] as const;

/** Tick steps, each a whole number of one unit. */
const STEPS: readonly { readonly ms: number; readonly unit: number }[] = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500].map((k) => ({ ms: k, unit: 1 })),
  ...[1, 2, 5, 10, 15, 30].map((k) => ({ ms: k * 1_000, unit: 1_000 })),
  ...[1, 2, 5, 10, 15, 30].map((k) => ({ ms: k * 60_000, unit: 60_000 })),
  ...[1, 2, 3, 6, 12].map((k) => ({ ms: k * 3_600_000, unit: 3_600_000 })),
  ...[1, 2, 5, 10, 20, 50, 100].map((k) => ({ ms: k * 86_400_000, unit: 86_400_000 })),
];

/**
 * `ms` since T+0 as days, hours, minutes, seconds and milliseconds down to `precisionMs` (a unit),
 * parts that are zero left out: 3 d 2 h 15 min → "3d 2h 15min", 7 d 5 s → "7d 5s", 10 s at 1 ms → "10s".
 */
export function sinceStart(ms: number, precisionMs: number): string {
  if (ms === 0) return '0';
  const sign = ms < 0 ? '−' : '';
  let rest = Math.round(Math.abs(ms) / precisionMs) * precisionMs;
  const parts: string[] = [];
  for (const u of UNITS) {
    if (u.ms < precisionMs) break;
    const n = Math.floor(rest / u.ms);
    rest -= n * u.ms;
    if (n > 0) parts.push(`${n}${u.name}`);
  }
  return parts.length === 0 ? '0' : `${sign}${parts.join(' ')}`;
}

/** A length of time in its two largest units ("2d 3h", "5min 20s"), for a gap's mark. */
export function lengthText(ms: number): string {
  const i = UNITS.findIndex((u) => ms >= u.ms);
  const unit = UNITS[Math.min(UNITS.length - 1, Math.max(0, i) + 1)];
  return sinceStart(ms, Math.max(ms >= 1_000 ? 1_000 : 1, unit?.ms ?? 1));
}

/**
 * Bursts of times: [first, last] of each. One segment to start with; then, while there is room for
 * another segment, the quiet gap that is the largest share of its segment is cut out, busy segments
 * first (share × events in the segment, a heavy event such as a seizure counting five), so a burst
 * of many events, or a seizure, is never left squeezed beside hours of nothing. A gap is cut only when it is GAP_SHARE of its segment and GAP_MS_MIN long.
 */
function bursts(times: readonly number[], t0: number, t1: number, heavy: readonly number[]): { start: number; end: number; count: number }[] {
  // T+0 is always drawn; the end is not: the last segment stops shortly after the last event.
  const inside = times.filter((t) => t >= t0 && t <= t1);
  const points = [...new Set([t0, ...(inside.length === 0 ? [t1] : inside)])].sort((a, b) => a - b);
  // Segments as [first, last] point indices.
  const segs: [number, number][] = [[0, points.length - 1]];
  const at = (i: number): number => points[i] ?? t0;
  const weight = (lo: number, hi: number): number => [...times, ...heavy, ...heavy, ...heavy, ...heavy].filter((t) => t >= lo && t <= hi).length;
  while (segs.length < SEGMENTS_MAX) {
    let best: { seg: number; gap: number; score: number } | undefined;
    segs.forEach(([lo, hi], si) => {
      const dur = at(hi) - at(lo);
      if (dur <= 0) return;
      const count = weight(at(lo), at(hi));
      for (let i = lo; i < hi; i++) {
        const len = at(i + 1) - at(i);
        const share = len / dur;
        if (len < GAP_MS_MIN || share < GAP_SHARE) continue;
        const score = share * Math.max(1, count);
        if (best === undefined || score > best.score) best = { seg: si, gap: i, score };
      }
    });
    if (best === undefined) break;
    const [lo, hi] = segs[best.seg] ?? [0, 0];
    segs.splice(best.seg, 1, [lo, best.gap], [best.gap + 1, hi]);
  }
  return segs.map(([lo, hi]) => ({ start: at(lo), end: at(hi), count: times.filter((t) => t >= at(lo) && t <= at(hi)).length }));
}

function ticksOf(seg: Span): Tick[] {
  const px = seg.x1 - seg.x0;
  const dur = Math.max(1, seg.endMs - seg.startMs);
  const room = Math.max(1, px / TICK_PX);
  // Past the longest step, a whole number of days that leaves `room` ticks.
  const step = STEPS.find((s) => dur / s.ms <= room) ?? { ms: Math.ceil(dur / room / 86_400_000) * 86_400_000, unit: 86_400_000 };
  const map = (t: number): number => seg.x0 + ((t - seg.startMs) / dur) * px;
  const ticks: Tick[] = [];
  const first = Math.ceil(seg.startMs / step.ms);
  for (let i = 0; i <= room + 1; i++) {
    const t = (first + i) * step.ms;
    if (t > seg.endMs) break;
    ticks.push({ x: Math.round(map(t) * 100) / 100, ms: t, label: sinceStart(t, step.unit) });
  }
  return ticks;
}

/** Estimated width of a tick label at the axis' 10 px font, px. */
const labelPx = (label: string): number => Array.from(label).length * 6 + 8;

/** Ticks whose labels would overlap a label kept to their left are dropped (segments meet at narrow gaps). */
function clearOf(ticks: readonly Tick[]): Tick[] {
  const kept: Tick[] = [];
  for (const t of ticks) {
    const last = kept[kept.length - 1];
    if (last === undefined || t.x - last.x >= (labelPx(last.label) + labelPx(t.label)) / 2) kept.push(t);
  }
  return kept;
}

/** The broken axis over [t0, t1] for events at `times` (`heavy`: the times that matter most), `width` px wide. */
export function brokenAxis(times: readonly number[], t0: number, t1In: number, width: number, heavy: readonly number[] = []): BrokenAxis {
  const t1 = Math.max(t0 + 1, t1In);
  const raw = bursts(times, t0, t1, heavy);
  // Pad each burst, never past the window or halfway into the gap beside it.
  const padded = raw.map((b, i) => {
    const pad = Math.max(PAD_MS_MIN, (b.end - b.start) * PAD_SHARE);
    const before = i === 0 ? b.start - t0 : (b.start - (raw[i - 1]?.end ?? t0)) / 4;
    const after = i === raw.length - 1 ? t1 - b.end : ((raw[i + 1]?.start ?? t1) - b.end) / 4;
    return { start: b.start - Math.min(pad, before), end: b.end + Math.min(pad, after), count: b.count };
  });
  const n = padded.length;
  const total = padded.reduce((a, b) => a + b.count, 0);
  const avail = Math.max(n * SEGMENT_PX_MIN, width - GAP_PX * (n - 1));
  const shares = padded.map((b) => 0.35 / n + (0.65 * b.count) / Math.max(1, total));
  const widths = shares.map((s) => Math.max(SEGMENT_PX_MIN, s * avail));
  const scale = avail / widths.reduce((a, b) => a + b, 0);
  const segments: Span[] = [];
  const gaps: Span[] = [];
  let x = 0;
  padded.forEach((b, i) => {
    const w = (widths[i] ?? SEGMENT_PX_MIN) * scale;
    segments.push({ startMs: b.start, endMs: b.end, x0: x, x1: x + w });
    x += w;
    const next = padded[i + 1];
    if (next !== undefined) {
      gaps.push({ startMs: b.end, endMs: next.start, x0: x, x1: x + GAP_PX });
      x += GAP_PX;
    }
  });
  const all = [...segments, ...gaps].sort((a, b) => a.startMs - b.startMs);
  const at = (ms: number): number => {
    const s = all.find((p) => ms <= p.endMs) ?? all[all.length - 1];
    if (s === undefined) return 0;
    const f = s.endMs === s.startMs ? 0 : (Math.min(s.endMs, Math.max(s.startMs, ms)) - s.startMs) / (s.endMs - s.startMs);
    return Math.round((s.x0 + f * (s.x1 - s.x0)) * 100) / 100;
  };
  const ticks = clearOf(segments.flatMap(ticksOf));
  return { segments, gaps, ticks, width: x, x: at };
}
