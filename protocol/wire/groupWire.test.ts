// Strict decoding of the group wire formats (docs/conventions.md): round trips, and each refusal its own
// code: unknown tag, bad version, truncation, trailing bytes, over-cap lengths.
import { describe, expect, test } from 'vitest';
import { isProtocolError } from '../errors.ts';
import { deviceId, roomId } from '../ids.ts';
import { decodeGroupMessage, encodeGroupMessage, type GroupMessage } from './groupMessage.ts';
import { decodeGroupPairwise, encodeGroupPairwise, type GroupPairwisePayload } from './groupPairwise.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isProtocolError(e)) return e.code;
    throw e;
  }
  return 'accepted';
}

const b = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
const op = {
  roomId: roomId('r'),
  epoch: 3,
  prevTranscriptHash: b(32),
  action: { kind: 'remove', memberId: deviceId('x') } as const,
  membersDigest: b(32, 2),
  signerId: deviceId('a'),
  signature: b(64, 3),
};
const payloads: GroupPairwisePayload[] = [
  { kind: 'sender-key', roomId: roomId('r'), senderId: deviceId('a'), epoch: 1, transcriptHash: b(32), chainId: b(16), index: 7, chainKey: b(32), signingPublic: b(32) },
  { kind: 'membership', op },
  { kind: 'welcome', members: [{ id: deviceId('a'), identityKey: b(32), admin: true }], op: { ...op, action: { kind: 'create' } } },
];
const message: GroupMessage = { roomId: roomId('r'), senderId: deviceId('a'), epoch: 1, transcriptHash: b(32), chainId: b(16), index: 0, ciphertext: b(80), signature: b(64) };

describe('group wire formats', () => {
  test.each(payloads.map((p) => [p.kind, p] as const))('pairwise %s round-trips', (_kind, p) => {
    const bytes = encodeGroupPairwise(p);
    expect(encodeGroupPairwise(decodeGroupPairwise(bytes))).toEqual(bytes);
    expect(codeOf(() => decodeGroupPairwise(new Uint8Array([...bytes, 0])))).toBe('WIRE_TRAILING_BYTES');
    expect(codeOf(() => decodeGroupPairwise(bytes.slice(0, -1)))).toBe('WIRE_TRUNCATED');
  });

  test('pairwise payload: unknown tag and bad version are refused', () => {
    const bytes = encodeGroupPairwise(payloads[0]!);
    expect(codeOf(() => decodeGroupPairwise(new Uint8Array([1, 9, ...bytes.slice(2)])))).toBe('WIRE_UNKNOWN_TAG');
    expect(codeOf(() => decodeGroupPairwise(new Uint8Array([2, ...bytes.slice(1)])))).toBe('WIRE_BAD_VERSION');
  });

  test('group message round-trips; truncation, trailing bytes, bad version and oversize are refused', () => {
    const bytes = encodeGroupMessage(message);
    expect(encodeGroupMessage(decodeGroupMessage(bytes))).toEqual(bytes);
    expect(codeOf(() => decodeGroupMessage(bytes.slice(0, -1)))).toBe('WIRE_TRUNCATED');
    expect(codeOf(() => decodeGroupMessage(new Uint8Array([...bytes, 0])))).toBe('WIRE_TRAILING_BYTES');
    expect(codeOf(() => decodeGroupMessage(new Uint8Array([2, ...bytes.slice(1)])))).toBe('WIRE_BAD_VERSION');
    expect(codeOf(() => decodeGroupMessage(new Uint8Array(200_000)))).toBe('WIRE_TOO_LARGE');
  });
});
