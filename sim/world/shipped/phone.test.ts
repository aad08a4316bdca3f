// The shipped-2014 phone in a small world: two phones exchange messages over the server's room-key
// store; the published flaws show up in what the phones accept and keep (SEC-INTEGRITY, SEC-FS),
// and groups are refused as a usage error (the 2014 design had none).
import { beforeAll, describe, expect, test } from 'vitest';
import { fromUtf8, toHex } from '../../../protocol/bytes.ts';
import { nobleProvider } from '../../../protocol/crypto/noble.ts';
import { equalIdentityKeys } from '../../../protocol/identity/identityKey.ts';
import { isProtocolError, UsageError } from '../../../protocol/errors.ts';
import { decodeChatMessage, decodeRsaPublicKey, encodeChatMessage, keyImage, ROOM_KEY_MESSAGE_BYTES } from '../../../protocol/variants/shipped2014/index.ts';
import { applyAction } from '../apply.ts';
import type { Action } from '../vocabulary.ts';
import { World } from '../world.ts';
import { receiveChat } from './chat.ts';
import { rsaIdentity } from './identity.ts';
import type { ShippedPhone } from './phone.ts';
import { roomStoreId } from './roomStore.ts';
import { findRoom, type ShippedState } from './state.ts';
import { openShipped, serializeShipped } from './storeCodec.ts';

const TEST_TIMEOUT_MS = 30_000;

function shippedWorld(seed: number, timeline: readonly Action[]): World {
  const world = new World({
    seed,
    variant: 'shipped-2014',
    serverMode: 'malicious', // keeps every ciphertext like a curious one; attacks only when told
    warrantPolicy: 'refuse-content',
    parties: ['alice', 'bob'],
    rooms: [{ id: 'ab', kind: 'direct', members: ['alice', 'bob'] }],
  });
  for (const a of timeline) world.engine.schedule(a.at, `action:${a.do}`, {}, () => applyAction(world, a));
  world.runUntil((timeline.at(-1)?.at ?? 0) + 60_000);
  return world;
}

const phoneOf = (world: World, user: string): ShippedPhone => world.device(user) as ShippedPhone;

