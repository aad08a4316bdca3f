// The published flaws of the 2014 design, shown at the model level (docs/architecture.md): each test demonstrates an attack SUCCEEDING. The property suites must rediscover these
// on their own; these tests pin that the model really has them (a negative control for the harness).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { equalBytes, utf8 } from '../../bytes.ts';
import { createDrbg } from '../../random/drbg.ts';
import { decodeChatMessage, encodeChatMessage } from './chatMessage.ts';
import { keyImage } from './keyImage.ts';
import { decryptWithRoomKey, encryptWithRoomKey } from './messageCipher.ts';
import { oaepEncrypt } from './oaep.ts';
import { createRoom, openRoom, resumeRoom, unwrapRoomSecret } from './room.ts';
import { roomKey } from './roomKey.ts';
import { decodeRoomKeyMessage, encodeRoomKeyMessage } from './roomKeyMessage.ts';
import { decodeRsaPublicKey } from './rsaKey.ts';
import { fixtureKey } from '../../../test/kits/shippedKeys.ts';

const alice = fixtureKey('alice');
const bob = fixtureKey('bob');
const server = fixtureKey('server');
/** One room key for the bit-flipping runs (PBKDF2 is deliberately slow; derive it once). */
const FLIP_KEY = roomKey(new Uint8Array(32).fill(9));
const TEXTS = ['meet at the usual place', 'bring the documents', 'delete this after reading'];

/** Alice sends TEXTS in a room whose secret she holds; returns the encoded chat messages the server relays. */
function sendAll(roomSecret: Uint8Array, firstId: bigint): Uint8Array[] {
  const k = roomKey(roomSecret);
  return TEXTS.map((t, i) => encodeChatMessage({ messageId: firstId + BigInt(i), ciphertext: encryptWithRoomKey(k, firstId + BigInt(i), utf8(t)) }));
}

function readAll(roomSecret: Uint8Array, wire: readonly Uint8Array[]): string[] {
  const k = roomKey(roomSecret);
  return wire.map((w) => {
    const m = decodeChatMessage(w);
    return new TextDecoder().decode(decryptWithRoomKey(k, m.messageId, m.ciphertext));
  });
}

