// The bench's terminal tables (sizes, ratios, targets): every row on one line, columns aligned however
// long a label is, numbers right-aligned, nothing cut, and the same rows give the same text.
import { describe, expect, test } from 'vitest';
import type { RatioResult } from '../harness/ratios.ts';
import type { TargetResult } from '../harness/targets.ts';
import type { SizeResult } from '../harness/types.ts';
import { ratioLines, sizeLines, targetLines } from './console.ts';

const sizes: SizeResult[] = [
  { id: 'a', label: 'one-way message, 1 KiB', impl: 'process', bytes: 1_100, note: '' },
  { id: 'b', label: 'a label much longer than any column the old fixed-width layout allowed for it', impl: 'process', bytes: 12, note: '' },
];
const ratios: RatioResult[] = [
  { id: 'r1', label: 'send: sealroom / libsignal', kind: 'time', numerator: 'x', denominator: 'y', value: 1.25, numeratorValue: 1, denominatorValue: 1 },
  {
    id: 'r2',
    label: 'group send of 100 members: sealroom / raw AEAD',
    kind: 'time',
    numerator: 'x',
    denominator: 'y',
    value: null,
    numeratorValue: null,
    denominatorValue: null,
    missing: 'libsignal',
  },
];
const targets: TargetResult[] = [{ id: 'send-vs-libsignal', description: '', status: 'hold', measured: 1.25, max: 2, detail: '1.25× ≤ 2×' }];

describe('bench terminal tables', () => {
  test('sizes: one line per row under a header, the bytes column right-aligned, long labels kept whole', () => {
    const lines = sizeLines(sizes).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(sizes[1]?.label);
    // The last column is right-aligned, so every row ends at the same place.
    expect(lines[1]?.length).toBe(lines[2]?.length);
    expect(lines[1]?.endsWith('1100 B')).toBe(true);
  });

  test('ratios and targets: values line up in one column; an unmeasured ratio says why', () => {
    const lines = ratioLines(ratios).trimEnd().split('\n');
    expect(lines[1]?.endsWith('1.25×')).toBe(true);
    expect(lines[2]?.endsWith('not measured (libsignal)')).toBe(true);
    expect(lines[1]?.length).toBe(lines[2]?.length);
    expect(targetLines(targets)).toMatch(/^HOLD +send-vs-libsignal +1\.25× ≤ 2×$/m);
    expect(sizeLines(sizes)).toBe(sizeLines(sizes));
  });
});
