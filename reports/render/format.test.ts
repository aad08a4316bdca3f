// Fixed number formatting: the same value always prints the same text, independent of locale.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { formatAs, formatBytes, formatDurationMs, formatFixed, formatNumber, formatPercent, formatSi } from './format.ts';

describe('number formats', () => {
  test.each([
    [0, '0'],
    [1, '1'],
    [1234.5678, '1235'],
    [12.345, '12.3'],
    [0.0012345, '0.00123'],
    [-2.5, '-2.5'],
    [-0, '0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '∞'],
  ])('formatNumber(%s) = %s', (v, s) => expect(formatNumber(v)).toBe(s));

  test('units', () => {
    expect(formatSi(1500)).toBe('1.5k');
    expect(formatSi(2_000_000)).toBe('2M');
    expect(formatBytes(64)).toBe('64 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(65_536)).toBe('64 KiB');
    expect(formatDurationMs(259_200_000)).toBe('3 d');
    expect(formatDurationMs(90_000)).toBe('1.5 min');
    expect(formatDurationMs(0.25)).toBe('0.25 ms');
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(formatAs(2048, 'bytes')).toBe('2 KiB');
  });

  propTest.prop([fc.double(), fc.constantFrom('number', 'si', 'bytes', 'percent', 'duration-ms' as const)])('never prints an exponent or "undefined"', (v, f) => {
    const s = formatAs(v, f as 'number');
    expect(s).not.toMatch(/e[+-]?\d|undefined/);
    expect(formatAs(v, f as 'number')).toBe(s);
  });
});
