// The seeded DRBG (drbg.ts) behind DET-REPLAY: same seed, same stream however it is read; forks are
// independent and do not depend on how much the parent consumed; below() and chance() are in range
// and roughly uniform; misuse is a UsageError.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes, equalBytes, toHex } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { createDrbg, seedKey } from './drbg.ts';

/** drbg.ts refuses single reads above this (MAX_READ_BYTES). */
const READ_LIMIT_BYTES = 1 << 20;
/** Long enough to cross several 4,096-byte keystream refills. */
const STREAM_BYTES = 10_000;

const seedArb = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 128n }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.string(), fc.uint8Array({ maxLength: 40 }));

function readInChunks(seed: Parameters<typeof createDrbg>[0], chunks: readonly number[], total: number): Uint8Array {
  const rng = createDrbg(seed);
  const parts: Uint8Array[] = [];
  let read = 0;
  for (const c of chunks) {
    const n = Math.min(c, total - read);
    parts.push(rng.bytes(n));
    read += n;
  }
  parts.push(rng.bytes(total - read));
  expect(rng.position).toBe(total);
  return concatBytes(...parts);
}

describe('DET-REPLAY drbg streams', () => {
  test.prop([seedArb, fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 12 })], { numRuns: 40 })('the same seed gives the same stream, however the reads are chunked', (seed, chunks) => {
    const whole = createDrbg(seed).bytes(STREAM_BYTES);
    expect(toHex(readInChunks(seed, chunks, STREAM_BYTES))).toBe(toHex(whole));
  });

  test.prop([seedArb, seedArb], { numRuns: 60 })('different seeds give different streams', (a, b) => {
    fc.pre(!equalBytes(seedKey(a), seedKey(b)));
    expect(toHex(createDrbg(a).bytes(32))).not.toBe(toHex(createDrbg(b).bytes(32)));
  });

  test('seed forms: number and bigint of the same integer agree; the string "1" and the bytes [1] do not', () => {
    const first = (s: Parameters<typeof createDrbg>[0]) => toHex(createDrbg(s).bytes(32));
    expect(first(1)).toBe(first(1n));
    expect(new Set([first(1), first('1'), first(Uint8Array.of(1)), first(2)]).size).toBe(4);
  });

  test.prop([seedArb, fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 9000 })], { numRuns: 40 })(
    'fork(label) streams differ from each other and from the parent, and ignore parent consumption',
    (seed, labelA, labelB, consumed) => {
      fc.pre(labelA !== labelB);
      const fresh = createDrbg(seed);
      const forkedEarly = fresh.fork(labelA).bytes(64);
      const used = createDrbg(seed);
      used.bytes(consumed);
      expect(toHex(used.fork(labelA).bytes(64))).toBe(toHex(forkedEarly));
      expect(toHex(used.fork(labelB).bytes(64))).not.toBe(toHex(forkedEarly));
      expect(toHex(createDrbg(seed).bytes(64))).not.toBe(toHex(forkedEarly));
      // Reading a fork does not move the parent.
      const parent = createDrbg(seed);
      parent.fork(labelA).bytes(500);
      expect(parent.position).toBe(0);
      expect(toHex(parent.bytes(64))).toBe(toHex(createDrbg(seed).bytes(64)));
    },
  );

  test('forks of forks are deterministic and distinct by path', () => {
    const a = createDrbg(7).fork('sim').fork('alice').bytes(32);
    expect(toHex(createDrbg(7).fork('sim').fork('alice').bytes(32))).toBe(toHex(a));
    expect(toHex(createDrbg(7).fork('alice').fork('sim').bytes(32))).not.toBe(toHex(a));
    expect(toHex(createDrbg(7).fork('simalice').bytes(32))).not.toBe(toHex(a));
  });

  test('bytes() returns fresh buffers the caller may wipe', () => {
    const rng = createDrbg('wipe');
    const a = rng.bytes(16);
    const b = rng.bytes(16);
    for (const x of [a, b]) expect([x.byteOffset, x.buffer.byteLength]).toEqual([0, 16]); // owns its memory
    const bBefore = toHex(b);
    a.fill(0);
    expect(toHex(b)).toBe(bBefore);
    expect(toHex(rng.bytes(16))).toBe(toHex(createDrbg('wipe').bytes(48).subarray(32)));
  });
});

describe('drbg below() and chance()', () => {
  test.prop([seedArb, fc.integer({ min: 1, max: 2 ** 32 })], { numRuns: 200 })('below(n) is an integer in [0, n)', (seed, n) => {
    const rng = createDrbg(seed);
    for (let i = 0; i < 20; i++) {
      const x = rng.below(n);
      expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
    }
  });

  /** Pearson's chi-square statistic of `draws` values of below(bound), put in `k` buckets, against the uniform distribution. */
  function chiSquare(seed: string, bound: number, k: number, draws: number): number {
    const rng = createDrbg(seed);
    const counts = new Array<number>(k).fill(0);
    const width = bound / k;
    for (let i = 0; i < draws; i++) {
      const b = Math.floor(rng.below(bound) / width);
      counts[b] = (counts[b] as number) + 1;
    }
    const expected = draws / k;
    return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  }

  test('below(n) is roughly uniform (chi-square at fixed seeds, loose bound: p < 1e-6 to exceed)', () => {
    // 9 degrees of freedom: P(chi2 > 50) is about 1e-7; a biased generator (e.g. plain modulo of a
    // byte for n = 10) would land far beyond it. The seeds are fixed, so this cannot flake.
    expect(chiSquare('uniform-10', 10, 10, 20_000)).toBeLessThan(50);
    // A bound of 3 * 2^30 keeps only 3/4 of the 32-bit space: rejection sampling must not skew thirds.
    expect(chiSquare('uniform-thirds', 3 * 2 ** 30, 3, 20_000)).toBeLessThan(30);
    const rng = createDrbg('one');
    for (let i = 0; i < 10; i++) expect(rng.below(1)).toBe(0);
  });

  test('chance(num, den): never at 0, always at den, about num/den otherwise', () => {
    const rng = createDrbg('chance');
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      expect(rng.chance(0, 7)).toBe(false);
      expect(rng.chance(7, 7)).toBe(true);
      if (rng.chance(1, 4)) hits += 1;
    }
    // Binomial(10,000, 1/4): sd is about 43; a window of ±400 is over 9 sd wide.
    expect(Math.abs(hits - 2_500)).toBeLessThan(400);
  });
});

describe('drbg misuse is a UsageError', () => {
  const usage = (fn: () => unknown) => expect(fn).toThrow(UsageError);

  test('reads over the limit, negative or fractional lengths', () => {
    const rng = createDrbg('limits');
    expect(rng.bytes(READ_LIMIT_BYTES).length).toBe(READ_LIMIT_BYTES); // the limit itself is allowed
    usage(() => rng.bytes(READ_LIMIT_BYTES + 1));
    usage(() => rng.bytes(-1));
    usage(() => rng.bytes(1.5));
    expect(rng.bytes(0).length).toBe(0);
  });

  test('below, chance, fork and seed arguments out of range', () => {
    const rng = createDrbg('args');
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) usage(() => rng.below(bad));
    usage(() => rng.chance(5, 4));
    usage(() => rng.chance(-1, 4));
    usage(() => rng.chance(1, 0));
    usage(() => rng.chance(0.5, 2));
    usage(() => rng.fork(''));
    usage(() => createDrbg(2 ** 53));
    usage(() => createDrbg(0.5));
  });
});
