// SEC-INTEGRITY, cost of a refusal across kept sessions: a forged ratchet message whose header names a
// ratchet key one session knows is tried on that session alone (no DH step anywhere), with the flag
// closeOldChains on and in the open-old-chains weak variant alike. One with a new key is tried only on
// the sessions that have sent on their current chain (the peer takes a DH step only on a key of ours
// it received, Double Ratchet spec §3.5), at one X25519 each before the tag check; a genuine new key
// is still accepted there. Every refusal returns the input sessions themselves.
import { describe, expect, test } from 'vitest';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { nobleProvider } from '../crypto/noble.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { findContact, openSession, receiveMessage, sendText, type DeviceState } from '../device/index.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from '../wire/pairwiseMessage.ts';
import { receivePairwise } from './receive.ts';

const rng = createDrbg('session-forged-cost');

function send(from: DeviceState, to: DeviceState, body: string, nowMs: number, flags: ProtocolFlags): { from: DeviceState; wire: Uint8Array } {
  const out = sendText(from, to.deviceId, text(body), makeCtx(rng, nowMs, flags));
  if (out.kind !== 'sent') throw new Error('held');
  return { from: out.device, wire: out.wire };
}

function deliver(to: DeviceState, from: DeviceState, wire: Uint8Array, nowMs: number, flags: ProtocolFlags): DeviceState {
  const r = receiveMessage(to, from.deviceId, from.userId, wire, makeCtx(rng, nowMs, flags));
  if (!r.ok) throw new Error(r.error.code);
  return r.device;
}

/**
 * bob holding MAX_SESSIONS_PER_CONTACT sessions with alice, each set up by her and heard once; with
 * `replies`, bob answers on each before the next is set up (so each has sent on its current chain).
 */
function bobWithSessions(flags: ProtocolFlags, replies: boolean): { alice: DeviceState; bob: DeviceState; lastReply: Uint8Array | undefined } {
  let alice = makeDevice('alice', 'forged-cost', flags);
  let bob = makeDevice('bob', 'forged-cost', flags);
  let lastReply: Uint8Array | undefined;
  for (let i = 0; i < MAX_SESSIONS_PER_CONTACT; i++) {
    alice = openSession(alice, bob.userId, bundleOf(bob, { oneTime: false }), makeCtx(rng, 1_000 + i, flags)).device;
    const setup = send(alice, bob, `setup ${i}`, 1_000 + i, flags);
    alice = setup.from;
    bob = deliver(bob, alice, setup.wire, 1_000 + i, flags);
    if (replies) {
      const reply = send(bob, alice, `reply ${i}`, 1_000 + i, flags);
      bob = reply.from;
      lastReply = reply.wire;
    }
  }
  return { alice, bob, lastReply };
}

/** nobleProvider, counting its X25519 operations (x25519Each counts one per key). */
function countingDh(): { provider: CryptoProvider; dh: () => number } {
  let n = 0;
  return {
    provider: {
      ...nobleProvider,
      x25519: (sk, pk) => {
        n++;
        return nobleProvider.x25519(sk, pk);
      },
      x25519Each: (sk, pks) => {
        n += pks.length;
        return nobleProvider.x25519Each(sk, pks);
      },
    },
    dh: () => n,
  };
}

function forge(bob: DeviceState, alice: DeviceState, ratchetKey: Uint8Array, flags: ProtocolFlags) {
  const sessions = findContact(bob, alice.deviceId)!.sessions;
  const c = countingDh();
  const message = { kind: 'ratchet' as const, message: { header: { ratchetKey, previousCounter: 0, counter: 5 }, headerTag: rng.bytes(16), ciphertext: rng.bytes(48) } };
  const r = receivePairwise({ sessions, ourIdentity: bob.identity, preKeys: bob.preKeys, message, requirePq: false, ctx: { provider: c.provider, rng, nowMs: 5_000, flags } });
  return { r, sessions, dh: c.dh() };
}

