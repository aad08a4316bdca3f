// The shipped-2014 room-secret exchange: wrap for peer and self, reopen from the server's copy,
// deterministic under a seeded Rng, and untrusted keys checked before the secret is drawn.
import { describe, expect, test } from 'vitest';
import { equalBytes } from '../../bytes.ts';
import { isProtocolError } from '../../errors.ts';
import { createDrbg } from '../../random/drbg.ts';
import { oaepEncrypt } from './oaep.ts';
import { createRoom, openRoom, resumeRoom, unwrapRoomSecret } from './room.ts';
import { decodeRoomKeyMessage } from './roomKeyMessage.ts';
import { decodeRsaPublicKey } from './rsaKey.ts';
import { fixtureKey } from '../../../test/kits/shippedKeys.ts';

const alice = fixtureKey('alice');
const bob = fixtureKey('bob');

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
  return undefined;
};

describe('shipped-2014 room exchange', () => {
  const room = createRoom(createDrbg('room 1'), { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey });

  test('the peer opens its half, the creator opens its own half, both get the room secret', () => {
    expect(room.roomSecret.length).toBe(32);
    expect(equalBytes(openRoom(bob.privateKey, room.roomKeyMessage, 'peer'), room.roomSecret)).toBe(true);
    expect(equalBytes(openRoom(alice.privateKey, room.roomKeyMessage, 'self'), room.roomSecret)).toBe(true);
    expect(decodeRoomKeyMessage(room.roomKeyMessage)).toEqual({ wrappedForPeer: room.wrappedForPeer, wrappedForSelf: room.wrappedForSelf });
  });

  test('the same Rng seed gives the same secret and the same wrapped bytes (DET-REPLAY)', () => {
    const again = createRoom(createDrbg('room 1'), { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey });
    expect(equalBytes(again.roomKeyMessage, room.roomKeyMessage)).toBe(true);
    const other = createRoom(createDrbg('room 2'), { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey });
    expect(equalBytes(other.roomSecret, room.roomSecret)).toBe(false);
  });

  test('a malformed directory key is refused before any randomness is drawn', () => {
    const rng = createDrbg('bad key');
    const evenModulus = bob.publicKey.slice();
    evenModulus[256] = (evenModulus[256] as number) & 0xfe;
    expect(codeOf(() => createRoom(rng, { ourPublicKey: alice.publicKey, peerPublicKey: evenModulus }))).toBe('BAD_PUBLIC_KEY');
    expect(codeOf(() => createRoom(rng, { ourPublicKey: alice.publicKey, peerPublicKey: bob.publicKey.subarray(0, 100) }))).toBe('WIRE_TRUNCATED');
    expect(rng.position).toBe(0);
  });

  test('the wrong half, a tampered half, or a wrapped value of the wrong length is KEM_BAD_CIPHERTEXT', () => {
    expect(codeOf(() => openRoom(alice.privateKey, room.roomKeyMessage, 'peer'))).toBe('KEM_BAD_CIPHERTEXT');
    const tampered = room.wrappedForPeer.slice();
    tampered[100] = (tampered[100] as number) ^ 1;
    expect(codeOf(() => unwrapRoomSecret(bob.privateKey, tampered))).toBe('KEM_BAD_CIPHERTEXT');
    const short = oaepEncrypt(createDrbg(3), decodeRsaPublicKey(bob.publicKey), new Uint8Array(16));
    expect(codeOf(() => unwrapRoomSecret(bob.privateKey, short))).toBe('KEM_BAD_CIPHERTEXT');
  });

  test('resumeRoom reopens the stored copy, or starts a fresh exchange when there is none', () => {
    const args = { ourPrivateKey: bob.privateKey, ourPublicKey: bob.publicKey, slot: 'peer', peerPublicKey: alice.publicKey } as const;
    const reopened = resumeRoom(createDrbg(4), { ...args, storedRoomKeyMessage: room.roomKeyMessage });
    expect(reopened.kind === 'reopened' && equalBytes(reopened.roomSecret, room.roomSecret)).toBe(true);
    const created = resumeRoom(createDrbg(4), { ...args, storedRoomKeyMessage: undefined });
    expect(created.kind).toBe('created');
    if (created.kind === 'created') expect(equalBytes(openRoom(alice.privateKey, created.room.roomKeyMessage, 'peer'), created.room.roomSecret)).toBe(true);
  });
});
