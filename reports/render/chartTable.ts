// The data behind each chart as a plain table: the Markdown report shows it in place of the picture, and the
// HTML report offers it under each figure, so every figure is readable without seeing it.

import { formatAs } from './format.ts';
import type { Align } from './markdown.ts';
import type { ChartSpec } from './svg/chart.ts';
import { STATUS_STYLES } from './svg/matrixChart.ts';

/** A display string, or a link (matrix cells that point at a counterexample scenario). */
type ChartTableCell = string | { readonly text: string; readonly href: string };

export interface ChartTable {
  readonly columns: readonly { readonly label: string; readonly align?: Align }[];
  readonly rows: readonly (readonly ChartTableCell[])[];
}

const fmtOr = (v: number | null | undefined, f: (n: number) => string): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : f(v));

/** The chart's data as rows of display strings (numbers formatted as the chart formats them). */
export function chartTable(spec: ChartSpec): ChartTable {
  switch (spec.type) {
    case 'bar': {
      const f = (n: number): string => formatAs(n, spec.yFormat ?? 'number');
      return { columns: [{ label: spec.xLabel ?? 'item' }, { label: spec.yLabel ?? 'value', align: 'right' }], rows: spec.bars.map((b) => [b.label, fmtOr(b.value, f)]) };
    }
    case 'grouped-bar': {
      const f = (n: number): string => formatAs(n, spec.yFormat ?? 'number');
      const columns = [{ label: spec.xLabel ?? 'category' }, ...spec.series.map((s) => ({ label: s.name, align: 'right' as const }))];
      return { columns, rows: spec.categories.map((c, i) => [c, ...spec.series.map((s) => fmtOr(s.values[i], f))]) };
    }
    case 'line': {
      const fx = (n: number): string => formatAs(n, spec.xFormat ?? 'number');
      const fy = (n: number): string => formatAs(n, spec.yFormat ?? 'number');
      const spread = spec.series.some((s) => s.points.some((p) => p.low !== undefined && p.high !== undefined));
      const columns = [
        { label: 'series' },
        { label: spec.xLabel ?? 'x', align: 'right' as const },
        { label: spec.yLabel ?? 'y', align: 'right' as const },
        ...(spread ? [{ label: spec.spreadLabel ?? 'spread', align: 'right' as const }] : []),
      ];
      const range = (p: { low?: number; high?: number }): string[] => (spread ? [p.low === undefined || p.high === undefined ? '–' : `${fmtOr(p.low, fy)} – ${fmtOr(p.high, fy)}`] : []);
      return { columns, rows: spec.series.flatMap((s) => s.points.map((p) => [s.baseline === true ? `${s.name} (baseline)` : s.name, fmtOr(p.x, fx), fmtOr(p.y, fy), ...range(p)])) };
    }
    case 'matrix': {
      const columns = [{ label: spec.rowLabel ?? '' }, ...spec.columns.map((c) => ({ label: c, align: 'center' as const }))];
      const word = (r: number, c: number): ChartTableCell => {
        const cell = spec.cells[r]?.[c];
        if (!cell) return '';
        const text = cell.text ?? STATUS_STYLES[cell.status].word;
        return cell.href === undefined ? text : { text, href: cell.href };
      };
      return { columns, rows: spec.rows.map((r, ri) => [r, ...spec.columns.map((_, ci) => word(ri, ci))]) };
    }
    case 'timeline': {
      const f = (n: number): string => formatAs(n, spec.timeFormat ?? 'duration-ms');
      const label = new Map(spec.lanes.map((l) => [l.id, l.label] as const));
      const lane = (id: string): string => label.get(id) ?? id;
      const items = [
        ...spec.events.map((e) => ({ t: e.at, row: [fmtOr(e.at, f), lane(e.lane), e.highlight ? `${e.kind} (!)` : e.kind, [e.label ?? '', ...(e.detail ?? [])].filter((x) => x !== '').join('; ')] })),
        ...(spec.spans ?? []).map((s) => ({ t: s.start, row: [`${fmtOr(s.start, f)} – ${fmtOr(s.end, f)}`, lane(s.lane), s.kind, s.label ?? ''] })),
        ...(spec.links ?? []).map((l) => ({
          t: l.fromAt,
          row: [l.toAt === undefined ? fmtOr(l.fromAt, f) : `${fmtOr(l.fromAt, f)} → ${fmtOr(l.toAt, f)}`, `${lane(l.from)} → ${lane(l.to)}`, l.kind, l.label ?? ''],
        })),
      ].sort((a, b) => a.t - b.t);
      return { columns: [{ label: 'time', align: 'right' }, { label: 'party' }, { label: 'what' }, { label: 'detail' }], rows: items.map((i) => i.row) };
    }
  }
}
