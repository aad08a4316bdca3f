// README.md's performance block is generated: it must be exactly what scripts/readmePerformance.ts
// renders from the newest saved bench session (bench/history/), so no figure is typed by hand. And
// the renderer refuses saved runs that cannot give a row, instead of leaving it out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { BenchResults } from '../../bench/harness/results.ts';
import { BenchHistoryError, loadSession, newestSession, parseSavedResults } from '../../scripts/readme/benchHistory.ts';
import { GeneratedBlockError, readGeneratedBlock, replaceGeneratedBlock } from '../../scripts/readme/generatedBlock.ts';
import { renderPerformanceBlock } from '../../scripts/readme/performanceBlock.ts';
import { formatRatio } from '../../scripts/readme/performanceRows.ts';
import { PERFORMANCE_BLOCK, performanceBlocks } from '../../scripts/readmePerformance.ts';

const history = join(import.meta.dirname, '../../bench/history');
const session = loadSession(history, newestSession(history), 'bench/history/s');

describe('README.md performance block', () => {
  test('is what the newest bench/history session renders to (regenerate: npx tsx scripts/readmePerformance.ts)', () => {
    const { rendered, current } = performanceBlocks();
    expect(rendered).toContain('| native one-way message 64 B / 1 KiB vs libsignal |');
    expect(current).toBe(rendered);
  });

  test('states the machine and every saved file it reads', () => {
    const block = renderPerformanceBlock(session);
    const first = session.runs[0]?.results.machine;
    expect(first).toBeDefined();
    expect(block).toContain(`${first!.cpuModel}, ${first!.cores} vCPUs`);
    for (const run of session.runs) expect(block).toContain(`\`${run.file}\``);
  });

  test('a session whose runs lack a row is refused, naming the row', () => {
    const stripped = session.runs.map((r) => ({ ...r, results: { ...r.results, sizes: r.results.sizes.filter((s) => s.id !== 'wire-64B.libsignal') } }));
    expect(() => renderPerformanceBlock({ ...session, runs: stripped })).toThrow(/no saved run measured row "wire bytes for a 64 B message/);
  });

  test('a measured row whose target was not evaluated is refused', () => {
    const untargeted = session.runs.map((r) => ({ ...r, results: { ...r.results, targets: [] } }));
    expect(() => renderPerformanceBlock({ ...session, runs: untargeted })).toThrow(BenchHistoryError);
  });
});

describe('saved bench results', () => {
  const sample = JSON.parse(readFileSync(join(history, newestSession(history), session.runs[0]!.file), 'utf8')) as BenchResults;

  test.each([
    ['not JSON', '{', /f.json: not JSON/],
    ['another format', JSON.stringify({ ...sample, format: 'x' }), /format is "x"/],
    ['another version', JSON.stringify({ ...sample, version: 2 }), /version is 2, expected 1/],
    ['no machine', JSON.stringify({ ...sample, machine: null }), /`machine` must name/],
    ['no ratios', JSON.stringify({ ...sample, ratios: {} }), /`ratios` must be an array/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseSavedResults(text, 'f.json')).toThrow(BenchHistoryError);
    expect(() => parseSavedResults(text, 'f.json')).toThrow(message);
  });
});

describe('generated blocks', () => {
  const md = 'a\n<!-- generated: performance -->\nold\n<!-- /generated -->\nb\n';

  test('replace keeps the markers and everything around them', () => {
    const next = replaceGeneratedBlock(md, PERFORMANCE_BLOCK, 'new 1\nnew 2\n');
    expect(next).toBe('a\n<!-- generated: performance -->\nnew 1\nnew 2\n<!-- /generated -->\nb\n');
    expect(readGeneratedBlock(next, PERFORMANCE_BLOCK)).toBe('new 1\nnew 2\n');
  });

  test.each([
    ['a missing block', 'a\n', /no line <!-- generated: performance -->/],
    ['a doubled block', `${md}${md}`, /appears 2 times \(lines 2, 7\)/],
    ['an unclosed block', 'a\n<!-- generated: performance -->\nold\n', /README.md:2: .* is never closed/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => readGeneratedBlock(text, PERFORMANCE_BLOCK)).toThrow(GeneratedBlockError);
    expect(() => readGeneratedBlock(text, PERFORMANCE_BLOCK)).toThrow(message);
  });
});

test('ratios read with two significant digits below 1 and three from 1', () => {
  expect([0.0601, 0.4149, 2.6349, 11.49, 150.2].map(formatRatio)).toEqual(['0.060×', '0.41×', '2.63×', '11.5×', '150×']);
});
