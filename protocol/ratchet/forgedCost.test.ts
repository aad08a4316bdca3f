// SEC-INTEGRITY, cost of a refusal: a forged message with a new ratchet key and the largest numbers
// the bounds allow makes the receiver take one DH step and check one header tag, stepping no chain
// and closing none (that derives up to MAX_FORWARD_JUMP keys each); one on a known key costs the tag
// alone. A genuine message with the same jumps still closes the old chain at its PN, keeping every
// key in between.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { MAX_FORWARD_JUMP } from '../limits.ts';
import { HEADER_TAG_BYTES } from '../wire/ratchetMessage.ts';
import { REFERENCE_FLAGS } from '../variant.ts';
import { ratchetReceive } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { makePair, type Party } from './fixture.ts';
import { encodeRatchetState } from './stateCodec.ts';

/** nobleProvider, counting its HMAC calls (one chain step is two). */
function counting(): { provider: CryptoProvider; hmacs: () => number } {
  let n = 0;
  const provider: CryptoProvider = {
    ...nobleProvider,
    hmacSha256: (key, data) => {
      n++;
      return nobleProvider.hmacSha256(key, data);
    },
  };
  return { provider, hmacs: () => n };
}

function send(from: Party, text: string) {
  const r = ratchetEncrypt(from.state, utf8(text), { provider: nobleProvider, rng: from.rng, nowMs: 0, flags: REFERENCE_FLAGS });
  from.state = r.state;
  return r.message;
}

/** A pair in which bob has received alice's first message (his receiving chain for her key exists). */
function afterFirstMessage(seed: string) {
  const { alice, bob } = makePair(seed);
  const first = send(alice, 'hello');
  const opened = ratchetReceive(bob.state, first, { provider: nobleProvider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
  if (!opened.ok) throw new Error(opened.error.code);
  bob.state = opened.state;
  return { alice, bob, first };
}

describe('refusing a forged header is cheap', () => {
  test('SEC-INTEGRITY: a new ratchet key naming the furthest message and PN the bounds allow costs no chain step before the header tag is checked', () => {
    const { bob } = afterFirstMessage('forged-cost');
    const before = encodeRatchetState(bob.state);
    const header = { ratchetKey: nobleProvider.x25519PublicKey(new Uint8Array(32).fill(9)), previousCounter: 1 + MAX_FORWARD_JUMP, counter: MAX_FORWARD_JUMP };
    const forged = { header, headerTag: new Uint8Array(HEADER_TAG_BYTES), ciphertext: new Uint8Array(48) };
    const c = counting();
    const r = ratchetReceive(bob.state, forged, { provider: c.provider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    expect(r.ok ? 'accepted' : r.error.code).toBe('INVALID_MESSAGE');
    expect(encodeRatchetState(r.state)).toEqual(before);
    expect(c.hmacs()).toBe(2); // the new chain's header key and the tag: no chain step, no closing
  });

  test('SEC-INTEGRITY: a known ratchet key naming a message MAX_FORWARD_JUMP ahead costs one HMAC', () => {
    const { bob, first } = afterFirstMessage('forged-cost-known');
    const before = encodeRatchetState(bob.state);
    const forged = { header: { ...first.header, counter: first.header.counter + MAX_FORWARD_JUMP }, headerTag: first.headerTag, ciphertext: first.ciphertext };
    const c = counting();
    const r = ratchetReceive(bob.state, forged, { provider: c.provider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    expect(r.ok ? 'accepted' : r.error.code).toBe('INVALID_MESSAGE');
    expect(encodeRatchetState(r.state)).toEqual(before);
    expect(c.hmacs()).toBe(1);
  });

  test('a genuine header and tag over another ciphertext fail the tag: the body is bound', () => {
    const { alice, bob } = makePair('forged-cost-body');
    send(alice, 'lost');
    const second = send(alice, 'hello');
    const before = encodeRatchetState(bob.state);
    const c = counting();
    const body = second.ciphertext.slice();
    body[0] = (body[0] as number) ^ 1;
    const r = ratchetReceive(bob.state, { ...second, ciphertext: body }, { provider: c.provider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    expect(r.ok ? 'accepted' : r.error.code).toBe('INVALID_MESSAGE');
    expect(encodeRatchetState(r.state)).toEqual(before);
    expect(c.hmacs()).toBe(2); // bob's first chain from alice: its header key and the tag
    const genuine = ratchetReceive(bob.state, second, { provider: nobleProvider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    expect(genuine.ok).toBe(true);
  });

  test('a genuine message with a PN jump still closes the old chain at its PN (every key in between kept)', () => {
    const lost = 100;
    const { alice, bob } = makePair('forged-cost-genuine');
    const opened = ratchetReceive(bob.state, send(alice, 'hello'), { provider: nobleProvider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    if (!opened.ok) throw new Error(opened.error.code);
    bob.state = opened.state;
    // alice sends `lost` more on her first chain (bob gets none), then hears from bob and ratchets.
    for (let i = 0; i < lost; i++) send(alice, `lost ${i}`);
    const reply = send(bob, 'reply');
    const heard = ratchetReceive(alice.state, reply, { provider: nobleProvider, rng: alice.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    if (!heard.ok) throw new Error(heard.error.code);
    alice.state = heard.state;
    for (let i = 0; i < 3; i++) send(alice, `skipped on the new chain ${i}`);
    const fourth = send(alice, 'the fourth on the new chain');
    expect(fourth.header.previousCounter).toBe(1 + lost);
    const r = ratchetReceive(bob.state, fourth, { provider: nobleProvider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.skipped).toHaveLength(lost + 3);
    expect(r.state.closedChains?.map((k) => k.end)).toEqual([1 + lost]);
    expect(r.state.receiving).toHaveLength(1);
  });
});
