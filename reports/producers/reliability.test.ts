// The reliability suite in `npm test`: the mutation fuzzer on a fixed budget over every captured
// path finds no crash, no state change on refusal and no lossy decode, the same figures for the same
// seed; and the page reports the figures it is given.
import { describe, expect, test } from 'vitest';
import { parseBundle } from '../render/bundle.ts';
import { mutate, runReliabilityFuzz, TEST_FUZZ_BUDGET, type FuzzFigures } from './reliabilityFuzz.ts';
import { reliabilityBundle } from './reliabilityPage.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';

describe('reliability fuzzer', () => {
  const seed = 'reliability-test';
  const figures = runReliabilityFuzz({ seed, budget: TEST_FUZZ_BUDGET });

  test('SEC-INTEGRITY: mutated wire messages and stored states end as acceptances or ProtocolErrors, refusals change nothing, decodes are canonical', () => {
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const f of figures) {
      expect(f.tried, f.target).toBe(TEST_FUZZ_BUDGET);
      expect(f.accepted + f.refused, `${f.target}: ${f.firstProblem}`).toBe(f.tried);
      expect([f.crashes, f.stateChangesOnRefusal, f.nonCanonical], f.target).toEqual([0, 0, 0]);
    }
    expect(figures.some((f) => f.refused > 0)).toBe(true);
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

describe('reliabilityBundle', () => {
  const clean: FuzzFigures = { target: 'a path', tried: 10, accepted: 2, refused: 8, crashes: 0, stateChangesOnRefusal: 0, nonCanonical: 0, firstProblem: '' };

  test('clean figures: the summary says so, with the crash-injection figures when given', () => {
    const b = parseBundle(reliabilityBundle([clean], { seed: 's', budget: 10, crash: { kills: 40, deletedBytesFound: 0, acknowledgedLost: 0 } }));
    expect(b.summary).toContain('**No crash, no state change on refusal, no lossy decode, no deleted byte found and no acknowledged write lost**');
    expect(b.sections.map((s) => s.id)).toEqual(['fuzzer', 'crash-injection']);
    const t = b.sections[0];
    expect(t?.kind === 'table' ? t.rows[0] : []).toEqual(['a path', 10, 2, 8, 0, 0, 0, '—']);
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
