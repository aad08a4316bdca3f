// The stored-envelope codec is as strict as the protocol's wire codecs (docs/conventions.md §8): an
// unknown kind is refused WIRE_UNKNOWN_TAG and a time above 2^53 - 1 WIRE_BAD_VALUE (a ProtocolError,
// never a UsageError or an untyped throw), and every decoded value encodes back to the same bytes.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isProtocolError } from '../../protocol/errors.ts';
import type { DeviceId, RoomId } from '../../protocol/ids.ts';
import { checkRoundTrip, expectCanonicalOrRefused, mutationsArb, type Format } from '../../test/kits/wireArbitraries.ts';
import { decodeStoredEnvelope, encodeStoredEnvelope, type StoredEnvelope } from './envelope.ts';

const format: Format<StoredEnvelope> = { encode: encodeStoredEnvelope, decode: decodeStoredEnvelope };

const idArb = fc.string({ minLength: 1, maxLength: 12 });
const timeArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const storedArb: fc.Arbitrary<StoredEnvelope> = fc
  .record({
    serverId: idArb,
    storedAtMs: timeArb,
    id: idArb,
    from: idArb,
    to: idArb,
    roomId: fc.option(idArb, { nil: undefined }),
    kind: fc.constantFrom('pairwise', 'group', 'control' as const),
    body: fc.uint8Array({ maxLength: 48 }),
    sentAtMs: timeArb,
  })
  .map(({ serverId, storedAtMs, roomId, ...e }) => {
    const base = { ...e, from: e.from as DeviceId, to: e.to as DeviceId };
    return { serverId, storedAtMs, envelope: roomId === undefined ? base : { ...base, roomId: roomId as RoomId } };
  });

const sample: StoredEnvelope = {
  serverId: 's1',
  storedAtMs: 7,
  envelope: { id: 'e1', from: 'a' as DeviceId, to: 'b' as DeviceId, kind: 'group', body: new Uint8Array([1, 2, 3]), sentAtMs: 5 },
};

/** The code a decode fails with, or 'accepted'; anything but a ProtocolError is named as such. */
function codeOf(bytes: Uint8Array): string {
  try {
    decodeStoredEnvelope(bytes);
    return 'accepted';
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
}

// Offsets in the sample's encoding: version 1, serverId (u16 length + 2), storedAtMs 8, then the
// envelope: id, from, to (2 + 2, 2 + 1, 2 + 1), roomId absent (1), kind 1, body (u32 length + 3), sentAtMs 8.
const STORED_AT = 1 + 4;
const KIND_AT = STORED_AT + 8 + 4 + 3 + 3 + 1;
const SENT_AT = KIND_AT + 1 + 4 + 3;

describe('stored envelope codec', () => {
  test('the sample encoding has the layout the offsets assume', () => {
    const bytes = encodeStoredEnvelope(sample);
    expect(bytes.length).toBe(SENT_AT + 8);
    expect(bytes[KIND_AT]).toBe(1); // 'group'
    expect(bytes[SENT_AT + 7]).toBe(5);
    expect(bytes[STORED_AT + 7]).toBe(7);
  });

  test('an unknown kind byte is refused WIRE_UNKNOWN_TAG, each known one accepted', () => {
    const bytes = encodeStoredEnvelope(sample);
    for (let tag = 0; tag < 256; tag++) {
      const b = bytes.slice();
      b[KIND_AT] = tag;
      expect(codeOf(b), `kind ${tag}`).toBe(tag < 3 ? 'accepted' : 'WIRE_UNKNOWN_TAG');
    }
  });

  test('a sentAtMs or storedAtMs above 2^53 - 1 is refused WIRE_BAD_VALUE, not rounded; 2^53 - 1 round-trips', () => {
    for (const at of [SENT_AT, STORED_AT]) {
      const over = encodeStoredEnvelope(sample);
      over.fill(0, at, at + 8);
      over[at + 1] = 0x20; // exactly 2^53
      expect(codeOf(over)).toBe('WIRE_BAD_VALUE');
      over.fill(0xff, at, at + 8);
      expect(codeOf(over)).toBe('WIRE_BAD_VALUE');
    }
    const largest = { ...sample, storedAtMs: Number.MAX_SAFE_INTEGER, envelope: { ...sample.envelope, sentAtMs: Number.MAX_SAFE_INTEGER } };
    expect(decodeStoredEnvelope(encodeStoredEnvelope(largest))).toEqual(largest);
  });

  test.prop([storedArb, mutationsArb], { numRuns: 60 })('decode(encode(x)) = x; a mutated encoding is canonical or a ProtocolError', (value, mutations) => {
    checkRoundTrip(format, value, mutations);
  });

  test.prop([fc.uint8Array({ maxLength: 96 })], { numRuns: 60 })('arbitrary bytes are canonical or a ProtocolError', (bytes) => {
    expectCanonicalOrRefused(format, bytes);
  });
});
