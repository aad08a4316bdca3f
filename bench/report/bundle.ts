// The benchmark report as a report bundle (reports/render/bundle.ts), so the shared renderer writes its
// Markdown, HTML and SVG charts: targets, ratios, one table per suite (median, spread, ops/s), sizes,
// rows not measurable in this build, failures, and the charts. Built only from a BenchResults value.
import { formatBytes, formatNumber } from '../../reports/render/format.ts';
import type { BundleSection, ReportBundle } from '../../reports/render/bundle.ts';
import { paramTag } from '../harness/ids.ts';
import type { BenchResults } from '../harness/results.ts';
import type { RatioResult } from '../harness/ratios.ts';
import type { SuiteName } from '../harness/types.ts';

const PEER_LICENSES =
  "Peers: @signalapp/libsignal-client (AGPL-3.0-only, native Rust) and @privacyresearch/libsignal-protocol-typescript (GPL-3.0-only, pure TypeScript) are devDependencies, imported only from bench/peers/; they are not part of sealroom's runtime dependency tree.";

const SUITE_TITLES: Readonly<Record<SuiteName, string>> = {
  primitives: 'Crypto primitives (both providers)',
  protocol: 'Protocol, 1:1 (both providers)',
  group: 'Group rooms (both providers)',
  peers: 'Peers and the raw AEAD reference',
  world: 'Simulated world',
  storage: 'Storage: deletion on SQLite files',
};

const ratioCell = (v: number | null): string | null => (v === null ? null : `${formatNumber(v)}×`);

function summary(r: BenchResults): string {
  const held = r.targets?.filter((t) => t.status === 'hold').length ?? 0;
  const missed = r.targets?.filter((t) => t.status === 'miss' || t.status === 'unmeasured').length ?? 0;
  const lines = [
    `${r.mode === 'quick' ? 'Quick' : 'Full'} run: ${r.cases.length} timed rows, ${r.sizes.length} size figures, ${r.failures.length} failed rows, ${r.pending.length} rows not measurable in this build; ${formatNumber(r.durationS)} s.`,
    r.targets === null ? 'Targets were not evaluated.' : `Targets (bench/targets.json): ${held} hold, ${missed} missed or unmeasured.`,
    'Time ratios are median(numerator) / median(denominator) from the same run: below 1× the numerator is faster. Spread is the interquartile range (p75 − p25) of the samples; MAD is the median absolute deviation.',
    PEER_LICENSES,
    'Reproduce: `npx tsx cli/main.ts bench --quick` (or without `--quick` for longer budgets); add `--check` to enforce the targets.',
  ];
  return lines.join('\n\n');
}

function ratioRows(list: readonly RatioResult[]): (string | number | null)[][] {
  return list.map((x) => [x.label, ratioCell(x.value), x.numeratorValue, x.denominatorValue, x.missing ?? null]);
}

function ratioTable(title: string, list: readonly RatioResult[], unit: 'duration-ms' | 'bytes'): BundleSection {
  return {
    kind: 'table',
    title,
    columns: [
      { label: 'ratio' },
      { label: 'value', align: 'right' },
      { label: 'numerator', align: 'right', format: unit },
      { label: 'denominator', align: 'right', format: unit },
      { label: 'missing' },
    ],
    rows: ratioRows(list),
  };
}

function suiteTable(r: BenchResults, suite: SuiteName): BundleSection | undefined {
  const rows = r.cases.filter((c) => c.suite === suite);
  if (rows.length === 0) return undefined;
  const items = rows.some((c) => c.itemsPerSec !== undefined);
  const itemColumns = items ? [{ label: 'items/s', align: 'right' as const, format: 'si' as const }, { label: 'item' }] : [];
  return {
    kind: 'table',
    title: SUITE_TITLES[suite],
    columns: [
      { label: 'operation' },
      { label: 'size' },
      { label: 'implementation' },
      { label: 'min', align: 'right', format: 'duration-ms' },
      { label: 'median', align: 'right', format: 'duration-ms' },
      { label: 'max', align: 'right', format: 'duration-ms' },
      { label: 'spread (IQR)', align: 'right', format: 'duration-ms' },
      { label: 'MAD', align: 'right', format: 'duration-ms' },
      { label: 'ops/s', align: 'right', format: 'si' },
      { label: 'samples', align: 'right' },
      { label: 'one op is' },
      ...itemColumns,
    ],
    rows: rows.map((c) => [
      c.op,
      paramTag(c.params) || null,
      c.impl,
      c.minMs ?? null,
      c.medianMs,
      c.maxMs ?? null,
      c.iqrMs,
      c.madMs,
      c.opsPerSec,
      c.samples,
      c.unit,
      ...(items ? [c.itemsPerSec ?? null, c.itemUnit ?? null] : []),
    ]),
  };
}

