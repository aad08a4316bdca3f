// The reliability suite in `npm test`: the mutation fuzzer on a fixed budget over every captured
// 1:1 and group path finds no crash, no state change on refusal and no lossy decode, the same figures
// for the same seed; every captured original is accepted (so the refusals are the mutations'); the
// crash budget's figures come out clean with its negative control finding bytes; and the page
// reports the figures it is given.
import { describe, expect, test } from 'vitest';
import { parseBundle } from '../render/bundle.ts';
import { mutate, reliabilityTargets, runReliabilityFuzz, TEST_FUZZ_BUDGET, type FuzzFigures } from './reliabilityFuzz.ts';
import { reliabilityBundle, reliabilityProblems } from './reliabilityPage.ts';
import { crashSection, CRASH_CONTROL_CONFIG } from './reliabilitySuite.ts';
import type { SoakFigures } from './reliabilitySoak.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { deviceTarget, fuzzTarget, phone } from './reliabilityFuzzKit.ts';

describe('reliability fuzzer', () => {
  const seed = 'reliability-test';
  const figures = runReliabilityFuzz({ seed, budget: TEST_FUZZ_BUDGET });

  test('SEC-INTEGRITY: mutated wire messages and stored states end as acceptances or ProtocolErrors, refusals change nothing, decodes are canonical', () => {
    expect(figures.filter((f) => f.family === 'pairwise').length).toBeGreaterThanOrEqual(5);
    expect(figures.filter((f) => f.family === 'group').map((f) => f.target)).toEqual([
      'group welcome (over 1:1) → receiveMessage',
      'group sender key (over 1:1) → receiveMessage',
      'group removal op (over 1:1) → receiveMessage',
      'sender-key group message → receiveGroupText',
      'group payload → decodeGroupPairwise',
      'group message → decodeGroupMessage',
      'group room state → decodeGroupState',
    ]);
    for (const f of figures) {
      expect(f.tried, f.target).toBe(TEST_FUZZ_BUDGET);
      expect(f.accepted + f.refused, `${f.target}: ${f.firstProblem}`).toBe(f.tried);
      expect([f.crashes, f.stateChangesOnRefusal, f.nonCanonical], f.target).toEqual([0, 0, 0]);
    }
    for (const f of figures) expect(f.refused, f.target).toBeGreaterThan(0);
  });

  test('every captured original is accepted by its path: the refusals are the mutations', () => {
    const t = reliabilityTargets(seed);
    for (const target of [...t.pairwise, ...t.group]) expect(target.feed(target.original), target.name).toBe('accepted');
  });

  test('the state check is not vacuous: a refusal that hands back another state is counted, with its code', () => {
    const before = phone('control', seed).device;
    const changed = { ...before, config: { ...before.config, requirePq: !before.config.requirePq } };
    const t = deviceTarget('control', Uint8Array.of(1), before, () => ({ ok: false, device: changed, code: 'INVALID_MESSAGE' }));
    const f = fuzzTarget(t, 3, createDrbg('control'), 'pairwise');
    expect([f.stateChangesOnRefusal, f.refused]).toEqual([3, 0]);
    expect(f.firstProblem).toBe('INVALID_MESSAGE changed the receiver (input 0)');
  });

  test('the same seed and budget give the same figures', () => {
    expect(runReliabilityFuzz({ seed, budget: 8 })).toEqual(runReliabilityFuzz({ seed, budget: 8 }));
  });

  test('every mutation differs from its input', () => {
    const rng = createDrbg('mutations');
    const input = Uint8Array.of(1, 2, 3, 4);
    for (let i = 0; i < 200; i++) expect(mutate(input, rng)).not.toEqual(input);
  });

  test('a bad budget is refused', () => {
    expect(() => runReliabilityFuzz({ seed, budget: 0 })).toThrow(RangeError);
  });
});

describe('crash injection on the page', () => {
  test('a hardened kill and the negative control: no deleted byte, no lost write; the control finds bytes', async () => {
    const c = await crashSection('reliability-test', [
      { config: 'hardened', kill: 'committed' },
      { config: CRASH_CONTROL_CONFIG, kill: 'acked' },
    ]);
    expect(c.figures).toMatchObject({ kills: 1, killPointsTried: 1, deletedBytesFound: 0, residueAfterRecovery: 0, acknowledgedLost: 0, missedKillPoints: 0, firstProblem: '' });
    expect(c.figures.filesSearched).toBeGreaterThan(0);
    expect(c.control?.deletedBytesFound).toBeGreaterThan(0);
    expect(reliabilityProblems([], { crash: c })).toBe(0);
    expect(reliabilityProblems([], { crash: { ...c, control: { config: CRASH_CONTROL_CONFIG, deletedBytesFound: 0 } } }), 'a control that finds nothing is a problem').toBe(1);
  });
});

