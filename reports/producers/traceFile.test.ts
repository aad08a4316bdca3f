// DET-REPLAY: the trace file a run writes hashes to the run's trace hash, even though judging appended
// lines to the engine's trace after the hash was taken.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { traceFileFor } from './traceFile.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ kind: 'x', t: i }));
const jsonl = (n: number) =>
  lines
    .slice(0, n)
    .map((l) => `${l}\n`)
    .join('');

describe('traceFileFor', () => {
  test('DET-REPLAY: finds the prefix the hash covers when judging appended lines', () => {
    const f = traceFileFor(lines, sha(jsonl(37)));
    expect(f).toMatchObject({ lineCount: 37, matchesHash: true });
    expect(sha(f.jsonl)).toBe(sha(jsonl(37)));
  });

  test('the whole trace when nothing was appended; the empty prefix when the hash is of nothing', () => {
    expect(traceFileFor(lines, sha(jsonl(40))).lineCount).toBe(40);
    expect(traceFileFor(lines.slice(0, 3), sha(''))).toMatchObject({ lineCount: 0, jsonl: '', matchesHash: true });
  });

  test('a hash no prefix has keeps the whole trace and says so', () => {
    const f = traceFileFor(lines, '00'.repeat(32));
    expect(f).toMatchObject({ lineCount: 40, matchesHash: false });
    expect(f.jsonl).toBe(jsonl(40));
  });
});
