// Negative controls for the ratchet's weak variants (docs/weak-variants.md): each flag switched
// off must make its own SEC-INTEGRITY check fail, here at unit level; the reference passes the same check.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import type { RatchetMessage } from '../wire/ratchetMessage.ts';
import { ratchetReceive } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { ctxOf, makePair, type Pair, type Party } from './fixture.ts';
import { encodeRatchetState } from './stateCodec.ts';
import { createDrbg } from '../random/drbg.ts';

function send(pair: Pair, from: Party, text: string): RatchetMessage {
  const r = ratchetEncrypt(from.state, utf8(text), ctxOf(from, pair.flags));
  from.state = r.state;
  return r.message;
}

/** Delivers; the receiver adopts whatever state comes back (as the session layer does). */
function deliver(pair: Pair, to: Party, m: RatchetMessage): string {
  const r = ratchetReceive(to.state, m, ctxOf(to, pair.flags));
  to.state = r.state;
  return r.ok ? 'accepted' : r.error.code;
}

function flip(m: RatchetMessage): RatchetMessage {
  return { ...m, ciphertext: m.ciphertext.map((b, i) => (i === m.ciphertext.length - 1 ? b ^ 0x80 : b)) };
}

/** SEC-INTEGRITY replay check: returns what the receiver says to each delivery of a message sent once. */
function replayOutcomes(flags: ProtocolFlags): string[] {
  const pair = makePair('replay', flags);
  const [m0, m1] = [send(pair, pair.alice, 'm0'), send(pair, pair.alice, 'm1')];
  return [m1, m1, m0, m0, m1].map((m) => deliver(pair, pair.bob, m));
}

/** SEC-INTEGRITY atomicity check: does a rejected message change the state, and can the genuine one still be read? */
function tamperOutcome(flags: ProtocolFlags) {
  const pair = makePair('tamper', flags);
  const { alice, bob } = pair;
  deliver(pair, alice, send(pair, bob, 'b0'));
  const genuine = [send(pair, bob, 'b1'), send(pair, bob, 'b2'), send(pair, bob, 'b3')];
  const before = encodeRatchetState(alice.state);
  const code = deliver(pair, alice, flip(genuine[1]!));
  const unchanged = encodeRatchetState(alice.state).every((b, i) => b === before[i]) && encodeRatchetState(alice.state).length === before.length;
  const later = genuine.map((m) => deliver(pair, alice, m));
  // A forged new ratchet key: under advance-on-failure the DH step sticks and the session breaks.
  const forgedKey = { ...genuine[0]!, header: { ...genuine[0]!.header, ratchetKey: pair.bob.state.rootKey.slice(), counter: 0 } };
  const forgedCode = deliver(pair, alice, forgedKey);
  const afterForgery = deliver(pair, bob, send(pair, alice, 'still talking?'));
  return { code, unchanged, later, forgedCode, afterForgery };
}

describe('weak-variant negative controls', () => {
  test('SEC-INTEGRITY reference: each message is accepted once, replays are DUPLICATE_MESSAGE', () => {
    expect(replayOutcomes(REFERENCE_FLAGS)).toEqual(['accepted', 'DUPLICATE_MESSAGE', 'accepted', 'DUPLICATE_MESSAGE', 'DUPLICATE_MESSAGE']);
  });

  test('SEC-INTEGRITY negative control no-replay-check: a replayed message is accepted again', () => {
    expect(replayOutcomes(protocolFlags('no-replay-check'))).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
  });

  test('SEC-INTEGRITY reference: a tampered message is INVALID_MESSAGE and changes nothing; the genuine ones still decrypt', () => {
    const r = tamperOutcome(REFERENCE_FLAGS);
    expect(r.code).toBe('INVALID_MESSAGE');
    expect(r.unchanged).toBe(true);
    expect(r.later).toEqual(['accepted', 'accepted', 'accepted']);
    expect(r.forgedCode).toBe('INVALID_MESSAGE');
    expect(r.afterForgery).toBe('accepted');
  });

  test('SEC-INTEGRITY negative control advance-on-failure: the failed decrypt changes the state and costs the genuine message', () => {
    const r = tamperOutcome(protocolFlags('advance-on-failure'));
    expect(r.code).toBe('INVALID_MESSAGE');
    expect(r.unchanged).toBe(false);
    expect(r.later).toEqual(['accepted', 'DUPLICATE_MESSAGE', 'accepted']);
    expect(r.forgedCode).toBe('INVALID_MESSAGE');
    expect(r.afterForgery).toBe('INVALID_MESSAGE');
  });

  /** A thief copies bob's state, two round trips heal the session, then the thief sends on bob's old chain. */
  function thiefOnOldChain(flags: ProtocolFlags): string {
    const pair = makePair('thief', flags);
    deliver(pair, pair.bob, send(pair, pair.alice, 'a0'));
    deliver(pair, pair.alice, send(pair, pair.bob, 'b0'));
    const thief: Party = { state: structuredClone(pair.bob.state), rng: createDrbg('thief') };
    for (let i = 1; i <= 2; i++) {
      expect(deliver(pair, pair.bob, send(pair, pair.alice, `a${i}`))).toBe('accepted');
      expect(deliver(pair, pair.alice, send(pair, pair.bob, `b${i}`))).toBe('accepted');
    }
    return deliver(pair, pair.alice, send(pair, thief, 'forged'));
  }

  test('SEC-PCS reference: a stolen copy cannot push onto a chain the peer closed at PN (CHAIN_CLOSED)', () => {
    expect(thiefOnOldChain(REFERENCE_FLAGS)).toBe('CHAIN_CLOSED');
  });

  test("SEC-PCS negative control open-old-chains: the stolen copy's message on the old chain is accepted", () => {
    expect(thiefOnOldChain({ ...REFERENCE_FLAGS, closeOldChains: false })).toBe('accepted');
  });
});