function sections(r: BenchResults): BundleSection[] {
  const out: BundleSection[] = [{ kind: 'markdown', title: 'Summary', markdown: summary(r) }];
  if (r.targets !== null) {
    out.push({
      kind: 'table',
      title: 'Targets',
      columns: [{ label: 'target' }, { label: 'status' }, { label: 'measured', align: 'right' }, { label: 'max', align: 'right' }, { label: 'detail' }],
      rows: r.targets.map((t) => [t.id, t.status, t.measured === null ? null : formatNumber(t.measured), formatNumber(t.max), t.detail]),
    });
  }
  const time = r.ratios.filter((x) => x.kind === 'time' && !x.id.startsWith('noble/native.'));
  out.push(ratioTable('Ratios: sealroom vs peers and raw AEAD', time, 'duration-ms'));
  out.push(
    ratioTable(
      'Ratios: bytes',
      r.ratios.filter((x) => x.kind === 'size'),
      'bytes',
    ),
  );
  out.push(
    ratioTable(
      'Ratios: noble / native',
      r.ratios.filter((x) => x.id.startsWith('noble/native.')),
      'duration-ms',
    ),
  );
  for (const suite of Object.keys(SUITE_TITLES) as SuiteName[]) {
    const t = suiteTable(r, suite);
    if (t !== undefined) out.push(t);
  }
  out.push({
    kind: 'table',
    title: 'Sizes and memory',
    columns: [{ label: 'figure' }, { label: 'implementation' }, { label: 'bytes', align: 'right' }, { label: 'readable', align: 'right' }, { label: 'what was measured' }],
    rows: r.sizes.map((s) => [s.label, s.impl, s.bytes, formatBytes(s.bytes), s.note]),
  });
  if (r.pending.length > 0) out.push({ kind: 'table', title: 'Not measured in this build', columns: [{ label: 'row' }, { label: 'why' }], rows: r.pending.map((p) => [p.id, p.reason]) });
  if (r.failures.length > 0) out.push({ kind: 'table', title: 'Failed rows', columns: [{ label: 'row' }, { label: 'error' }], rows: r.failures.map((f) => [f.id, f.error]) });
  for (const chart of r.charts) out.push({ kind: 'chart', title: chart.title, chart });
  return out;
}

export function benchBundle(r: BenchResults): ReportBundle {
  const m = r.machine;
  const libs = Object.entries(m.libraries)
    .map(([name, v]) => `${name} ${v}`)
    .join(', ');
  return {
    format: 'sealroom-report-bundle',
    version: 1,
    title: 'sealroom benchmarks',
    subtitle: 'The crypto core and the whole protocol, beside libsignal-client, @privacyresearch and raw node:crypto AEAD (PERF-THROUGHPUT)',
    summary: `Measured ${r.finishedAt} on ${m.cpuModel} × ${m.cores}, Node ${m.node}.`,
    meta: [
      { label: 'mode', value: r.mode },
      { label: 'CPU', value: `${m.cpuModel} × ${m.cores}` },
      { label: 'memory', value: formatBytes(m.memoryBytes) },
      { label: 'OS', value: m.os },
      { label: 'Node / V8 / OpenSSL', value: `${m.node} / ${m.v8} / ${m.openssl}` },
      { label: 'libraries', value: libs },
    ],
    sections: sections(r),
  };
}
