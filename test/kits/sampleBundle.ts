// A sample report bundle that uses every section and chart kind, with realistic sealroom content.
// Tests, the render check and the CLI's examples use it; it is also a template for report producers.

import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleSection, type ReportBundle } from '../../reports/render/bundle.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const SECTIONS: readonly BundleSection[] = [
  {
    kind: 'chart',
    title: 'Matrix',
    caption: 'Rows are properties, columns are protocol variants.',
    chart: {
      type: 'matrix',
      title: 'Property × variant',
      description: 'Pass/fail of each property against the reference protocol and each weak variant.',
      rowLabel: 'property',
      columnLabel: 'variant',
      rows: ['SEC-SERVER-BLIND', 'SEC-MITM', 'SEC-INTEGRITY', 'SEC-FS'],
      columns: ['reference', 'shipped-2014', 'no-ratchet', 'no-replay-check'],
      cells: [
        [{ status: 'pass' }, { status: 'caught', href: 'scenarios/a.json' }, { status: 'pass' }, { status: 'pass' }],
        [{ status: 'pass' }, { status: 'caught', href: 'scenarios/shipped-2014-sec-mitm.json', note: 'key substituted, no warning' }, { status: 'pass' }, { status: 'skip' }],
        [{ status: 'pass' }, { status: 'caught' }, { status: 'pass' }, { status: 'caught' }],
        [{ status: 'pass' }, { status: 'caught' }, { status: 'missed' }, null],
      ],
    },
  },
  {
    kind: 'chart',
    title: 'Seizure timeline',
    chart: {
      type: 'timeline',
      title: 'Scenario: phone seized after view-once',
      lanes: [
        { id: 'alice', label: 'alice (phone)' },
        { id: 'bob', label: 'bob (phone)' },
        { id: 'server', label: 'server' },
      ],
      spans: [{ lane: 'bob', start: 6 * HOUR_MS, end: 20 * HOUR_MS, kind: 'offline' }],
      events: [
        { lane: 'alice', at: 1 * HOUR_MS, kind: 'send', label: 'msg 1' },
        { lane: 'server', at: 1 * HOUR_MS + 200, kind: 'store', label: '212 B ciphertext' },
        { lane: 'bob', at: 2 * HOUR_MS, kind: 'view', label: 'msg 1' },
        { lane: 'alice', at: 8 * HOUR_MS, kind: 'send', label: 'msg 2' },
        { lane: 'server', at: 30 * HOUR_MS, kind: 'warrant', label: 'metadata only' },
        { lane: 'bob', at: 36 * HOUR_MS, kind: 'seize-phone', label: 'bob seized', highlight: true },
        { lane: 'server', at: 2 * DAY_MS, kind: 'seize-server', label: 'server seized', highlight: true },
      ],
    },
  },
  {
    kind: 'chart',
    title: 'Throughput vs message size',
    chart: {
      type: 'line',
      title: 'One-way messages per second',
      xLabel: 'plaintext size',
      yLabel: 'messages / s',
      xScale: 'log',
      yScale: 'log',
      xFormat: 'bytes',
      yFormat: 'si',
      series: [
        {
          name: 'sealroom (noble)',
          points: [
            { x: 64, y: 41_000 },
            { x: 1024, y: 30_500 },
            { x: 65_536, y: 1_900 },
          ],
        },
        {
          name: 'libsignal-client',
          points: [
            { x: 64, y: 52_000 },
            { x: 1024, y: 44_000 },
            { x: 65_536, y: 6_100 },
          ],
        },
      ],
    },
  },
  {
    kind: 'chart',
    title: 'Group send cost',
    chart: {
      type: 'grouped-bar',
      title: 'Group send time by group size',
      xLabel: 'members',
      yLabel: 'time per send',
      yFormat: 'duration-ms',
      categories: ['2', '16', '128', '1000'],
      series: [
        { name: 'send', values: [0.05, 0.21, 1.4, 10.9] },
        { name: 'rekey after remove', values: [0.4, 2.9, 23.5, null] },
      ],
    },
  },
  {
    kind: 'chart',
    title: 'Warrants by type',
    chart: {
      type: 'bar',
      title: 'Warrants received',
      yLabel: 'count',
      bars: [
        { label: 'content', value: 3 },
        { label: 'metadata', value: 7 },
        { label: 'keys', value: 1 },
      ],
    },
  },
  {
    kind: 'table',
    title: 'Transparency',
    caption: 'Simulated period: 7 days',
    columns: [{ label: 'request type' }, { label: 'received', align: 'right' }, { label: 'content disclosed', align: 'right' }, { label: 'wire bytes', align: 'right', format: 'bytes' }],
    rows: [
      ['content', 3, 0, 2048],
      ['metadata', 7, 0, 65_536],
      [{ text: 'details', href: 'transparency.md' }, null, null, null],
    ],
  },
  {
    kind: 'markdown',
    title: 'Notes',
    markdown: '## How to read this\n\nA `caught` cell links to a counterexample that replays with\n`sealroom scenario replay FILE`.\n\n| a | b |\n| - | -: |\n| x | 1 |',
  },
];

/** A property × variant report with a matrix, a timeline, a bar chart, a line chart and a table. */
export function sampleBundle(): ReportBundle {
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Property × variant matrix',
    subtitle: 'Sample report: every chart kind, fixed data',
    summary: 'The reference protocol passes **every** property; each weak variant is `caught` by at least one.\n\n- seed `42`, 200 runs per property\n- server modes: honest, curious, malicious',
    meta: [
      { label: 'seed', value: '42' },
      { label: 'runs', value: '200' },
    ],
    links: [{ label: 'counterexample: shipped-2014 × SEC-MITM', href: 'scenarios/shipped-2014-sec-mitm.json' }],
    // A fresh copy per call: callers may mutate what they get.
    sections: structuredClone(SECTIONS),
  };
}
