// Harness logic only (no timing): ratio computation and PERF-THROUGHPUT target evaluation on fixed
// measurements, and strict parsing of bench/targets.json (the real file must parse and name real rows).
import { describe, expect, it } from 'vitest';
import { computeRatio, providerRatioDefs, type Measurements } from './ratios.ts';
import { checkPasses, evaluateTargets, loadTargets, parseTargets, TargetsFileError, type Target } from './targets.ts';
import type { CaseResult } from './types.ts';

const m: Measurements = {
  timesMs: new Map([
    ['a.native', 2],
    ['a.libsignal', 4],
    ['b.noble', 30],
    ['b.pr', 100],
    ['zero', 0],
  ]),
  bytes: new Map([
    ['wire.ours', 126],
    ['wire.theirs', 169],
    ['rss', 3 * 2 ** 30],
  ]),
};

const ratioTarget = (id: string, numerator: string, denominator: string, max: number, kind: 'time' | 'size' = 'time'): Target => ({
  id,
  description: id,
  kind,
  numerator,
  denominator,
  max,
  whenUnmeasured: 'fail',
});

describe('PERF-THROUGHPUT ratios and targets', () => {
  it('a time ratio is median(numerator) / median(denominator)', () => {
    const r = computeRatio({ id: 'r', label: 'r', kind: 'time', numerator: 'a.native', denominator: 'a.libsignal' }, m);
    expect(r.value).toBe(0.5);
    expect(r.numeratorValue).toBe(2);
    expect(r.denominatorValue).toBe(4);
  });

  it('a ratio with a side missing, or a zero denominator, has no value and says why', () => {
    expect(computeRatio({ id: 'r', label: 'r', kind: 'time', numerator: 'a.native', denominator: 'nope' }, m)).toMatchObject({ value: null, missing: 'nope' });
    expect(computeRatio({ id: 'r', label: 'r', kind: 'time', numerator: 'a.native', denominator: 'zero' }, m).value).toBeNull();
  });

  it('holds at or under max, misses above, and --check fails on any miss', () => {
    const results = evaluateTargets(
      [ratioTarget('faster', 'a.native', 'a.libsignal', 1), ratioTarget('five-x', 'b.noble', 'b.pr', 0.2), ratioTarget('bytes', 'wire.ours', 'wire.theirs', 1, 'size')],
      m,
    );
    expect(results.map((r) => r.status)).toEqual(['hold', 'miss', 'hold']);
    expect(results[1]?.measured).toBeCloseTo(0.3);
    expect(results[1]?.detail).toContain('b.noble / b.pr');
    expect(checkPasses(results)).toBe(false);
    expect(checkPasses(results.filter((r) => r.status === 'hold'))).toBe(true);
  });

  it('an unmeasured target fails --check unless it says whenUnmeasured: skip', () => {
    const must = ratioTarget('must', 'a.native', 'absent', 1);
    const may: Target = { id: 'may', description: 'may', kind: 'bytes', measurement: 'absent', max: 1, whenUnmeasured: 'skip' };
    const [a, b] = evaluateTargets([must, may], m);
    expect(a?.status).toBe('unmeasured');
    expect(b?.status).toBe('skipped');
    expect(checkPasses([b!])).toBe(true);
    expect(checkPasses([a!, b!])).toBe(false);
  });

  it('a bytes target compares the value itself with max', () => {
    const [r] = evaluateTargets([{ id: 'rss', description: 'rss', kind: 'bytes', measurement: 'rss', max: 2 ** 31, whenUnmeasured: 'fail' }], m);
    expect(r?.status).toBe('miss');
  });

  it('parses strictly: wrong kind, missing field, non-positive max and duplicate ids are refused', () => {
    const ok = { id: 'x', description: 'd', kind: 'time', numerator: 'a', denominator: 'b', max: 1 };
    expect(parseTargets({ targets: [ok] })[0]).toMatchObject({ id: 'x', whenUnmeasured: 'fail' });
    expect(() => parseTargets({ targets: [{ ...ok, kind: 'speed' }] })).toThrow(TargetsFileError);
    expect(() => parseTargets({ targets: [{ ...ok, numerator: undefined }] })).toThrow(TargetsFileError);
    expect(() => parseTargets({ targets: [{ ...ok, max: 0 }] })).toThrow(TargetsFileError);
    expect(() => parseTargets({ targets: [ok, ok] })).toThrow(TargetsFileError);
    expect(() => parseTargets({ targets: [{ ...ok, whenUnmeasured: 'maybe' }] })).toThrow(TargetsFileError);
    expect(() => parseTargets([])).toThrow(TargetsFileError);
  });

  it('bench/targets.json parses and names the issue-8 targets', () => {
    const ids = loadTargets().map((t) => t.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'native-one-way-64B-vs-libsignal',
        'native-ping-pong-vs-libsignal',
        'native-setup-vs-libsignal',
        'noble-ping-pong-vs-privacyresearch',
        'native-overhead-over-raw-aead-1KiB',
        'wire-bytes-vs-libsignal',
      ]),
    );
  });

  it('pairs every noble case with its native twin for noble/native ratios', () => {
    const row = (id: string, impl: CaseResult['impl']): CaseResult => ({
      id,
      suite: 'primitives',
      op: 'x',
      impl,
      params: {},
      unit: 'call',
      samples: 3,
      medianMs: 1,
      meanMs: 1,
      madMs: 0,
      iqrMs: 0,
      opsPerSec: 1000,
    });
    const defs = providerRatioDefs([
      row('primitives.x.sealroom-noble', 'sealroom-noble'),
      row('primitives.x.sealroom-native', 'sealroom-native'),
      row('primitives.y.sealroom-noble', 'sealroom-noble'),
    ]);
    expect(defs.map((d) => [d.numerator, d.denominator])).toEqual([['primitives.x.sealroom-noble', 'primitives.x.sealroom-native']]);
  });
});
