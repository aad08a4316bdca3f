// The trace: JSONL lines, hash, sink, and the kept-lines bound.
import { describe, expect, test } from 'vitest';
import { Trace } from './trace.ts';
import { isSimLimitExceeded } from './simLimitError.ts';

describe('Trace', () => {
  test('DET-REPLAY: the hash covers every line even when lines are not kept', () => {
    const kept = new Trace();
    const streamed: string[] = [];
    const unkept = new Trace({ keepLines: false, sink: (l) => streamed.push(l) });
    for (const t of [kept, unkept]) {
      t.append({ t: 0, kind: 'a', bytes: new Uint8Array([1, 2]) });
      t.append({ t: 5, kind: 'b', n: 2n });
    }
    expect(unkept.traceHash).toBe(kept.traceHash);
    expect(streamed).toEqual(kept.lines());
    expect(kept.lines()[0]).toBe('{"bytes":"0102","kind":"a","t":0}');
    expect(kept.lineCount).toBe(2);
  });

  test('MAX_TRACE_LINES_KEPT: keeping more lines than the bound is refused', () => {
    const t = new Trace({ maxLinesKept: 3 });
    for (let i = 0; i < 3; i++) t.append({ t: i, kind: 'x' });
    let caught: unknown;
    try {
      t.append({ t: 3, kind: 'x' });
    } catch (e) {
      caught = e;
    }
    expect(isSimLimitExceeded(caught, 'MAX_TRACE_LINES_KEPT')).toBe(true);
  });
});
