// Progress display: TTY redraws one line, plain mode (not a TTY, or CI) prints periodic lines; text is exact
// for a given clock (the clock is injected, never read in tests).

import { describe, expect, test } from 'vitest';
import { createProgress, detectMode, progressLine, progressText } from './progress.ts';

function sink(isTTY: boolean): { write(t: string): void; isTTY: boolean; columns: number; out: string[] } {
  const out: string[] = [];
  return { out, isTTY, columns: 80, write: (t: string) => void out.push(t) };
}

describe('progress', () => {
  test('text has counts, percent, rate and ETA', () => {
    expect(progressText({ label: 'check', done: 30, total: 100, elapsedMs: 3000 })).toBe('check 30/100 30% 10.0/s ETA 7s');
    expect(progressText({ label: 'sim', done: 5, total: null, elapsedMs: 125_000 })).toBe('sim 5 0.04/s 2m05s elapsed');
    expect(progressLine({ label: 'x', done: 1, total: 2, elapsedMs: 1000 }, 80)).toBe('[############------------] x 1/2 50% 1.00/s ETA 1s');
  });

  test('mode: CI or no TTY → plain; TTY → tty', () => {
    expect(detectMode({ write: () => 0, isTTY: true }, {})).toBe('tty');
    expect(detectMode({ write: () => 0, isTTY: true }, { CI: 'true' })).toBe('plain');
    expect(detectMode({ write: () => 0, isTTY: false }, {})).toBe('plain');
    expect(detectMode({ write: () => 0, isTTY: true }, { CI: 'false' })).toBe('tty');
  });

  test('TTY: redraws in place (carriage return, clear line), throttled, newline at the end', () => {
    let t = 0;
    const s = sink(true);
    const p = createProgress({ label: 'runs', total: 10, stream: s, env: {}, now: () => t });
    for (let i = 0; i < 10; i += 1) {
      t += 50;
      p.tick();
    }
    p.finish('done');
    expect(s.out.every((o) => o.startsWith('\r\x1b[2K') || o === '\n' || o === 'done\n')).toBe(true);
    expect(s.out.filter((o) => o.startsWith('\r')).length).toBeLessThan(10);
    expect(s.out.at(-3)).toContain('10/10 100%');
    expect(s.out.slice(-2)).toEqual(['\n', 'done\n']);
  });

  test('plain: one line at start, then one per interval, then the final line', () => {
    let t = 0;
    const s = sink(false);
    const p = createProgress({ label: 'runs', total: 100, stream: s, env: { CI: '1' }, now: () => t, plainIntervalMs: 1000 });
    for (let i = 0; i < 100; i += 1) {
      t += 100;
      p.tick();
    }
    p.finish();
    expect(s.out.every((o) => o.endsWith('\n') && !o.includes('\r'))).toBe(true);
    expect(s.out.length).toBe(1 + 9 + 1);
    expect(s.out.at(-1)).toBe('runs 100/100 100% 10.0/s 10s elapsed\n');
  });

  test('silent mode writes nothing', () => {
    const s = sink(true);
    const p = createProgress({ label: 'x', total: 1, stream: s, mode: 'silent' });
    p.tick();
    p.finish('bye');
    expect(s.out).toEqual([]);
  });
});
