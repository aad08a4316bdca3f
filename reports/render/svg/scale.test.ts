// Axis scales: nice linear ticks covering the data, log ticks at powers, time ticks on whole units.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { linearScale, logScale } from './scale.ts';

describe('scales', () => {
  test('linear ticks are 1-2-5 steps covering the data', () => {
    const s = linearScale(0, 17, 0, 100);
    expect(s.ticks.map((t) => t.label)).toEqual(['0', '5', '10', '15', '20']);
    expect(s.map(0)).toBe(0);
    expect(s.map(20)).toBe(100);
  });

  test('a duration axis ticks on whole hours or days', () => {
    const s = linearScale(0, 2 * 86_400_000, 0, 100, 'duration-ms');
    expect(s.ticks.map((t) => t.label)).toEqual(['0', '12 h', '1 d', '1.5 d', '2 d']);
  });

  test('log ticks are powers of the base', () => {
    expect(logScale(64, 65_536, 0, 100, 2, 'bytes').ticks.map((t) => t.label)).toEqual(['64 B', '256 B', '1 KiB', '4 KiB', '16 KiB', '64 KiB']);
    expect(logScale(3, 4000, 0, 100, 10, 'si').ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1k', '10k']);
  });

  propTest.prop([fc.double({ noNaN: true, min: -1e12, max: 1e12 }), fc.double({ noNaN: true, min: -1e12, max: 1e12 })])('linear domain contains the data and maps into the range', (a, b) => {
    const s = linearScale(a, b, 0, 500);
    expect(s.domain[0]).toBeLessThanOrEqual(Math.min(a, b));
    expect(s.domain[1]).toBeGreaterThanOrEqual(Math.max(a, b));
    expect(s.ticks.length).toBeGreaterThan(1);
    for (const v of [a, b]) {
      expect(s.map(v)).toBeGreaterThanOrEqual(-1e-6);
      expect(s.map(v)).toBeLessThanOrEqual(500 + 1e-6);
    }
  });
});
