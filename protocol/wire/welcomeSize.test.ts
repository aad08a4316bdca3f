// The arithmetic behind MAX_GROUP_PAIRWISE_BYTES, MAX_CONTENT_BYTES and MAX_WIRE_MESSAGE_BYTES
// (protocol/limits.ts): the largest welcome a room of MAX_GROUP_MEMBERS can need (every id at its cap,
// every optional field present) fits its cap, and carried over a 1:1 session — as a group-control
// content, padded, encrypted, inside a setup message — it fits the wire cap; one member more does not
// fit the welcome's list.
import { describe, expect, test } from 'vitest';
import { encodeContent } from '../content/content.ts';
import { MLKEM768_CIPHERTEXT_BYTES } from '../crypto/provider.ts';
import { pad } from '../content/padding.ts';
import { isProtocolError } from '../errors.ts';
import { deviceId, preKeyId, roomId } from '../ids.ts';
import { MAX_CONTENT_BYTES, MAX_DEVICE_ID_BYTES, MAX_GROUP_MEMBERS, MAX_GROUP_PAIRWISE_BYTES, MAX_ROOM_ID_BYTES, MAX_WIRE_MESSAGE_BYTES } from '../limits.ts';
import type { GroupMember } from './groupMember.ts';
import { decodeGroupPairwise, encodeGroupPairwise, type MembershipOp } from './groupPairwise.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from './pairwiseMessage.ts';

const b = (n: number, fill: number) => new Uint8Array(n).fill(fill);
/** An ASCII id of exactly `bytes` bytes, distinct per `i` and sorted by it. */
const idOf = (i: number, bytes: number) => `${String(i).padStart(6, '0')}${'x'.repeat(bytes - 6)}`;
const member = (i: number): GroupMember => ({ id: deviceId(idOf(i, MAX_DEVICE_ID_BYTES)), identityKey: b(32, 1), admin: true, dh: b(32, 2), binding: b(64, 3) });

function largestWelcome(count: number) {
  const members = Array.from({ length: count }, (_, i) => member(i));
  const op: MembershipOp = {
    roomId: roomId('r'.repeat(MAX_ROOM_ID_BYTES)),
    epoch: 0xffff_ffff,
    prevTranscriptHash: b(32, 4),
    action: { kind: 'add', member: member(count - 1) },
    membersDigest: b(32, 5),
    signerId: deviceId(idOf(0, MAX_DEVICE_ID_BYTES)),
    signature: b(64, 6),
  };
  return { kind: 'welcome' as const, members, op };
}

describe('the caps a 1,024-member welcome needs', () => {
  test('MAX_GROUP_PAIRWISE_BYTES: the largest welcome is 6 + 1,024 × 197 + 462 bytes and fits', () => {
    const bytes = encodeGroupPairwise(largestWelcome(MAX_GROUP_MEMBERS));
    expect(bytes.length).toBe(6 + MAX_GROUP_MEMBERS * 197 + 462);
    expect(bytes.length).toBeLessThanOrEqual(MAX_GROUP_PAIRWISE_BYTES);
    expect(decodeGroupPairwise(bytes)).toEqual(largestWelcome(MAX_GROUP_MEMBERS));
  });

  test('MAX_CONTENT_BYTES and MAX_WIRE_MESSAGE_BYTES: a payload at the cap travels in a setup message', () => {
    const payload = new Uint8Array(MAX_GROUP_PAIRWISE_BYTES).fill(9);
    const content = encodeContent({ kind: 'group-control', roomId: roomId('r'.repeat(MAX_ROOM_ID_BYTES)), payload });
    expect(content.length).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
    const padded = pad(content);
    const wire = encodePairwiseMessage({
      kind: 'prekey',
      initial: {
        initiatorIdentity: { dh: b(32, 1), sign: b(32, 2), binding: b(64, 3) },
        ephemeralPublic: b(32, 4),
        signedPreKeyId: preKeyId(1),
        oneTimePreKeyId: preKeyId(2),
        kem: { preKeyId: preKeyId(3), ciphertext: b(MLKEM768_CIPHERTEXT_BYTES, 5) },
      },
      message: { header: { ratchetKey: b(32, 6), previousCounter: 0, counter: 0 }, headerTag: b(16, 7), ciphertext: new Uint8Array(padded.length + 16) },
    });
    expect(wire.length).toBeLessThanOrEqual(MAX_WIRE_MESSAGE_BYTES);
    expect(decodePairwiseMessage(wire).kind).toBe('prekey');
  });

  test('a welcome listing one member more than MAX_GROUP_MEMBERS is refused WIRE_LENGTH_OVER_LIMIT', () => {
    const bytes = encodeGroupPairwise(largestWelcome(MAX_GROUP_MEMBERS));
    const over = bytes.slice();
    new DataView(over.buffer).setUint32(2, MAX_GROUP_MEMBERS + 1);
    let code = 'accepted';
    try {
      decodeGroupPairwise(over);
    } catch (e) {
      if (isProtocolError(e)) code = e.code;
    }
    expect(code).toBe('WIRE_LENGTH_OVER_LIMIT');
  });
});