describe('reliabilityBundle', () => {
  const clean: FuzzFigures = { target: 'a path', family: 'pairwise', tried: 10, accepted: 2, refused: 8, crashes: 0, stateChangesOnRefusal: 0, nonCanonical: 0, firstProblem: '' };

  const crash = {
    figures: { kills: 40, killPointsTried: 10, filesSearched: 90, deletedBytesFound: 0, residueAfterRecovery: 0, acknowledgedLost: 0, missedKillPoints: 0, firstProblem: '' },
    control: { config: 'wal-secure-delete', deletedBytesFound: 3 },
  };
  const verdicts = {
    'SEC-SERVER-BLIND': 'pass',
    'SEC-MITM': 'not exercised',
    'SEC-EVAPORATE': 'pass',
    'SEC-RETENTION': 'pass',
    'SEC-INTEGRITY': 'pass',
    'SEC-FS': 'pass',
    'SEC-PCS': 'pass',
    'SEC-GROUP': 'pass',
    'SEC-WARRANT': 'pass',
    'SEC-PQ': 'pass',
    'LIVE-DELIVERY': 'pass',
    'DET-REPLAY': 'pass',
  } as const;
  const soak: SoakFigures = {
    seed: 1,
    days: 7,
    actions: 100,
    messages: 40,
    acceptances: 70,
    faults: { dropped: 6, partitionDropped: 1, duplicated: 7, reordered: 9, offlinePeriods: 2, partitions: 3, phoneSeizures: 4, serverSeizures: 1, rollbacks: 1 },
    verdicts,
    failures: [],
    traceHash: 'ab'.repeat(32),
    peakRssBytes: 200 * 1024 * 1024,
  };

  test('clean figures: the summary says so, with the crash-injection and soak figures when given', () => {
    const b = parseBundle(reliabilityBundle([clean, { ...clean, target: 'a group path', family: 'group' }], { seed: 's', budget: 10, crash, soak }));
    expect(b.summary).toContain('**No crash, no state change on refusal, no lossy decode; no deleted byte found and no acknowledged write lost; no property failed over 7 simulated days**');
    expect(b.sections.map((s) => s.id)).toEqual(['fuzzer', 'group-fuzzer', 'crash-injection', 'soak', 'soak-verdicts']);
    const t = b.sections[0];
    expect(t?.kind === 'table' ? t.rows[0] : []).toEqual(['a path', 10, 2, 8, 0, 0, 0, '—']);
    const c = b.sections[2];
    expect(c?.kind === 'table' ? c.rows.map((r) => r[1]) : []).toEqual([40, 10, 90, 0, 0, 0, 0, 3, '—']);
    const v = b.sections[4];
    expect(v?.kind === 'table' ? v.rows.find((r) => r[0] === 'SEC-MITM') : []).toEqual(['SEC-MITM', 'not exercised', '—']);
  });

  test('a failed soak property and a crash finding count as problems and name themselves', () => {
    const failed: SoakFigures = { ...soak, verdicts: { ...verdicts, 'LIVE-DELIVERY': 'fail' }, failures: [{ property: 'LIVE-DELIVERY', violation: 'm1 reached bob 0 times' }] };
    const found = { ...crash, figures: { ...crash.figures, deletedBytesFound: 2, firstProblem: 'hardened, killed at acked: inbox/r3#3 bytes in store.db' } };
    const b = parseBundle(reliabilityBundle([clean], { seed: 's', budget: 10, crash: found, soak: failed }));
    expect(b.summary).toContain('**3 problem(s) found**');
    const v = b.sections.find((s) => s.id === 'soak-verdicts');
    expect(v?.kind === 'table' ? v.rows.find((r) => r[0] === 'LIVE-DELIVERY') : []).toEqual(['LIVE-DELIVERY', 'fail', 'm1 reached bob 0 times']);
    const c = b.sections.find((s) => s.id === 'crash-injection');
    expect(c?.kind === 'table' ? c.rows.at(-1)?.[1] : null).toBe('hardened, killed at acked: inbox/r3#3 bytes in store.db');
  });

  test('a crash leads the summary and names its first problem; no crash figures, no crash section', () => {
    const b = parseBundle(reliabilityBundle([{ ...clean, refused: 7, crashes: 1, firstProblem: 'threw TypeError: x (input 3)' }], { seed: 's', budget: 10 }));
    expect(b.summary).toContain('**1 problem(s) found**');
    expect(b.summary).toContain('crash.test.ts');
    expect(b.sections.map((s) => s.id)).toEqual(['fuzzer']);
    const t = b.sections[0];
    expect(t?.kind === 'table' ? t.rows[0]?.[7] : null).toBe('threw TypeError: x (input 3)');
  });
});
