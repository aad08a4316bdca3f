// SEC-INTEGRITY, cost of a refusal: a forged message with a new ratchet key and the largest PN the
// bound allows makes the receiver take one DH step and step the new chain to the header's number, but
// close no old chain (that derives up to MAX_FORWARD_JUMP keys) before its tag has opened. A genuine
// message with the same jumps still closes the old chain at its PN, keeping every key in between.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { MAX_FORWARD_JUMP } from '../limits.ts';
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

describe('refusing a forged header is cheap', () => {
  test('SEC-INTEGRITY: a new ratchet key with PN at the jump bound costs no closing work before the tag check', () => {
    const { alice, bob } = makePair('forged-cost');
    const first = send(alice, 'hello');
    const opened = ratchetReceive(bob.state, first, { provider: nobleProvider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    if (!opened.ok) throw new Error(opened.error.code);
    bob.state = opened.state;
    const before = encodeRatchetState(bob.state);
    const counter = 3;
    const forged = { header: { ratchetKey: nobleProvider.x25519PublicKey(new Uint8Array(32).fill(9)), previousCounter: 1 + MAX_FORWARD_JUMP, counter }, ciphertext: new Uint8Array(48) };
    const c = counting();
    const r = ratchetReceive(bob.state, forged, { provider: c.provider, rng: bob.rng, nowMs: 0, flags: REFERENCE_FLAGS });
    expect(r.ok).toBe(false);
    expect(encodeRatchetState(r.state)).toEqual(before);
    expect(c.hmacs()).toBe(2 * (counter + 1)); // the new chain up to the header's number, nothing more
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
