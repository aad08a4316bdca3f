// SEC-FS and SEC-PCS at the ratchet level, each with its weak-variant negative control (no-ratchet):
// the same check run on the weak variant must find the leak, so the check itself can fail.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import type { RatchetMessage } from '../wire/ratchetMessage.ts';
import { stepChain } from './chain.ts';
import { ratchetReceive } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { containsBytes, ctxOf, keyTrial, makePair, type Pair, type Party } from './fixture.ts';
import { deriveMessageKeys } from './kdf.ts';
import { cloneRatchetState } from './state.ts';
import { encodeRatchetState } from './stateCodec.ts';

function send(pair: Pair, from: Party, text: string): { message: RatchetMessage; seed: Uint8Array } {
  const s = from.state;
  const seed = stepChain(nobleProvider, s.sending.chainKey, s.sending.counter, s.role, pair.flags.ratchet).seed;
  const r = ratchetEncrypt(s, utf8(text), ctxOf(from, pair.flags));
  from.state = r.state;
  return { message: r.message, seed };
}

function recv(pair: Pair, to: Party, m: RatchetMessage): void {
  const r = ratchetReceive(to.state, m, ctxOf(to, pair.flags));
  if (!r.ok) throw r.error;
  to.state = r.state;
}

/** Runs a conversation, seizes Alice after she read `target`, and returns what the seizure yields. */
function seizeAfterRead(flags: ProtocolFlags) {
  const pair = makePair('fs', flags);
  const { alice, bob } = pair;
  for (let i = 0; i < 2; i++) {
    recv(pair, bob, send(pair, alice, `a${i}`).message);
    recv(pair, alice, send(pair, bob, `b${i}`).message);
  }
  const target = send(pair, bob, 'canary-7f3a the secret');
  const pending = [send(pair, bob, 'p1'), send(pair, bob, 'p2')];
  const trialCtx = ctxOf({ state: alice.state, rng: createDrbg('seizure') }, flags);
  const beforeRead = keyTrial(alice.state, target.message, trialCtx, target.seed);
  recv(pair, alice, pending[1]!.message); // leaves a skipped key for p1 in the state
  recv(pair, alice, target.message);
  recv(pair, bob, send(pair, alice, 'reply').message);
  const seized = encodeRatchetState(alice.state);
  const keys = deriveMessageKeys(nobleProvider, target.seed);
  const found = [target.seed, keys.cipherKey, keys.iv, utf8('canary-7f3a')].some((b) => containsBytes(seized, b));
  const recovered = keyTrial(alice.state, target.message, trialCtx, target.seed);
  return { found, recovered, beforeRead, pendingStillWorks: ratchetReceive(alice.state, pending[0]!.message, ctxOf(alice, flags)).ok };
}

/** Steals Alice's state, lets the parties complete a DH round trip, and returns what the copy reads of Bob's next messages. */
function stealThenHeal(flags: ProtocolFlags) {
  const pair = makePair('pcs', flags);
  const { alice, bob } = pair;
  recv(pair, bob, send(pair, alice, 'hello').message);
  recv(pair, alice, send(pair, bob, 'hi').message);
  const thief: Party = { state: cloneRatchetState(alice.state), rng: createDrbg('thief') };
  const attempt = (m: RatchetMessage): boolean => {
    const r = ratchetReceive(thief.state, m, ctxOf(thief, flags));
    if (r.ok) thief.state = r.state;
    return r.ok;
  };
  const beforeHealing = send(pair, bob, 'still exposed');
  recv(pair, alice, beforeHealing.message);
  const readBefore = attempt(beforeHealing.message);
  // The round trip: Alice -> Bob (Bob ratchets), Bob -> Alice (Alice ratchets with a key the thief lacks), Alice -> Bob.
  recv(pair, bob, send(pair, alice, 'rt1').message);
  const mid = send(pair, bob, 'rt2');
  recv(pair, alice, mid.message);
  attempt(mid.message);
  recv(pair, bob, send(pair, alice, 'rt3').message);
  const after = [send(pair, bob, 'healed 1'), send(pair, bob, 'healed 2')];
  for (const m of after) recv(pair, alice, m.message);
  const readAfter = after.map((m) => attempt(m.message));
  const trial = after.map((m) => keyTrial(thief.state, m.message, ctxOf(thief, flags), m.seed));
  return { readBefore, readAfter, trialHit: trial.some((t) => t !== undefined) };
}

describe('forward secrecy and healing', () => {
  test('SEC-FS: a seized state holds neither the read message key nor its seed, and no 32-byte window of it decrypts the captured ciphertext', () => {
    const r = seizeAfterRead(REFERENCE_FLAGS);
    expect(r.found).toBe(false);
    expect(r.recovered).toBeUndefined();
    expect(r.pendingStillWorks).toBe(true);
    // The trial is able to succeed: on the state seized before the read it recovers the message.
    expect(r.beforeRead).toEqual(utf8('canary-7f3a the secret'));
  });

  test('SEC-FS negative control: under no-ratchet the same key trial recovers the message', () => {
    const r = seizeAfterRead(protocolFlags('no-ratchet'));
    expect(r.recovered).toEqual(utf8('canary-7f3a the secret'));
  });

  test('SEC-PCS: a stolen copy reads until the DH round trip completes, and nothing after it', () => {
    const r = stealThenHeal(REFERENCE_FLAGS);
    expect(r.readBefore).toBe(true);
    expect(r.readAfter).toEqual([false, false]);
    expect(r.trialHit).toBe(false);
  });

  test('SEC-PCS negative control: under no-ratchet the stolen copy never stops reading', () => {
    const r = stealThenHeal(protocolFlags('no-ratchet'));
    expect(r.readBefore).toBe(true);
    expect(r.readAfter).toEqual([true, true]);
  });
});
