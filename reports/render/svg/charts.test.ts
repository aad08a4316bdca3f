// Structural tests of every SVG chart: well-formed XML, an accessible <title>, the data's values present,
// hostile labels escaped, byte-identical output for identical input, and random specs never malformed.

import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import { checkMarkup, textContent } from '../markupCheck.ts';
import { chartSpec, HOSTILE } from '../../../test/kits/reportArbitraries.ts';
import { renderChart, type ChartSpec } from './chart.ts';

function wellFormed(svg: string): void {
  const report = checkMarkup(svg, 'xml');
  expect(report.errors).toEqual([]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
}

const specs: Record<string, ChartSpec> = {
  bar: {
    type: 'bar',
    title: 'Warrants received',
    yLabel: 'count',
    bars: [
      { label: 'content', value: 3 },
      { label: 'metadata', value: 17 },
    ],
  },
  groupedBar: {
    type: 'grouped-bar',
    title: 'Group send cost',
    categories: ['2', '16', '128'],
    series: [
      { name: 'send', values: [0.5, 2.25, 9] },
      { name: 'rekey', values: [1, null, 40] },
    ],
    yFormat: 'number',
  },
  line: {
    type: 'line',
    title: 'Throughput vs message size',
    xScale: 'log',
    yScale: 'log',
    xFormat: 'bytes',
    series: [
      {
        name: 'noble',
        points: [
          { x: 64, y: 41_000 },
          { x: 1024, y: 30_500 },
          { x: 65_536, y: 1_900 },
        ],
      },
    ],
  },
  matrix: {
    type: 'matrix',
    title: 'Property × variant',
    rows: ['SEC-MITM', 'SEC-FS'],
    columns: ['reference', 'shipped-2014'],
    cells: [
      [{ status: 'pass' }, { status: 'caught', href: 'scenarios/mitm.json' }],
      [{ status: 'pass' }, { status: 'missed' }],
    ],
  },
  timeline: {
    type: 'timeline',
    title: 'Seizure after view',
    lanes: [
      { id: 'bob', label: 'bob' },
      { id: 'server', label: 'server' },
    ],
    spans: [{ lane: 'bob', start: 1000, end: 5000, kind: 'offline' }],
    events: [
      { lane: 'bob', at: 0, kind: 'view' },
      { lane: 'server', at: 7200, kind: 'seize-server', label: 'server seized', highlight: true },
    ],
  },
};

describe('charts render well-formed, accessible SVG', () => {
  for (const [name, spec] of Object.entries(specs)) {
    test(`${name}: well-formed, titled, deterministic`, () => {
      const svg = renderChart(spec, { idPrefix: `t-${name}` });
      wellFormed(svg);
      expect(svg).toContain(`<title id="t-${name}-title">${spec.title}</title>`);
      expect(svg).toContain('role="img"');
      expect(renderChart(spec, { idPrefix: `t-${name}` })).toBe(svg);
    });
  }

  test('bar chart shows each value and label', () => {
    const text = textContent(renderChart(specs['bar'] as ChartSpec));
    for (const s of ['content', 'metadata', '17', '3', 'count']) expect(text).toContain(s);
  });

  test('grouped bar chart has a legend entry per series and skips null values', () => {
    const svg = renderChart(specs['groupedBar'] as ChartSpec);
    const text = textContent(svg);
    expect(text).toContain('send');
    expect(text).toContain('rekey');
    expect(text).toContain('2.25');
    expect(svg.match(/<rect [^>]*fill="#(0072B2|E69F00)"[^>]*>/g)?.length).toBe(5 + 2);
  });

  test('log-scale line chart ticks at powers of two for byte sizes', () => {
    const text = textContent(renderChart(specs['line'] as ChartSpec));
    for (const s of ['64 B', '1 KiB', '64 KiB']) expect(text).toContain(s);
  });

  test('matrix cells carry a status word (greyscale-readable) and links', () => {
    const svg = renderChart(specs['matrix'] as ChartSpec);
    const text = textContent(svg);
    for (const s of ['✓ PASS', '✓ CAUGHT', '✗ MISSED', 'SEC-MITM', 'shipped-2014']) expect(text).toContain(s);
    expect(svg).toContain('<a href="scenarios/mitm.json">');
  });

  test('timeline highlights seizures with a label and a guide line', () => {
    const svg = renderChart(specs['timeline'] as ChartSpec);
    expect(textContent(svg)).toContain('server seized');
    expect(svg).toContain('stroke="#C62828"');
    expect(textContent(svg)).toContain('offline');
  });

  test('hostile labels are escaped everywhere', () => {
    for (const hostile of HOSTILE) {
      const spec: ChartSpec = {
        type: 'matrix',
        title: hostile,
        description: hostile,
        rows: [hostile],
        columns: [hostile],
        cells: [[{ status: 'fail', text: hostile, href: `javascript:${hostile}`, note: hostile }]],
      };
      const svg = renderChart(spec);
      wellFormed(svg);
      expect(svg).not.toContain('<script');
      expect(svg).not.toContain('<img');
      expect(svg).not.toContain('javascript:');
    }
  });

  test('empty data renders a "no data" chart, not an error', () => {
    const svg = renderChart({ type: 'line', title: 'empty', series: [] });
    wellFormed(svg);
    expect(textContent(svg)).toContain('no data');
  });
});

describe('random chart specs never produce malformed markup', () => {
  test.prop([chartSpec], { numRuns: 150 })('any spec renders well-formed and deterministic SVG', (spec) => {
    const svg = renderChart(spec);
    expect(checkMarkup(svg, 'xml').errors).toEqual([]);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(renderChart(spec)).toBe(svg);
  });
});