describe('shipped-2014 published flaws', () => {
  test('SEC-MITM SEC-SERVER-BLIND: server key substitution — a server serving its own key reads the room secret and every message, with no warning', () => {
    const rng = createDrbg('substitution');
    // Alice asks the directory for Bob's key; the malicious server answers with its own.
    const room = createRoom(rng.fork('alice'), { ourPublicKey: alice.publicKey, peerPublicKey: server.publicKey });
    expect(Object.keys(room).sort()).toEqual(['roomKeyMessage', 'roomSecret', 'wrappedForPeer', 'wrappedForSelf']); // no warning field
    const stolen = unwrapRoomSecret(server.privateKey, room.wrappedForPeer);
    expect(equalBytes(stolen, room.roomSecret)).toBe(true);
    // The server re-wraps the secret for Bob's real key and forwards it: Bob opens it without complaint.
    const rewrapped = oaepEncrypt(rng.fork('server'), decodeRsaPublicKey(bob.publicKey), stolen);
    const forwarded = encodeRoomKeyMessage({ wrappedForPeer: rewrapped, wrappedForSelf: decodeRoomKeyMessage(room.roomKeyMessage).wrappedForSelf });
    const bobSecret = openRoom(bob.privateKey, forwarded, 'peer');
    const wire = sendAll(room.roomSecret, 1n);
    expect(readAll(bobSecret, wire)).toEqual(TEXTS);
    expect(readAll(stolen, wire)).toEqual(TEXTS);
    // Only a hand comparison of key images would have caught it, and nothing makes anyone do it.
    expect(keyImage(server.publicKey)).not.toBe(keyImage(bob.publicKey));
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.bigInt({ min: 0n, max: 1n << 40n })], { numRuns: 50 })(
    'SEC-INTEGRITY: bit-flipping — flipping ciphertext bit i flips plaintext bit i and decryption succeeds',
    (plaintext, bitSeed, messageId) => {
      const k = FLIP_KEY;
      const bit = bitSeed % (plaintext.length * 8);
      const ct = encryptWithRoomKey(k, messageId, plaintext);
      ct[bit >> 3] = (ct[bit >> 3] as number) ^ (1 << (bit & 7));
      const expected = plaintext.slice();
      expected[bit >> 3] = (expected[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(equalBytes(decryptWithRoomKey(k, messageId, ct), expected)).toBe(true);
    },
  );

  test('SEC-INTEGRITY: message replacement — knowing one plaintext, the server rewrites it into any text of that length, without a key', () => {
    const secret = createDrbg('replace').bytes(32);
    const wire = decodeChatMessage(sendAll(secret, 7n)[0] as Uint8Array);
    const known = utf8(TEXTS[0] as string);
    const wanted = utf8('meet at the police station'.slice(0, known.length).padEnd(known.length, '.'));
    const forged = wire.ciphertext.map((c, i) => c ^ (known[i] as number) ^ (wanted[i] as number));
    const received = readAll(secret, [encodeChatMessage({ messageId: wire.messageId, ciphertext: forged })]);
    expect(received[0]).toBe(new TextDecoder().decode(wanted));
  });

  test('SEC-INTEGRITY: replay and reorder — the same ciphertext decrypts again, in any order, and is accepted each time', () => {
    const secret = createDrbg('replay').bytes(32);
    const wire = sendAll(secret, 100n);
    const replayed = [wire[2], wire[0], wire[0], wire[1], wire[0]] as Uint8Array[];
    expect(readAll(secret, replayed)).toEqual([TEXTS[2], TEXTS[0], TEXTS[0], TEXTS[1], TEXTS[0]]);
  });

  test('SEC-FS: no forward secrecy — a later seizure of the RSA private key plus the server-stored wrapped secret decrypts every earlier message', () => {
    const rng = createDrbg('no-fs');
    const room = createRoom(rng.fork('alice'), { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey });
    // A curious server keeps the room-key message and every relayed ciphertext.
    const serverStore = { roomKeyMessage: room.roomKeyMessage, messages: sendAll(room.roomSecret, 1n) };
    // Later (messages viewed, room secret gone from the phones) the phones' static keys are seized.
    expect(readAll(openRoom(bob.privateKey, serverStore.roomKeyMessage, 'peer'), serverStore.messages)).toEqual(TEXTS);
    expect(readAll(openRoom(alice.privateKey, serverStore.roomKeyMessage, 'self'), serverStore.messages)).toEqual(TEXTS);
  });

  test('SEC-PCS: no healing — the same RSA pair is reused across re-keys, so one seizure opens every later room too', () => {
    const rng = createDrbg('no-pcs');
    const seizedBobKey = bob.privateKey.slice();
    const later = createRoom(rng.fork('rekey'), { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey });
    expect(readAll(openRoom(seizedBobKey, later.roomKeyMessage, 'peer'), sendAll(later.roomSecret, 50n))).toEqual(TEXTS);
  });

  test('SEC-MITM: forced re-exchange — after the server deletes a room, the next room secret is wrapped to whatever key the directory serves', () => {
    const rng = createDrbg('forced');
    const first = createRoom(rng.fork('first'), { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey });
    const storedRooms = new Map<string, Uint8Array>([['alice-bob', first.roomKeyMessage]]);
    const args = { ourPrivateKey: alice.privateKey, ourPublicKey: alice.publicKey, slot: 'self' } as const;
    // While the server keeps the room, reopening uses the old secret, whatever the directory serves.
    const reopened = resumeRoom(rng.fork('reopen'), { ...args, storedRoomKeyMessage: storedRooms.get('alice-bob'), peerPublicKey: server.publicKey });
    expect(reopened.kind === 'reopened' && equalBytes(reopened.roomSecret, first.roomSecret)).toBe(true);
    // The server deletes the room and now serves its own key as "Bob's": the client just re-keys to it.
    storedRooms.delete('alice-bob');
    const forced = resumeRoom(rng.fork('forced'), { ...args, storedRoomKeyMessage: storedRooms.get('alice-bob'), peerPublicKey: server.publicKey });
    if (forced.kind !== 'created') throw new Error('expected a fresh exchange');
    const stolen = openRoom(server.privateKey, forced.room.roomKeyMessage, 'peer');
    expect(equalBytes(stolen, forced.room.roomSecret)).toBe(true);
    expect(readAll(stolen, sendAll(forced.room.roomSecret, 200n))).toEqual(TEXTS);
  });
});