describe('shipped-2014 phone: two phones in a small world', () => {
  let world: World;
  beforeAll(() => {
    world = shippedWorld(61, [
      { at: 1000, do: 'send', from: 'alice', room: 'ab', label: 'hello' },
      { at: 2000, do: 'send', from: 'bob', room: 'ab', label: 'hi' },
      { at: 3000, do: 'send', from: 'alice', room: 'ab', label: 'again', evaporation: { timerMs: 10_000 } },
      { at: 4000, do: 'view', user: 'bob', label: 'hello' },
    ]);
  }, TEST_TIMEOUT_MS);

  test('every message is accepted once, by the right recipient, with the body that was sent', () => {
    const sent = world
      .view()
      .messages.map((m) => `${m.messageId}:${m.recipients.join()}:${toHex(m.body)}`)
      .sort();
    const got = world
      .view()
      .accepted.map((a) => `${a.messageId}:${a.recipient}:${toHex(a.body)}`)
      .sort();
    expect(got).toEqual(sent);
    expect(world.view().refusals).toEqual([]);
    expect(world.view().setupFailures).toEqual([]);
  });

  test('each install publishes its RSA key; the record holds the same key through the identity adapter', () => {
    for (const user of ['alice', 'bob']) {
      const phone = phoneOf(world, user);
      const published = world.server
        .view()
        .keyRecords({ kind: 'user', userId: user as never })
        .find((e) => e.deviceId === user);
      expect(published?.base).toEqual(phone.state.publicKey);
      expect(decodeRsaPublicKey(phone.state.publicKey).n > 0n).toBe(true);
      const recorded = world.view().identities.get(user);
      expect(recorded !== undefined && equalIdentityKeys(recorded, rsaIdentity(phone.state.publicKey))).toBe(true);
    }
    for (const m of world.view().messages) for (const c of m.copies) expect(equalIdentityKeys(c.encryptedTo, world.view().identities.get(c.to) ?? rsaIdentity(new Uint8Array()))).toBe(true);
  });

  test('one room secret for both directions: the server stores the wrapped secret the peer also received', () => {
    const a = findRoom(phoneOf(world, 'alice').state, 'ab');
    const b = findRoom(phoneOf(world, 'bob').state, 'ab');
    expect(a?.slot).toBe('self');
    expect(b?.slot).toBe('peer');
    expect(a?.roomSecret).toEqual(b?.roomSecret);
    const stored = world.server
      .view()
      .keyRecords({ kind: 'user', userId: 'alice' as never })
      .find((e) => e.deviceId === roomStoreId('ab'));
    expect(stored?.base.length).toBe(ROOM_KEY_MESSAGE_BYTES);
    expect(stored?.base).toEqual(a?.roomKeyMessage);
    const seizure = world.server.seize(world.engine.nowMs);
    expect(seizure.items.some((i) => i.label.includes(`directory/${roomStoreId('ab')}`))).toBe(true);
  });

  test('SEC-EVAPORATE / SEC-FS: a viewed message leaves the store, but the room key stays for ever', () => {
    const bob = phoneOf(world, 'bob');
    const hello = world.view().messages.find((m) => m.label === 'hello');
    const again = world.view().messages.find((m) => m.label === 'again');
    const store = Buffer.from(serializeShipped(bob.state));
    expect(store.includes(Buffer.from(hello?.canary ?? 'missing'))).toBe(false);
    expect(store.includes(Buffer.from(again?.canary ?? 'missing'))).toBe(true); // not viewed yet
    expect(findRoom(bob.state, 'ab')?.messageKey.length).toBe(32);
  });

  test('a seizure reads the sealed store; its key opens it and a wrong key does not', () => {
    const bob = phoneOf(world, 'bob');
    const { blob, storageKey } = bob.seize();
    expect(openShipped(nobleProvider, blob, storageKey)).toEqual(bob.state);
    const wrong = storageKey.slice();
    wrong[0] = (wrong[0] as number) ^ 1;
    expect(() => openShipped(nobleProvider, blob, wrong)).toThrow(expect.objectContaining({ code: 'STORE_BAD_KEY' }));
  });

  test('the key image a phone shows is its own published key, as the 2014 app showed it', () => {
    const bob = phoneOf(world, 'bob');
    expect(bob.fingerprintFor('alice', rsaIdentity(new Uint8Array(1)))).toBe(keyImage(bob.state.publicKey));
  });
});

describe('shipped-2014 phone: what the design cannot refuse (SEC-INTEGRITY)', () => {
  let bobState: ShippedState;
  let wire: Uint8Array;
  beforeAll(() => {
    const world = shippedWorld(62, [{ at: 1000, do: 'send', from: 'alice', room: 'ab', label: 'hello' }]);
    bobState = phoneOf(world, 'bob').state;
    wire = world.view().messages[0]?.copies[0]?.wire ?? new Uint8Array();
  }, TEST_TIMEOUT_MS);

  test('SEC-INTEGRITY: a replayed ciphertext is read again, unchanged', () => {
    const room = findRoom(bobState, 'ab');
    if (room === undefined) throw new Error('bob has no room');
    const first = receiveChat(bobState, room, 'alice', wire);
    const second = receiveChat(first.state, room, 'alice', wire);
    expect(second.message).toEqual(first.message);
    expect(second.message.framed).toBe(true);
  });

  test('SEC-INTEGRITY: a flipped ciphertext bit flips the same plaintext bit, and the message is still read', () => {
    const room = findRoom(bobState, 'ab');
    if (room === undefined) throw new Error('bob has no room');
    const chat = decodeChatMessage(wire);
    const ct = chat.ciphertext.slice();
    const last = ct.length - 1;
    ct[last] = (ct[last] as number) ^ 0x01;
    const honest = receiveChat(bobState, room, 'alice', wire).message;
    const tampered = receiveChat(bobState, room, 'alice', encodeChatMessage({ messageId: chat.messageId, ciphertext: ct })).message;
    expect(tampered.messageId).toBe(honest.messageId);
    expect(tampered.body.at(-1)).toBe((honest.body.at(-1) as number) ^ 0x01);
    expect(fromUtf8(tampered.body)).not.toBe(fromUtf8(honest.body));
  });

  test('only a malformed wire is refused, with a wire error code', () => {
    const room = findRoom(bobState, 'ab');
    if (room === undefined) throw new Error('bob has no room');
    try {
      receiveChat(bobState, room, 'alice', wire.subarray(0, 5));
      expect.unreachable('a truncated wire must be refused');
    } catch (e) {
      expect(isProtocolError(e, 'WIRE_TRUNCATED')).toBe(true);
    }
  });
});

