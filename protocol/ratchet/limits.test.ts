// Over-the-limit tests for every bound the ratchet enforces (STYLE rule 8): MAX_FORWARD_JUMP,
// MAX_SKIPPED_KEYS, SKIPPED_KEY_TTL_MS and MAX_RECEIVER_CHAINS.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { MAX_FORWARD_JUMP, MAX_RECEIVER_CHAINS, MAX_SKIPPED_KEYS, SKIPPED_KEY_TTL_MS } from '../limits.ts';
import type { RatchetMessage } from '../wire/ratchetMessage.ts';
import { ratchetReceive } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { containsBytes, ctxOf, makePair, type Pair, type Party } from './fixture.ts';
import { pruneExpiredSkippedKeys } from './skipped.ts';
import { encodeRatchetState } from './stateCodec.ts';
import { REFERENCE_FLAGS } from '../variant.ts';

function send(pair: Pair, from: Party, text: string): RatchetMessage {
  const r = ratchetEncrypt(from.state, utf8(text), ctxOf(from, pair.flags));
  from.state = r.state;
  return r.message;
}

/** Delivers and returns the refusal code, or 'accepted' (then the receiver adopts the new state). */
function deliver(pair: Pair, to: Party, m: RatchetMessage, nowMs = 0): string {
  const before = encodeRatchetState(to.state);
  const r = ratchetReceive(to.state, m, ctxOf(to, pair.flags, nowMs));
  if (r.ok) {
    to.state = r.state;
    return 'accepted';
  }
  expect(encodeRatchetState(r.state)).toEqual(before);
  return r.error.code;
}

