// The shipped-2014 key memo's bound (SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES, lruMemo.ts): never more
// entries than the capacity, the least recently used dropped first, and the values always those of
// the function (the bound changes only how often it runs, so no verdict can depend on it).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.ts';
import { SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES } from '../../limits.ts';
import { lruMemo } from './lruMemo.ts';

describe('lruMemo', () => {
  it('drops the least recently used entry first: a recent hit survives, the oldest untouched one goes', () => {
    const made: string[] = [];
    const memo = lruMemo<string>(3);
    const get = (k: string) => memo.get(k, () => (made.push(k), `v:${k}`));
    for (const k of ['a', 'b', 'c']) get(k);
    get('a'); // a is now the most recent
    get('d'); // full: b, the least recently used, goes
    expect(memo.size).toBe(3);
    get('a');
    get('c');
    get('b');
    expect(made).toEqual(['a', 'b', 'c', 'd', 'b']);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 1, max: 8 })])('never over capacity, and every value is the function’s', (keys, capacity) => {
    const memo = lruMemo<number>(capacity);
    for (const k of keys) {
      expect(memo.get(String(k), () => k * k)).toBe(k * k);
      expect(memo.size).toBeLessThanOrEqual(capacity);
    }
  });

  it('the install-key memo has a positive capacity; a zero capacity is a caller error', () => {
    expect(SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES).toBeGreaterThan(0);
    expect(() => lruMemo(0)).toThrow(UsageError);
  });
});
