// Framing and sealed records: round trips, strict opening, and the forensic scan that
// finds frames at any offset in raw bytes and puts multi-frame records back together.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { concatBytes, equalBytes } from '../../protocol/bytes.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { findFrames, MAX_FRAME_BYTES, splitFrames } from './frame.ts';
import { AT_REST_DOMAIN, CHUNK_DATA_BYTES, DEVICE_ROW_DOMAIN, openRecord, recoverRecords, sealRecord } from './sealedRecord.ts';

const rng = createDrbg('sealed-record-test');
const key = { provider: nobleProvider, key: rng.bytes(32), domain: DEVICE_ROW_DOMAIN };

describe('sealed records', () => {
  test.prop([fc.uint8Array({ maxLength: 3 * CHUNK_DATA_BYTES + 7 }), fc.nat(0xffff_ffff)], { numRuns: 30 })('a record opens back to its payload; every frame fits one page cell', (payload, seq) => {
    const sealed = sealRecord(key, rng, 'inbox/x', seq, payload);
    expect(equalBytes(openRecord(key, 'inbox/x', sealed), payload)).toBe(true);
    const frames = splitFrames(sealed) ?? [];
    expect(frames.length).toBe(Math.max(1, Math.ceil(payload.length / CHUNK_DATA_BYTES)));
    for (const f of frames) expect(f.bytes.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  test('STORE_BAD_KEY under another key or domain; STORE_CORRUPT under another label, truncated or reordered', () => {
    const sealed = sealRecord(key, rng, 'state', 1, rng.bytes(2 * CHUNK_DATA_BYTES));
    expect(() => openRecord({ ...key, key: rng.bytes(32) }, 'state', sealed)).toThrow(expect.objectContaining({ code: 'STORE_BAD_KEY' }));
    expect(() => openRecord({ ...key, domain: AT_REST_DOMAIN }, 'state', sealed)).toThrow(expect.objectContaining({ code: 'STORE_BAD_KEY' }));
    expect(() => openRecord(key, 'other', sealed)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
    expect(() => openRecord(key, 'state', sealed.subarray(0, sealed.length - 1))).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
    const [a, b] = splitFrames(sealed) ?? [];
    expect(() => openRecord(key, 'state', concatBytes((b as { bytes: Uint8Array }).bytes, (a as { bytes: Uint8Array }).bytes))).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 4 })], { numRuns: 20 })(
    'SEC-EVAPORATE: the forensic scan finds every sealed record at any offset in noise, and whole records only',
    (gaps) => {
      const noise = createDrbg(`noise-${gaps.join()}`);
      const parts: Uint8Array[] = [];
      gaps.forEach((gap, i) => parts.push(noise.bytes(gap), sealRecord(key, rng, `row/${i}`, i, noise.bytes(100 + i * CHUNK_DATA_BYTES))));
      const found = recoverRecords(key, [concatBytes(...parts, noise.bytes(33))]);
      expect(found.records.map((r) => r.label)).toEqual(gaps.map((_, i) => `row/${i}`));
      expect(found.fragments).toEqual([]);
      expect(findFrames(noise.bytes(100_000))).toEqual([]);
    },
  );

  test('a record missing one of its frames is recovered as fragments, not as a record', () => {
    const payload = rng.bytes(3 * CHUNK_DATA_BYTES);
    const frames = splitFrames(sealRecord(key, rng, 'state', 9, payload)) ?? [];
    const found = recoverRecords(key, [concatBytes((frames[0] as { bytes: Uint8Array }).bytes, (frames[2] as { bytes: Uint8Array }).bytes)]);
    expect(found.records).toEqual([]);
    expect(found.fragments.map((f) => f.data.length)).toEqual([CHUNK_DATA_BYTES, CHUNK_DATA_BYTES]);
    expect(recoverRecords({ ...key, key: rng.bytes(32) }, [frames.map((f) => f.bytes).reduce((x, y) => concatBytes(x, y))]).records).toEqual([]);
  });
});
