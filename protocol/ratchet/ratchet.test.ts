// Double Ratchet behaviour: conversation, out-of-order delivery, refusals with codes and
// clone-then-commit (SEC-INTEGRITY at unit level), and that states share no buffers.
import { describe, expect, test } from 'vitest';
import { equalBytes, utf8, wipe } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { encodeRatchetMessage, type RatchetMessage } from '../wire/ratchetMessage.ts';
import { ratchetDecrypt, RatchetDecryptError, ratchetReceive } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { ctxOf, makePair, type Pair, type Party } from './fixture.ts';
import { initInitiator } from './init.ts';
import { encodeRatchetState } from './stateCodec.ts';
import { wipeRatchetState } from './state.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS } from '../variant.ts';

function send(pair: Pair, from: Party, text: string): RatchetMessage {
  const r = ratchetEncrypt(from.state, utf8(text), ctxOf(from, pair.flags));
  from.state = r.state;
  return r.message;
}

function recv(pair: Pair, to: Party, message: RatchetMessage | Uint8Array): string {
  const r = ratchetDecrypt(to.state, message, ctxOf(to, pair.flags));
  to.state = r.state;
  return new TextDecoder().decode(r.payload);
}

describe('Double Ratchet', () => {
  test('both sides can send first; ping-pong ratchets keys each round trip', () => {
    const pair = makePair(1);
    const { alice, bob } = pair;
    expect(recv(pair, alice, send(pair, bob, 'bob first'))).toBe('bob first');
    const a1 = send(pair, alice, 'hi bob');
    expect(recv(pair, bob, a1)).toBe('hi bob');
    const b1 = send(pair, bob, 'hi alice');
    expect(equalBytes(b1.header.ratchetKey, bob.state.sending.ratchetKeyPair.publicKey)).toBe(true);
    expect(recv(pair, alice, b1)).toBe('hi alice');
    const a2 = send(pair, alice, 'again');
    expect(equalBytes(a2.header.ratchetKey, a1.header.ratchetKey)).toBe(false);
    expect(recv(pair, bob, encodeRatchetMessage(a2))).toBe('again');
  });

  test('out-of-order and late messages across a DH step decrypt once each', () => {
    const pair = makePair(2);
    const { alice, bob } = pair;
    const early = [0, 1, 2, 3].map((i) => send(pair, alice, `a${i}`));
    expect(recv(pair, bob, early[3]!)).toBe('a3');
    expect(recv(pair, bob, early[1]!)).toBe('a1');
    expect(recv(pair, alice, send(pair, bob, 'b0'))).toBe('b0');
    const next = send(pair, alice, 'after step');
    expect(recv(pair, bob, next)).toBe('after step');
    expect(next.header.previousCounter).toBe(4);
    expect(recv(pair, bob, early[0]!)).toBe('a0');
    expect(recv(pair, bob, early[2]!)).toBe('a2');
    expect(bob.state.skipped).toHaveLength(0);
  });

  test('SEC-INTEGRITY refusals carry their code and leave the state byte-for-byte unchanged', () => {
    const pair = makePair(3);
    const { alice, bob } = pair;
    const m = send(pair, alice, 'once');
    recv(pair, bob, m);
    const m2 = send(pair, alice, 'second');
    const before = encodeRatchetState(bob.state);
    const flipped = { ...m2, ciphertext: m2.ciphertext.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    const badCounter = { ...m2, header: { ...m2.header, previousCounter: 99 } };
    const cases: [RatchetMessage | Uint8Array, string][] = [
      [m, 'DUPLICATE_MESSAGE'],
      [flipped, 'INVALID_MESSAGE'],
      [badCounter, 'INVALID_MESSAGE'],
      [Uint8Array.of(1, 2, 3), 'INVALID_MESSAGE'],
      [{ ...m2, header: { ...m2.header, ratchetKey: new Uint8Array(32) } }, 'INVALID_MESSAGE'],
      [{ ...m2, header: { ...m2.header, counter: -1 } }, 'INVALID_MESSAGE'],
    ];
    for (const [input, code] of cases) {
      const r = ratchetReceive(bob.state, input, ctxOf(bob, pair.flags));
      expect(r.ok ? 'accepted' : r.error.code).toBe(code);
      expect(r.state).toBe(bob.state);
      expect(encodeRatchetState(bob.state)).toEqual(before);
    }
    expect(recv(pair, bob, m2)).toBe('second');
  });

  test('ratchetDecrypt throws a ProtocolError whose stateAfter is the untouched input', () => {
    const pair = makePair(4);
    const m = send(pair, pair.alice, 'x');
    recv(pair, pair.bob, m);
    let caught: unknown;
    try {
      ratchetDecrypt(pair.bob.state, m, ctxOf(pair.bob, pair.flags));
    } catch (e) {
      caught = e;
    }
    expect(isProtocolError(caught, 'DUPLICATE_MESSAGE')).toBe(true);
    expect(caught instanceof RatchetDecryptError && caught.stateAfter === pair.bob.state).toBe(true);
  });

  test('a new state shares no buffer with the old one: wiping the old state breaks nothing', () => {
    const pair = makePair(5);
    const { alice, bob } = pair;
    const old = bob.state;
    const m = send(pair, alice, 'x');
    recv(pair, bob, m);
    wipeRatchetState(old);
    const oldAlice = alice.state;
    const m2 = send(pair, alice, 'y');
    wipeRatchetState(oldAlice);
    expect(recv(pair, bob, m2)).toBe('y');
    expect(recv(pair, alice, send(pair, bob, 'z'))).toBe('z');
  });

  test('encrypt leaves its input state untouched', () => {
    const pair = makePair(6);
    const before = encodeRatchetState(pair.alice.state);
    const input = pair.alice.state;
    ratchetEncrypt(input, utf8('x'), ctxOf(pair.alice, pair.flags));
    expect(encodeRatchetState(input)).toEqual(before);
  });

  test('initInitiator refuses a low-order ratchet key and keeps no reference to caller buffers', () => {
    const rng = createDrbg(7);
    const ctx = { provider: nobleProvider, rng, nowMs: 0, flags: REFERENCE_FLAGS };
    const base = { rootKey: rng.bytes(32), chainKey: rng.bytes(32), associatedData: rng.bytes(8) };
    expect(() => initInitiator({ ...base, theirRatchetKey: new Uint8Array(32) }, ctx)).toThrow(/BAD_PUBLIC_KEY/);
    const theirRatchetKey = nobleProvider.x25519PublicKey(rng.bytes(32));
    const s = initInitiator({ ...base, theirRatchetKey }, ctx);
    const snapshot = encodeRatchetState(s);
    wipe(base.rootKey, base.chainKey, base.associatedData);
    expect(encodeRatchetState(s)).toEqual(snapshot);
  });
});