describe('shipped-2014 phone: key substitution and the one defence', () => {
  test(
    'SEC-MITM: with no verification the phone wraps the room secret for the substituted key, silently',
    () => {
      const world = shippedWorld(63, [
        { at: 1000, do: 'adversary', attack: 'substitute-bundle', target: 'bob', requester: 'alice', attacker: 'mallory' },
        { at: 2000, do: 'send', from: 'alice', room: 'ab', label: 'hello' },
      ]);
      const [copy] = world.view().messages[0]?.copies ?? [];
      const mallory = world.attackers.identities()[0];
      expect(copy !== undefined && mallory !== undefined && equalIdentityKeys(copy.encryptedTo, mallory)).toBe(true);
      expect(world.view().userEvents.filter((e) => e.device === 'alice')).toEqual([]);
      // The server's own key unwraps its stored copy of the room secret: it holds the room.
      const held = world.attackers.devices.get('mallory')?.state as ShippedState | undefined;
      expect(held?.rooms.map((r) => r.roomId)).toEqual(['ab']);
      expect(world.view().refusals.map((r) => `${r.device}:${r.code}:${r.stateUnchanged}`)).toContain('bob:KEM_BAD_CIPHERTEXT:true');
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'SEC-MITM: comparing key images by hand catches the substitute; the user stops writing to the peer',
    () => {
      const world = shippedWorld(64, [
        { at: 1000, do: 'adversary', attack: 'substitute-bundle', target: 'bob', requester: 'alice', attacker: 'mallory' },
        { at: 1500, do: 'verify', user: 'alice', peer: 'bob' },
        { at: 2000, do: 'send', from: 'alice', room: 'ab', label: 'hello' },
      ]);
      expect(world.view().userEvents.map((e) => `${e.device}:${e.event.kind}`)).toEqual(['alice:verification-failed']);
      expect(world.view().messages[0]?.copies).toEqual([]);
      expect(world.view().messages[0]?.heldFor).toEqual(['bob']);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'a matching key image is recorded as verified on the copies sent to that key',
    () => {
      const world = shippedWorld(65, [
        { at: 1000, do: 'verify', user: 'alice', peer: 'bob' },
        { at: 2000, do: 'send', from: 'alice', room: 'ab', label: 'hello' },
      ]);
      expect(world.view().userEvents.map((e) => `${e.device}:${e.event.kind}`)).toEqual(['alice:verified']);
      expect(world.view().messages[0]?.copies[0]?.verified).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('shipped-2014 phone: limits of the design', () => {
  test(
    'group rooms are a usage error naming the limitation',
    () => {
      const world = shippedWorld(61, []);
      const alice = world.device('alice');
      expect(() => alice.createGroupRoom('g', ['alice', 'bob'])).toThrow(UsageError);
      expect(() => alice.changeMembership('add', 'g', 'bob')).toThrow(/no group rooms/);
      expect(() => world.attackers.ghostGroupMessage('ghost', 'g', ['alice'])).toThrow(UsageError);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "install keys come from the phone's seeded stream: the same seed gives the same key",
    () => {
      const a = shippedWorld(66, []);
      const b = shippedWorld(66, []);
      expect(phoneOf(a, 'alice').state.publicKey).toEqual(phoneOf(b, 'alice').state.publicKey);
      expect(phoneOf(a, 'alice').state.publicKey).not.toEqual(phoneOf(a, 'bob').state.publicKey);
    },
    TEST_TIMEOUT_MS,
  );
});
