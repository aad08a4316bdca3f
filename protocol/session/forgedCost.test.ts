// SEC-INTEGRITY, cost of a refusal across kept sessions: a forged ratchet message whose header names a
// ratchet key one session knows is tried on that session alone (no DH step anywhere), with the flag
// closeOldChains on and in the open-old-chains weak variant alike; one with a new key is tried on
// every session (any of them could be the one the peer ratcheted), each taking one DH step.
import { describe, expect, test } from 'vitest';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { nobleProvider } from '../crypto/noble.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { findContact, openSession, receiveMessage, sendText, type DeviceState } from '../device/index.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { receivePairwise } from './receive.ts';

const rng = createDrbg('session-forged-cost');

/** bob holding MAX_SESSIONS_PER_CONTACT sessions with alice, each set up by her and heard once. */
function bobWithSessions(flags: ProtocolFlags): { alice: DeviceState; bob: DeviceState } {
  let alice = makeDevice('alice', 'forged-cost', flags);
  let bob = makeDevice('bob', 'forged-cost', flags);
  for (let i = 0; i < MAX_SESSIONS_PER_CONTACT; i++) {
    alice = openSession(alice, bob.userId, bundleOf(bob, { oneTime: false }), makeCtx(rng, 1_000 + i, flags)).device;
    const out = sendText(alice, bob.deviceId, text(`setup ${i}`), makeCtx(rng, 1_000 + i, flags));
    if (out.kind !== 'sent') throw new Error('held');
    alice = out.device;
    const r = receiveMessage(bob, alice.deviceId, alice.userId, out.wire, makeCtx(rng, 1_000 + i, flags));
    if (!r.ok) throw new Error(r.error.code);
    bob = r.device;
  }
  return { alice, bob };
}

/** nobleProvider, counting its X25519 calls (a DH step takes two). */
function countingDh(): { provider: CryptoProvider; dh: () => number } {
  let n = 0;
  return {
    provider: {
      ...nobleProvider,
      x25519: (sk, pk) => {
        n++;
        return nobleProvider.x25519(sk, pk);
      },
    },
    dh: () => n,
  };
}

describe('forged ratchet messages across kept sessions', () => {
  for (const [name, flags] of [
    ['reference', REFERENCE_FLAGS],
    ['open-old-chains', { ...REFERENCE_FLAGS, closeOldChains: false }],
  ] as const) {
    test(`SEC-INTEGRITY (${name}): a known ratchet key is tried on its session only; a new one on each session, one DH step each`, () => {
      const { alice, bob } = bobWithSessions(flags);
      const sessions = findContact(bob, alice.deviceId)!.sessions;
      expect(sessions).toHaveLength(MAX_SESSIONS_PER_CONTACT);
      const oldest = sessions[MAX_SESSIONS_PER_CONTACT - 1]!.ratchet.receiving[0]!.ratchetKey;
      const fresh = nobleProvider.x25519PublicKey(rng.bytes(32));
      for (const [ratchetKey, dhSteps] of [
        [oldest, 0],
        [fresh, MAX_SESSIONS_PER_CONTACT],
      ] as const) {
        const c = countingDh();
        const message = { kind: 'ratchet' as const, message: { header: { ratchetKey, previousCounter: 0, counter: 5 }, ciphertext: rng.bytes(48) } };
        const r = receivePairwise({ sessions, ourIdentity: bob.identity, preKeys: bob.preKeys, message, requirePq: false, ctx: { provider: c.provider, rng, nowMs: 5_000, flags } });
        expect(r.ok).toBe(false);
        expect(r.sessions).toEqual(sessions);
        expect(c.dh()).toBe(2 * dhSteps);
      }
    });
  }
});
