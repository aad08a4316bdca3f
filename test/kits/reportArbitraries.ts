// fast-check arbitraries for report tests: hostile labels and random chart specs (every chart kind),
// including NaN, infinities, negative and zero values that a log axis cannot place.

import { fc } from '@fast-check/vitest';
import type { ChartSpec } from '../../reports/render/svg/chart.ts';
import type { MatrixStatus } from '../../reports/render/svg/matrixChart.ts';

/** Strings that break naive markup writers. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"&',
  "'><img src=x onerror=alert(1)>",
  ']]>',
  '&amp;',
  '--><!--',
  '|a|\nb',
  '\u0000\u0007\uFFFF',
  '\uD800',
  'valueOf',
  '__proto__',
  'constructor',
] as const;

export const label = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...HOSTILE));
const value = fc.oneof(fc.double(), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ min: 1e-6, max: 1e9, noNaN: true }));
const nullableValue = fc.option(value, { nil: null });
const format = fc.constantFrom('number', 'si', 'bytes', 'percent', 'duration-ms') as fc.Arbitrary<'number'>;
const scale = fc.constantFrom('linear', 'log') as fc.Arbitrary<'linear' | 'log'>;
const status = fc.constantFrom<MatrixStatus>('pass', 'fail', 'caught', 'missed', 'held', 'broke', 'skip', 'error');

const bar = fc.record({ type: fc.constant('bar' as const), title: label, bars: fc.array(fc.record({ label, value: nullableValue }), { maxLength: 12 }), yFormat: format, yScale: scale });

const groupedBar = fc.record({
  type: fc.constant('grouped-bar' as const),
  title: label,
  categories: fc.array(label, { maxLength: 6 }),
  series: fc.array(fc.record({ name: label, values: fc.array(nullableValue, { maxLength: 7 }) }), { maxLength: 4 }),
  yFormat: format,
  yScale: scale,
});

const line = fc.record({
  type: fc.constant('line' as const),
  title: label,
  series: fc.array(
    fc.record(
      { name: label, points: fc.array(fc.record({ x: value, y: value, low: value, high: value }, { requiredKeys: ['x', 'y'] }), { maxLength: 8 }), baseline: fc.boolean() },
      { requiredKeys: ['name', 'points'] },
    ),
    { maxLength: 4 },
  ),
  spreadLabel: label,
  xScale: scale,
  yScale: scale,
  xFormat: format,
  yFormat: format,
});

const matrix = fc.record({ rows: fc.array(label, { maxLength: 5 }), columns: fc.array(label, { maxLength: 5 }), title: label }).chain(({ rows, columns, title }) =>
  fc
    .array(
      fc.array(fc.option(fc.record({ status, text: fc.option(label, { nil: undefined }), href: fc.option(label, { nil: undefined }) }, { requiredKeys: ['status'] }), { nil: null }), {
        minLength: columns.length,
        maxLength: columns.length,
      }),
      {
        minLength: rows.length,
        maxLength: rows.length,
      },
    )
    .map((cells) => ({ type: 'matrix' as const, title, rows, columns, cells })),
);

const timeline = fc.record({ title: label, lanes: fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'server'), label }), { maxLength: 4 }) }).chain(({ title, lanes }) =>
  fc.record({
    type: fc.constant('timeline' as const),
    title: fc.constant(title),
    lanes: fc.constant(lanes),
    events: fc.array(
      fc.record(
        { lane: fc.constantFrom('a', 'b', 'c', 'server', 'nobody'), at: value, kind: label, label, highlight: fc.boolean(), detail: fc.array(label, { maxLength: 3 }) },
        { requiredKeys: ['lane', 'at', 'kind'] },
      ),
      { maxLength: 12 },
    ),
    spans: fc.array(fc.record({ lane: fc.constantFrom('a', 'b', 'server'), start: value, end: value, kind: label }), { maxLength: 4 }),
    links: fc.array(
      fc.record(
        {
          from: fc.constantFrom('a', 'b', 'server', 'nobody'),
          fromAt: value,
          to: fc.constantFrom('a', 'b', 'c'),
          toAt: value,
          kind: fc.constantFrom('message', 'replay', 'injected', 'never arrived', 'held back'),
          label,
        },
        { requiredKeys: ['from', 'fromAt', 'to', 'kind'] },
      ),
      { maxLength: 8 },
    ),
  }),
);

/** Any chart spec, with hostile labels and awkward numbers. */
export const chartSpec: fc.Arbitrary<ChartSpec> = fc.oneof(bar, groupedBar, line, matrix, timeline) as fc.Arbitrary<ChartSpec>;