describe('ratchet limits', () => {
  test('MAX_FORWARD_JUMP: a jump of exactly the limit is accepted, one more is TOO_FAR_IN_FUTURE', () => {
    const pair = makePair(10);
    const { alice, bob } = pair;
    const msgs = Array.from({ length: MAX_FORWARD_JUMP + 2 }, (_, i) => send(pair, bob, `b${i}`));
    const tooFar = msgs[MAX_FORWARD_JUMP + 1]!;
    expect(deliver(pair, alice, tooFar)).toBe('TOO_FAR_IN_FUTURE');
    expect(deliver(pair, alice, msgs[MAX_FORWARD_JUMP]!)).toBe('accepted');
    expect(alice.state.skipped).toHaveLength(MAX_FORWARD_JUMP);
    // On a new chain (a DH step) the jump is counted from zero, checked before the DH.
    const forged = { ...tooFar, header: { ...tooFar.header, ratchetKey: new Uint8Array(32).fill(9), counter: MAX_FORWARD_JUMP + 1 } };
    expect(deliver(pair, alice, forged)).toBe('TOO_FAR_IN_FUTURE');
  });

  test('MAX_SKIPPED_KEYS: the oldest skipped key is dropped once the cap is passed', () => {
    const pair = makePair(11);
    const { alice, bob } = pair;
    const msgs = Array.from({ length: MAX_SKIPPED_KEYS + 3 }, (_, i) => send(pair, bob, `b${i}`));
    expect(deliver(pair, alice, msgs[MAX_SKIPPED_KEYS]!)).toBe('accepted');
    expect(alice.state.skipped).toHaveLength(MAX_SKIPPED_KEYS);
    expect(deliver(pair, alice, msgs[MAX_SKIPPED_KEYS + 2]!)).toBe('accepted');
    expect(alice.state.skipped).toHaveLength(MAX_SKIPPED_KEYS);
    expect(deliver(pair, alice, msgs[0]!)).toBe('DUPLICATE_MESSAGE');
    expect(deliver(pair, alice, msgs[1]!)).toBe('accepted');
    expect(deliver(pair, alice, msgs[MAX_SKIPPED_KEYS + 1]!)).toBe('accepted');
  });

  test('SKIPPED_KEY_TTL_MS: a late message is accepted at the TTL and refused after it; pruning erases the key', () => {
    const pair = makePair(12);
    const { alice, bob } = pair;
    const [m0, m1, m2, m3] = [0, 1, 2, 3].map((i) => send(pair, bob, `b${i}`));
    expect(deliver(pair, alice, m3!, 1_000)).toBe('accepted');
    expect(deliver(pair, alice, m0!, 1_000 + SKIPPED_KEY_TTL_MS)).toBe('accepted');
    expect(deliver(pair, alice, m1!, 1_000 + SKIPPED_KEY_TTL_MS + 1)).toBe('MESSAGE_EXPIRED');
    const seed = alice.state.skipped.find((k) => k.counter === 2)!.seed.slice();
    const pruned = pruneExpiredSkippedKeys(alice.state, 1_000 + SKIPPED_KEY_TTL_MS + 1);
    expect(pruned.skipped).toHaveLength(0);
    expect(containsBytes(encodeRatchetState(pruned), seed)).toBe(false);
    expect(alice.state.skipped).toHaveLength(2); // input untouched
    // Any later step prunes too: after one more message the expired keys are gone from the state.
    const later = send(pair, bob, 'later');
    expect(deliver(pair, alice, later, 1_000 + SKIPPED_KEY_TTL_MS + 1)).toBe('accepted');
    expect(alice.state.skipped).toHaveLength(0);
    expect(deliver(pair, alice, m2!, 1_000 + SKIPPED_KEY_TTL_MS + 2)).toBe('DUPLICATE_MESSAGE');
  });

  test.each([
    [MAX_RECEIVER_CHAINS - 1, 'accepted'],
    [MAX_RECEIVER_CHAINS, 'INVALID_MESSAGE'],
  ])('MAX_RECEIVER_CHAINS (closeOldChains off): a late message from the first chain after %i round trips is %s', (roundTrips, expected) => {
    const flags = { ...REFERENCE_FLAGS, closeOldChains: false };
    const pair = makePair(13, flags);
    const { alice, bob } = pair;
    const late = send(pair, bob, 'late');
    for (let i = 0; i < roundTrips; i++) {
      expect(deliver(pair, bob, send(pair, alice, `a${i}`))).toBe('accepted');
      expect(deliver(pair, alice, send(pair, bob, `b${i}`))).toBe('accepted');
    }
    expect(alice.state.receiving.length).toBe(Math.min(roundTrips + 1, MAX_RECEIVER_CHAINS));
    expect(deliver(pair, alice, late)).toBe(expected);
  });

  test('closeOldChains: a late message from the first chain outlives MAX_RECEIVER_CHAINS round trips as a skipped key; one chain stays open', () => {
    const pair = makePair(13);
    const { alice, bob } = pair;
    const late = send(pair, bob, 'late');
    for (let i = 0; i < MAX_RECEIVER_CHAINS + 2; i++) {
      expect(deliver(pair, bob, send(pair, alice, `a${i}`))).toBe('accepted');
      expect(deliver(pair, alice, send(pair, bob, `b${i}`))).toBe('accepted');
    }
    expect(alice.state.receiving.length).toBe(1);
    expect(alice.state.closedChains?.length).toBe(MAX_RECEIVER_CHAINS);
    expect(deliver(pair, alice, late)).toBe('accepted');
  });

  test('closeOldChains: a PN more than MAX_FORWARD_JUMP past the chain is TOO_FAR_IN_FUTURE, state unchanged', () => {
    const pair = makePair(14);
    const { alice, bob } = pair;
    expect(deliver(pair, bob, send(pair, alice, 'a0'))).toBe('accepted');
    const m = send(pair, bob, 'b0');
    const before = encodeRatchetState(alice.state);
    const forged = { ...m, header: { ...m.header, previousCounter: MAX_FORWARD_JUMP + 1 } };
    expect(deliver(pair, alice, forged)).toBe('TOO_FAR_IN_FUTURE');
    expect(encodeRatchetState(alice.state)).toEqual(before);
    expect(deliver(pair, alice, m)).toBe('accepted');
  });
});
