// Harness logic only (no timing assertions): runBench on a tiny fake suite produces the documented JSON
// shape, turns a throwing case into a failure row, and exits 1 under --check exactly when a target is
// missed or unmeasured; every target in bench/targets.json names a row the real suites produce.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../reports/render/bundle.ts';
import { RESULTS_FORMAT } from './harness/results.ts';
import { groupDesignRatioDefs } from './harness/ratios.ts';
import { loadTargets, type Target } from './harness/targets.ts';
import type { BenchCase } from './harness/types.ts';
import { RESULTS_FILE, runBench } from './run.ts';
import { SIZE_IDS } from './sizes.ts';
import { groupCases } from './suites/group.ts';
import { groupDesignCases } from './suites/groupDesigns.ts';
import { peerCases } from './suites/peers.ts';
import { primitiveCases } from './suites/primitives.ts';
import { protocolCases } from './suites/protocol.ts';
import { refusalCases } from './suites/refusal.ts';
import { worldCases } from './suites/world.ts';

const TINY = { timeMs: 5, warmupMs: 1, minIterations: 3, minIterationsHeavy: 1 };

function busy(): number {
  let x = 0;
  for (let i = 0; i < 2_000; i++) x += i % 7;
  return x;
}

const fake = (id: string, impl: BenchCase['impl'], fn = busy): BenchCase => ({ id, suite: 'protocol', op: 'one-way', impl, params: { bytes: 64 }, unit: 'message', prepare: () => fn });

const CASES: BenchCase[] = [
  fake('protocol.one-way.64B.sealroom-native', 'sealroom-native'),
  fake('protocol.one-way.64B.sealroom-noble', 'sealroom-noble'),
  fake('peers.one-way.64B.libsignal-client', 'libsignal-client'),
  fake('protocol.broken.sealroom-native', 'sealroom-native', () => {
    throw new Error('fake failure');
  }),
];

const generous: Target = {
  id: 'generous',
  description: 'always holds',
  kind: 'time',
  numerator: 'protocol.one-way.64B.sealroom-native',
  denominator: 'peers.one-way.64B.libsignal-client',
  max: 1e12,
  whenUnmeasured: 'fail',
};
const absent: Target = { ...generous, id: 'absent', denominator: 'peers.not-run.libsignal-client' };

async function quiet(targets: readonly Target[], check: boolean, outDir: string | null = null) {
  const out: string[] = [];
  const run = await runBench({ cases: CASES, budget: TINY, targets, check, outDir, json: true, stdout: (t) => out.push(t), stderr: () => undefined });
  return { run, stdout: out.join('') };
}

describe('runBench on a fake suite (harness only)', () => {
  it('writes results JSON with machine, rows, failures, ratios and targets; prints it with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealroom-bench-'));
    try {
      const { run, stdout } = await quiet([generous], true, dir);
      const json = JSON.parse(readFileSync(join(dir, RESULTS_FILE), 'utf8')) as Record<string, unknown>;
      expect(JSON.parse(stdout)).toEqual(json);
      expect(json['format']).toBe(RESULTS_FORMAT);
      expect(json).toHaveProperty('machine.node', process.version);
      expect(json).toHaveProperty('machine.libraries.tinybench');
      expect(run.results.cases.map((c) => c.id)).toEqual(CASES.slice(0, 3).map((c) => c.id));
      for (const c of run.results.cases) {
        expect(c.samples).toBeGreaterThanOrEqual(3);
        expect(c.iqrMs).toBeGreaterThanOrEqual(0);
        // min ≤ median ≤ max over the same samples.
        expect(c.minMs).toBeLessThanOrEqual(c.medianMs);
        expect(c.maxMs).toBeGreaterThanOrEqual(c.medianMs);
      }
      expect(run.results.failures).toEqual([expect.objectContaining({ id: 'protocol.broken.sealroom-native', error: 'fake failure' })]);
      const nobleNative = run.results.ratios.find((r) => r.id === 'noble/native.protocol.one-way.64B');
      expect(nobleNative?.value).toBeGreaterThan(0);
      expect(run.results.ratios.find((r) => r.id === 'sealroom-native/libsignal.one-way.64B')?.value).toBeGreaterThan(0);
      expect(run.files).toEqual(expect.arrayContaining([RESULTS_FILE, 'bench.md', 'bench.html', 'bench.json']));
      expect(() => parseBundle(JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')))).not.toThrow();
      expect(readFileSync(join(dir, 'bench.md'), 'utf8')).toContain('AGPL-3.0');
      expect(run.exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--check exits 1 when a target cannot be measured, 0 without --check', async () => {
    expect((await quiet([generous, absent], true)).run.exitCode).toBe(1);
    expect((await quiet([generous, absent], false)).run.exitCode).toBe(0);
  });

  it('the group-design cases have distinct ids, and every MLS / sender-keys time ratio names two of them', () => {
    const cases = groupDesignCases();
    const ids = new Set(cases.map((c) => c.id));
    expect(ids.size).toBe(cases.length);
    const timeRatios = groupDesignRatioDefs().filter((d) => d.kind === 'time');
    expect(timeRatios.length).toBeGreaterThan(0);
    for (const d of timeRatios) expect([ids.has(d.numerator), ids.has(d.denominator)], d.id).toEqual([true, true]);
  });

  it('every target in bench/targets.json names a row or size the suites produce (or may be skipped)', () => {
    const ids = new Set<string>([...primitiveCases(), ...protocolCases(), ...refusalCases(), ...groupCases(), ...peerCases(), ...worldCases()].map((c) => c.id));
    const sizes = new Set<string>(SIZE_IDS);
    for (const t of loadTargets()) {
      if (t.kind === 'time') expect([ids.has(t.numerator), ids.has(t.denominator)], t.id).toEqual([true, true]);
      else if (t.kind === 'size') expect([sizes.has(t.numerator), sizes.has(t.denominator)], t.id).toEqual([true, true]);
      else if (t.kind === 'bytes') expect(sizes.has(t.measurement) || t.whenUnmeasured === 'skip', t.id).toBe(true);
    }
  });
});
