// The shipped-2014 oracle decides what a seized state or a thief's copy reads with the model's own
// code: the phone keeps K for ever (SEC-FS, SEC-EVAPORATE), an RSA key plus a stored room-key
// message is as good as K, and the server's own data without a private key opens nothing.
import { beforeAll, describe, expect, test } from 'vitest';
import { utf8 } from '../../../protocol/bytes.ts';
import { nobleProvider } from '../../../protocol/crypto/noble.ts';
import { createDrbg } from '../../../protocol/random/drbg.ts';
import { REFERENCE_FLAGS } from '../../../protocol/variant.ts';
import { fixtureKey } from '../../../test/kits/shippedKeys.ts';
import type { JudgedCopy } from '../../../sim/world/phone.ts';
import { adoptRoomKey, encryptChat, sealShipped, startRoom, type ShippedState } from '../../../sim/world/shipped/index.ts';
import { shipped2014Oracle } from './shipped2014.ts';

const TEST_TIMEOUT_MS = 30_000;
const CANARY = 'CANARY-ABCDEFGHIJKLMNOPQRST';
const oracle = shipped2014Oracle(nobleProvider, createDrbg('oracle test'), { ...REFERENCE_FLAGS, engine: 'shipped-2014' });

const empty = (user: 'alice' | 'bob' | 'server'): ShippedState => {
  const k = fixtureKey(user);
  return { user, publicKey: k.publicKey, privateKey: k.privateKey, contacts: [], rooms: [], inbox: [] };
};

let alice: ShippedState;
let bob: ShippedState;
let roomKeyMessage: Uint8Array;
let copy: JudgedCopy;

beforeAll(() => {
  const started = startRoom(empty('alice'), createDrbg('oracle room'), { roomId: 'ab', peer: 'bob', peerPublicKey: fixtureKey('bob').publicKey });
  roomKeyMessage = started.roomKeyMessage;
  bob = adoptRoomKey(empty('bob'), { roomId: 'ab', peer: 'alice', slot: 'peer', roomKeyMessage, peerPublicKey: undefined });
  const sent = encryptChat(started.state, 'ab', { messageId: 'alice-m1', timerMs: 0, body: utf8(`${CANARY}....`) });
  alice = sent.state;
  copy = { label: 'alice-m1->bob', wire: sent.wire, from: 'alice', to: 'bob', canary: CANARY, identities: [] };
}, TEST_TIMEOUT_MS);

describe('shipped-2014 oracle: key trial', () => {
  test('SEC-FS: the seized phone of either party opens the copy (the room key is never erased)', () => {
    expect(oracle.keyTrial([{ label: 'bob store', value: bob }], [copy])).toEqual([copy.label]);
    expect(oracle.keyTrial([{ label: 'alice store', value: alice }], [copy])).toEqual([copy.label]);
  });

  test('SEC-FS: the room secret alone (through PBKDF2) or K alone opens it', () => {
    const room = bob.rooms[0];
    expect(oracle.keyTrial([{ label: 'secret', value: [room?.roomSecret] }], [copy])).toEqual([copy.label]);
    expect(oracle.keyTrial([{ label: 'K', value: { k: room?.messageKey } }], [copy])).toEqual([copy.label]);
  });

  test('SEC-EVAPORATE: a static RSA key plus the stored room-key message opens it (nothing expires)', () => {
    expect(
      oracle.keyTrial(
        [
          { label: 'rsa', value: { privateKey: fixtureKey('bob').privateKey } },
          { label: 'server store', value: new Map([['room:ab', roomKeyMessage]]) },
        ],
        [copy],
      ),
    ).toEqual([copy.label]);
  });

  test("SEC-SERVER-BLIND: the server's store and its own keys open nothing without a party's private key", () => {
    const atRest = createDrbg('at rest').bytes(32);
    expect(oracle.keyTrial([{ label: 'server', value: { atRest, roomKeyMessage, rsa: fixtureKey('server').privateKey } }], [copy])).toEqual([]);
  });

  test("a plaintext that does not hold the copy's canary does not count as opened", () => {
    expect(oracle.keyTrial([{ label: 'bob store', value: bob }], [{ ...copy, canary: 'CANARY-ZZZZZZZZZZZZZZZZZZZZ' }])).toEqual([]);
  });
});

describe('shipped-2014 oracle: receive, open, serialize', () => {
  test("SEC-PCS: a copy of the receiver's state reads the wire through the phone's own receive", () => {
    const r = oracle.receiveAs(bob, 'alice', copy.wire, 0);
    expect(r.ok).toBe(true);
    if (r.ok) expect(new TextDecoder().decode(r.body)).toBe(`${CANARY}....`);
  });

  test('a state without the room, or a malformed wire, reads nothing', () => {
    expect(oracle.receiveAs(empty('bob'), 'alice', copy.wire, 0).ok).toBe(false);
    expect(oracle.receiveAs(bob, 'alice', copy.wire.subarray(0, 4), 0).ok).toBe(false);
    expect(oracle.receiveAs(empty('server'), 'alice', copy.wire, 0).ok).toBe(false);
  });

  test("open reverses the phone's sealed store; serialize shows what a canary scan reads", () => {
    const inbox: ShippedState = { ...bob, inbox: [{ messageId: 'alice-m1', roomId: 'ab', from: 'alice', body: utf8(CANARY), timerMs: 0, expiresAtMs: undefined }] };
    const key = createDrbg('storage').bytes(32);
    const opened = oracle.open(sealShipped(nobleProvider, inbox, key, createDrbg('nonce')), key);
    expect(opened).toEqual(inbox);
    expect(Buffer.from(oracle.serialize(opened)).includes(Buffer.from(CANARY))).toBe(true);
    expect(Buffer.from(oracle.serialize(bob)).includes(Buffer.from(CANARY))).toBe(false);
  });

  test('SEC-GROUP: the 2014 design has no groups, so no removed member opens anything', () => {
    expect(oracle.removedMemberOpens(bob, 'ab', copy.wire, 0)).toBe(false);
  });
});
