// The shipped-2014 phone's pure steps: room exchange, chat encryption with no MAC, and the store's
// named limits (each with an over-the-limit test). SEC-INTEGRITY: nothing here can refuse a replay.
import { beforeAll, describe, expect, test } from 'vitest';
import { utf8 } from '../../../protocol/bytes.ts';
import { UsageError } from '../../../protocol/errors.ts';
import { MAX_INBOX_MESSAGES } from '../../../protocol/limits.ts';
import { createDrbg } from '../../../protocol/random/drbg.ts';
import { fixtureKey } from '../../../test/kits/shippedKeys.ts';
import { chatMessageId, encryptChat, receiveChat, receiveChatByTrial } from './chat.ts';
import { adoptRoomKey, startRoom } from './rooms.ts';
import { findRoom, MAX_ROOM_COUNTER, MAX_SHIPPED_ROOMS, withRoom, type ShippedRoom, type ShippedState } from './state.ts';
import { deserializeShipped, serializeShipped } from './storeCodec.ts';

const TEST_TIMEOUT_MS = 30_000;
const empty = (user: 'alice' | 'bob'): ShippedState => {
  const k = fixtureKey(user);
  return { user, publicKey: k.publicKey, privateKey: k.privateKey, contacts: [], rooms: [], inbox: [] };
};

let alice: ShippedState;
let bob: ShippedState;
let room: ShippedRoom;

beforeAll(() => {
  const started = startRoom(empty('alice'), createDrbg('chat room'), { roomId: 'ab', peer: 'bob', peerPublicKey: fixtureKey('bob').publicKey });
  alice = started.state;
  bob = adoptRoomKey(empty('bob'), { roomId: 'ab', peer: 'alice', slot: 'peer', roomKeyMessage: started.roomKeyMessage, peerPublicKey: undefined });
  const r = findRoom(bob, 'ab');
  if (r === undefined) throw new Error('bob did not adopt the room');
  room = r;
}, TEST_TIMEOUT_MS);

describe('shipped-2014 chat steps', () => {
  test('both sides derive the same K; the two sides never reuse a message id (parity bit)', () => {
    expect(findRoom(alice, 'ab')?.messageKey).toEqual(room.messageKey);
    const ids = [0, 1, 2].flatMap((n) => [chatMessageId(n, 'alice', 'bob'), chatMessageId(n, 'bob', 'alice')]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('adopting the same room-key message again changes nothing; a foreign one is refused and commits nothing', () => {
    const msg = room.roomKeyMessage;
    expect(adoptRoomKey(bob, { roomId: 'ab', peer: 'alice', slot: 'peer', roomKeyMessage: msg, peerPublicKey: undefined })).toBe(bob);
    const before = serializeShipped(alice);
    expect(() => adoptRoomKey(alice, { roomId: 'ab', peer: 'bob', slot: 'peer', roomKeyMessage: msg, peerPublicKey: undefined })).toThrow(expect.objectContaining({ code: 'KEM_BAD_CIPHERTEXT' }));
    expect(serializeShipped(alice)).toEqual(before);
  });

  test('SEC-INTEGRITY: a message is accepted as often as it arrives and any bytes decrypt to something', () => {
    const sent = encryptChat(alice, 'ab', { messageId: 'alice-m1', timerMs: 0, body: utf8('hello') });
    const once = receiveChat(bob, room, 'alice', sent.wire);
    const twice = receiveChat(once.state, room, 'alice', sent.wire);
    expect([once.message.messageId, twice.message.messageId]).toEqual(['alice-m1', 'alice-m1']);
    const garbage = receiveChatByTrial(
      bob,
      'alice',
      sent.wire.map((b, i) => (i > 20 ? b ^ 0xff : b)),
    );
    expect(garbage).toBeUndefined(); // the judges' trial counts only a readable frame as a read
  });

  test(`MAX_ROOM_COUNTER: the ${MAX_ROOM_COUNTER + 1}th message in one room is a usage error`, () => {
    const full = withRoom(alice, { ...(findRoom(alice, 'ab') as ShippedRoom), sentCount: MAX_ROOM_COUNTER });
    expect(() => encryptChat(full, 'ab', { messageId: 'x', timerMs: 0, body: utf8('x') })).toThrow(UsageError);
    const below = withRoom(alice, { ...(findRoom(alice, 'ab') as ShippedRoom), sentCount: MAX_ROOM_COUNTER - 1 });
    expect(encryptChat(below, 'ab', { messageId: 'x', timerMs: 0, body: utf8('x') }).room.sentCount).toBe(MAX_ROOM_COUNTER);
  });

  test(`MAX_INBOX_MESSAGES: past ${MAX_INBOX_MESSAGES} unviewed messages the oldest is dropped`, () => {
    const entry = (i: number) => ({ messageId: `m${i}`, roomId: 'ab', from: 'alice', body: new Uint8Array(0), timerMs: 0, expiresAtMs: undefined });
    const full: ShippedState = { ...bob, inbox: Array.from({ length: MAX_INBOX_MESSAGES }, (_, i) => entry(i)) };
    const sent = encryptChat(alice, 'ab', { messageId: 'alice-new', timerMs: 0, body: utf8('x') });
    const next = receiveChat(full, room, 'alice', sent.wire).state;
    expect(next.inbox.length).toBe(MAX_INBOX_MESSAGES);
    expect(next.inbox[0]?.messageId).toBe('m1');
    expect(next.inbox.at(-1)?.messageId).toBe('alice-new');
  });

  test(`MAX_SHIPPED_ROOMS: a store with more than ${MAX_SHIPPED_ROOMS} rooms does not encode; at the cap it round-trips`, () => {
    const rooms = (n: number) => Array.from({ length: n }, (_, i) => ({ ...room, roomId: `r${i}` }));
    const atCap = { ...bob, rooms: rooms(MAX_SHIPPED_ROOMS) };
    expect(deserializeShipped(serializeShipped(atCap))).toEqual(atCap);
    expect(() => serializeShipped({ ...bob, rooms: rooms(MAX_SHIPPED_ROOMS + 1) })).toThrow(UsageError);
  });

  test('a corrupt store is STORE_CORRUPT', () => {
    const bytes = serializeShipped(bob);
    expect(() => deserializeShipped(bytes.subarray(0, bytes.length - 1))).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });
});