describe('forged ratchet messages across kept sessions', () => {
  for (const [name, flags] of [
    ['reference', REFERENCE_FLAGS],
    ['open-old-chains', { ...REFERENCE_FLAGS, closeOldChains: false }],
  ] as const) {
    test(`SEC-INTEGRITY (${name}): a known ratchet key is tried on its session only; a new one on no session that never sent`, () => {
      const { alice, bob } = bobWithSessions(flags, false);
      const sessions = findContact(bob, alice.deviceId)!.sessions;
      expect(sessions).toHaveLength(MAX_SESSIONS_PER_CONTACT);
      const oldest = sessions[MAX_SESSIONS_PER_CONTACT - 1]!.ratchet.receiving[0]!.ratchetKey;
      for (const ratchetKey of [oldest, nobleProvider.x25519PublicKey(rng.bytes(32))]) {
        const { r, sessions: before, dh } = forge(bob, alice, ratchetKey, flags);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('INVALID_MESSAGE');
        expect(r.sessions.map((s) => s.ratchet)).toEqual(before.map((s) => s.ratchet));
        r.sessions.forEach((s, i) => expect(s.ratchet).toBe(before[i]!.ratchet));
        expect(dh).toBe(0);
      }
    });

    test(`SEC-INTEGRITY (${name}): a new ratchet key is tried on each session that sent, one X25519 each before the tag check`, () => {
      const { alice, bob } = bobWithSessions(flags, true);
      const { r, sessions, dh } = forge(bob, alice, nobleProvider.x25519PublicKey(rng.bytes(32)), flags);
      expect(sessions.every((s) => s.ratchet.sending.counter > 0)).toBe(true);
      expect(r.ok).toBe(false);
      r.sessions.forEach((s, i) => expect(s.ratchet).toBe(sessions[i]!.ratchet));
      expect(dh).toBe(MAX_SESSIONS_PER_CONTACT);
    });
  }

  test('a genuine new ratchet key (the peer answering our reply) is still accepted, and only then takes the sending half', () => {
    const flags = REFERENCE_FLAGS;
    const { alice: a0, bob, lastReply } = bobWithSessions(flags, true);
    const alice = deliver(a0, bob, lastReply!, 2_000, flags);
    const answer = send(alice, bob, 'answer', 2_001, flags);
    const message = decodePairwiseMessage(answer.wire);
    expect(message.kind).toBe('ratchet');
    const sessions = findContact(bob, alice.deviceId)!.sessions;
    const c = countingDh();
    const ids = { initiatorUser: alice.userId, initiatorDevice: alice.deviceId, responderUser: bob.userId, responderDevice: bob.deviceId };
    const r = receivePairwise({ sessions, ourIdentity: bob.identity, preKeys: bob.preKeys, message, requirePq: false, ids, ctx: { provider: c.provider, rng, nowMs: 2_001, flags } });
    expect(r.ok).toBe(true);
    expect(c.dh()).toBe(3); // the receiving DH, then the fresh key pair's public key and its DH
  });
});

describe('replayed setup messages', () => {
  /** A device context whose provider counts Ed25519 verifications. */
  function countingVerify(nowMs: number) {
    let n = 0;
    const provider: CryptoProvider = {
      ...nobleProvider,
      ed25519Verify: (pk, m, sig) => {
        n++;
        return nobleProvider.ed25519Verify(pk, m, sig);
      },
    };
    return { ctx: { ...makeCtx(rng, nowMs), provider }, verifies: () => n };
  }

  test('SEC-INTEGRITY: a replayed setup of the trusted identity is refused with no signature check; another binding is still checked', () => {
    let alice = makeDevice('alice', 'setup-replay-cost');
    let bob = makeDevice('bob', 'setup-replay-cost');
    alice = openSession(alice, bob.userId, bundleOf(bob, { oneTime: false }), makeCtx(rng, 1_000)).device;
    const setup = send(alice, bob, 'setup', 1_000, REFERENCE_FLAGS);
    alice = setup.from;
    bob = deliver(bob, alice, setup.wire, 1_000, REFERENCE_FLAGS);

    const replay = countingVerify(2_000);
    const r = receiveMessage(bob, alice.deviceId, alice.userId, setup.wire, replay.ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DUPLICATE_MESSAGE');
    expect(r.device).toBe(bob);
    expect(replay.verifies()).toBe(0);

    const m = decodePairwiseMessage(setup.wire);
    if (m.kind !== 'prekey') throw new Error('expected a setup message');
    const binding = m.initial.initiatorIdentity.binding!.slice();
    binding[0]! ^= 1;
    const rebound = encodePairwiseMessage({ ...m, initial: { ...m.initial, initiatorIdentity: { ...m.initial.initiatorIdentity, binding } } });
    const forged = countingVerify(2_000);
    const f = receiveMessage(bob, alice.deviceId, alice.userId, rebound, forged.ctx);
    expect(f.ok).toBe(false);
    if (f.ok) return;
    expect(f.error.code).toBe('BAD_IDENTITY_BINDING');
    expect(f.device).toBe(bob);
    expect(forged.verifies()).toBe(1);
  });
});
