// Every chart kind through Vega-Lite: well-formed SVG with an accessible <title>, the data's labels
// present, hostile labels escaped, no scripts and nothing loaded, the same bytes for the same spec,
// integer ticks for integer quantities, the synchronous render equal to Vega's own toSVG(), and random
// specs never malformed.
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import { checkMarkup, textContent } from '../markupCheck.ts';
import { chartSpec, HOSTILE } from '../../../test/kits/reportArbitraries.ts';
import { chartVegaLite, renderChart, type ChartSpec } from './chart.ts';
import { vegaSvg, vegaSvgAsync } from './vegaRender.ts';

function wellFormed(svg: string): void {
  expect(checkMarkup(svg, 'xml').errors).toEqual([]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).not.toMatch(/<script|<foreignObject|<image|<img|javascript:/i);
}

/** The texts of the axis labels Vega drew (role-axis-label groups). */
function axisLabels(svg: string): string[] {
  const groups = svg.match(/<g class="mark-text role-axis-label"[^>]*>.*?<\/g>/g) ?? [];
  return groups.flatMap((g) => [...g.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? ''));
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
  },
  line: {
    type: 'line',
    title: 'Time vs message size',
    xScale: 'log',
    yScale: 'log',
    xFormat: 'bytes',
    yFormat: 'duration-ms',
    spreadLabel: 'bars: median ± MAD',
    series: [
      {
        name: 'noble',
        points: [
          { x: 64, y: 0.02, low: 0.015, high: 0.03 },
          { x: 1024, y: 0.05 },
          { x: 65_536, y: 2.5 },
        ],
      },
      {
        name: 'libsignal',
        baseline: true,
        points: [
          { x: 64, y: 0.04 },
          { x: 65_536, y: 1.5 },
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
    title: 'Seizure a week on',
    lanes: [
      { id: 'alice', label: 'alice' },
      { id: 'bob', label: 'bob' },
      { id: 'server', label: 'server' },
    ],
    spans: [{ lane: 'bob', start: 1_000, end: 5_000, kind: 'offline' }],
    events: [
      { lane: 'alice', at: 0, kind: 'send' },
      { lane: 'bob', at: 300, kind: 'deliver' },
      { lane: 'bob', at: 2_000, kind: 'view' },
      { lane: 'server', at: 604_800_000, kind: 'seize-server', label: 'server seized', highlight: true, detail: ['took 4 items', 'the judges found nothing it opens'] },
    ],
    links: [
      { from: 'alice', fromAt: 0, to: 'bob', toAt: 300, kind: 'message', label: 'm1 → bob' },
      { from: 'alice', fromAt: 100, to: 'bob', kind: 'never arrived', label: 'm2 → bob' },
      { from: 'server', fromAt: 604_790_000, to: 'bob', toAt: 604_795_000, kind: 'replay', label: 'm1 again' },
    ],
    start: 0,
    end: 604_801_000,
  },
};

describe('charts render well-formed, accessible SVG through Vega-Lite', () => {
  for (const [name, spec] of Object.entries(specs)) {
    test(`${name}: well-formed, titled, the same bytes twice, equal to Vega's toSVG()`, async () => {
      const svg = renderChart(spec, { idPrefix: `t-${name}` });
      wellFormed(svg);
      expect(svg).toContain(`<title id="t-${name}-title">${spec.title}</title>`);
      expect(svg).toContain('role="img"');
      expect(renderChart(spec, { idPrefix: `t-${name}` })).toBe(svg);
      const vl = chartVegaLite(spec);
      const hrefs = spec.type === 'matrix' ? ['scenarios/mitm.json'] : [];
      expect(vegaSvg(vl, hrefs)).toBe(await vegaSvgAsync(vl));
    });
  }

  test('the same spec gives the same bytes whatever was rendered before it in the process', () => {
    const first = renderChart(specs['timeline'] as ChartSpec, { idPrefix: 'p' });
    for (const other of Object.values(specs)) renderChart(other, { idPrefix: 'q' });
    expect(renderChart(specs['timeline'] as ChartSpec, { idPrefix: 'p' })).toBe(first);
  });

  test('ids are local to the chart: two charts on one page share none', () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const a = ids(renderChart(specs['matrix'] as ChartSpec, { idPrefix: 'a' }));
    const b = ids(renderChart(specs['matrix'] as ChartSpec, { idPrefix: 'b' }));
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((id) => id?.startsWith('a-'))).toBe(true);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  test('bar chart shows each value and label; counts tick in whole numbers', () => {
    const svg = renderChart(specs['bar'] as ChartSpec);
    const text = textContent(svg);
    for (const s of ['content', 'metadata', '17', '3', 'count']) expect(text).toContain(s);
    const ticks = axisLabels(svg).filter((l) => /^\d/.test(l));
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.every((t) => /^\d+$/.test(t))).toBe(true);
    const small = renderChart({ type: 'bar', title: 'one warrant', bars: [{ label: 'refused', value: 1 }] });
    expect(axisLabels(small).filter((l) => /^\d/.test(l))).toEqual(['0', '1']);
  });

  test('grouped bar chart has a legend entry per series and skips null values', () => {
    const text = textContent(renderChart(specs['groupedBar'] as ChartSpec));
    for (const s of ['send', 'rekey', '2.25']) expect(text).toContain(s);
    expect(chartVegaLite(specs['groupedBar'] as ChartSpec)).toMatchObject({ data: { values: expect.any(Array) } });
    expect((chartVegaLite(specs['groupedBar'] as ChartSpec) as { data: { values: unknown[] } }).data.values.length).toBe(5);
  });

  test('log axes tick at whole units: powers of two for bytes, powers of ten in µs/ms for durations', () => {
    const labels = axisLabels(renderChart(specs['line'] as ChartSpec));
    for (const s of ['64 B', '1 KiB', '64 KiB', '100 µs', '1 ms']) expect(labels).toContain(s);
    expect(labels.every((l) => !/\d\.\d/.test(l))).toBe(true);
  });

  test('line chart: spread bars and a dashed baseline', () => {
    const svg = renderChart(specs['line'] as ChartSpec);
    expect(textContent(svg)).toContain('bars: median ± MAD');
    expect(svg).toContain('stroke-dasharray="6,4"');
    expect(svg).toMatch(/role-mark layer_0_marks/);
  });

  test('matrix cells carry a status word (greyscale-readable) and links', () => {
    const svg = renderChart(specs['matrix'] as ChartSpec);
    const text = textContent(svg);
    for (const s of ['✓ PASS', '✓ CAUGHT', '✗ MISSED', 'SEC-MITM', 'shipped-2014']) expect(text).toContain(s);
    expect(svg).toContain('<a xlink:href="scenarios/mitm.json">');
  });

  test('timeline: a week-long run breaks its axis, seizures are told with what they took', () => {
    const svg = renderChart(specs['timeline'] as ChartSpec);
    const text = textContent(svg);
    expect(text).toContain('skipped');
    expect(text).toContain('S1 T+7d — server seized; took 4 items; the judges found nothing it opens');
    expect(text).toContain('offline');
    expect(svg).toContain('stroke="#C62828"');
    const labels = axisLabels(svg).filter((l) => /\d/.test(l));
    expect(labels).toContain('0');
    expect(labels.some((l) => l.startsWith('6d 23h') || l.startsWith('7d'))).toBe(true);
    expect(labels.every((l) => /^(\d+(d|h|min|s|ms) ?)+$|^0$/.test(l))).toBe(true);
  });

  test('hostile labels are escaped everywhere and unsafe links dropped', () => {
    for (const hostile of HOSTILE) {
      const spec: ChartSpec = {
        type: 'matrix',
        title: hostile,
        description: hostile,
        rows: [hostile],
        columns: [hostile],
        cells: [[{ status: 'fail', text: hostile, href: `javascript:${hostile}`, note: hostile }]],
      };
      wellFormed(renderChart(spec));
      const timeline: ChartSpec = {
        type: 'timeline',
        title: hostile,
        lanes: [{ id: 'a', label: hostile }],
        events: [{ lane: 'a', at: 1, kind: hostile, label: hostile, highlight: true, detail: [hostile] }],
      };
      wellFormed(renderChart(timeline));
      const bar: ChartSpec = {
        type: 'grouped-bar',
        title: hostile,
        categories: [hostile],
        series: [
          { name: hostile, values: [1] },
          { name: 'b', values: [2] },
        ],
      };
      const text = textContent(renderChart(bar));
      if (/^\w+$/.test(hostile)) expect(text).toContain(hostile);
    }
  });

  test('empty data renders a "no data" chart, not an error', () => {
    const svg = renderChart({ type: 'line', title: 'empty', series: [] });
    wellFormed(svg);
    expect(textContent(svg)).toContain('no data');
  });
});

describe('random chart specs never produce malformed markup', () => {
  test.prop([chartSpec], { numRuns: 60 })('any spec renders well-formed and deterministic SVG', (spec) => {
    const svg = renderChart(spec);
    expect(checkMarkup(svg, 'xml').errors).toEqual([]);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(renderChart(spec)).toBe(svg);
  });
});
