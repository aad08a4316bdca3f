// The broken time axis: bursts days apart get their own segments with the quiet time between them
// collapsed, every tick is a whole number of a real unit since T+0, and positions keep time order.
import { describe, expect, test } from 'vitest';
import { brokenAxis, lengthText, sinceStart } from './timeAxis.ts';

const DAY = 86_400_000;

describe('brokenAxis', () => {
  test('a 7-day run with two bursts: two segments, one gap, the attack not squeezed into a pixel', () => {
    const times = [0, 1_000, 2_500, 4_000, 7 * DAY - 3_000, 7 * DAY - 1_000, 7 * DAY];
    const axis = brokenAxis(times, 0, 7 * DAY + 500, 800);
    expect(axis.segments.length).toBe(2);
    expect(axis.gaps.length).toBe(1);
    // Two seconds at the end of the week span tens of pixels, not a fraction of one.
    expect(axis.x(7 * DAY) - axis.x(7 * DAY - 2_000)).toBeGreaterThan(40);
    expect(axis.width).toBeCloseTo(800, 0);
  });

  test('positions keep time order, and times in a gap fall inside it', () => {
    const axis = brokenAxis([0, 1_000, 3 * DAY, 3 * DAY + 5_000], 0, 3 * DAY + 6_000, 600);
    const xs = [0, 500, 1_000, DAY, 2 * DAY, 3 * DAY, 3 * DAY + 5_000].map((t) => axis.x(t));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    const gap = axis.gaps[0];
    expect(gap).toBeDefined();
    if (gap !== undefined) expect(axis.x(DAY)).toBeGreaterThanOrEqual(gap.x0);
  });

  test('ticks are whole multiples of ms, s, min, h or d since T+0, labelled in those units', () => {
    const axis = brokenAxis([0, 90_000, 2 * DAY + 3_600_000, 2 * DAY + 3_700_000], 0, 2 * DAY + 3_800_000, 900);
    expect(axis.ticks.length).toBeGreaterThan(2);
    for (const t of axis.ticks) {
      expect(Number.isInteger(t.ms)).toBe(true);
      expect(t.label).toMatch(/^0$|^(\d+(d|h|min|s|ms) ?)+$/);
    }
  });

  test('evenly spread events are drawn to scale, with no break', () => {
    const times = Array.from({ length: 20 }, (_, i) => i * 3_600_000);
    const axis = brokenAxis(times, 0, 19 * 3_600_000, 700);
    expect(axis.gaps).toEqual([]);
    expect(axis.x(9.5 * 3_600_000)).toBeCloseTo(350, 0);
  });

  test('huge or degenerate windows still give a few ticks', () => {
    expect(brokenAxis([], 0, 0, 400).ticks.length).toBeGreaterThan(0);
    expect(brokenAxis([0, 1e15], 0, 1e15, 400).ticks.length).toBeLessThan(20);
  });
});

describe('time labels', () => {
  test('since T+0 down to the tick unit, trailing zero parts left out', () => {
    expect(sinceStart(0, 1)).toBe('0');
    expect(sinceStart(90_000, 1_000)).toBe('1min 30s');
    expect(sinceStart(3 * DAY + 2 * 3_600_000 + 15 * 60_000, 60_000)).toBe('3d 2h 15min');
    expect(sinceStart(2 * DAY, 3_600_000)).toBe('2d');
    expect(sinceStart(10_000, 1)).toBe('10s');
  });

  test('a gap tells its length in its two largest units', () => {
    expect(lengthText(2 * DAY + 3 * 3_600_000 + 5_000)).toBe('2d 3h');
    expect(lengthText(56_343)).toBe('56s');
  });
});
