// A thief with a copy of a phone's state (docs/threat-model.md) against flag closeOldChains (Double
// Ratchet spec §3.5 DHRatchet, PN): after healing it can neither push onto an old receiving chain
// nor revive an older session; with the flag off (weak variant open-old-chains) it can do both.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { findContact, openSession, receiveMessage, sendText, serializeDevice, type DeviceState } from './index.ts';

const OPEN: ProtocolFlags = { ...REFERENCE_FLAGS, closeOldChains: false };
const rng = createDrbg('old-sessions');

function world(seed: string, flags: ProtocolFlags) {
  const ctx = (nowMs: number) => makeCtx(rng, nowMs, flags);
  const d = { alice: makeDevice('alice', seed, flags), bob: makeDevice('bob', seed, flags) };
  const send = (from: DeviceState, to: DeviceState, body: string, nowMs: number) => {
    const out = sendText(from, to.deviceId, text(body), ctx(nowMs));
    if (out.kind !== 'sent') throw new Error('held');
    return out;
  };
  /** from → to, delivered; both devices adopt their new state. */
  const hop = (from: 'alice' | 'bob', body: string, nowMs: number) => {
    const to = from === 'alice' ? 'bob' : 'alice';
    const out = send(d[from], d[to], body, nowMs);
    d[from] = out.device;
    const got = receiveMessage(d[to], d[from].deviceId, d[from].userId, out.wire, ctx(nowMs));
    if (!got.ok) throw new Error(`${from} → ${to}: ${got.error.code}`);
    d[to] = got.device;
  };
  d.alice = openSession(d.alice, d.bob.userId, bundleOf(d.bob), ctx(1_000)).device;
  hop('alice', 'a0', 1_000);
  hop('bob', 'b0', 1_100);
  return { d, ctx, send, hop };
}

/** What alice says to a message the thief sends from its copy of bob, and whether her state moved. */
function thiefSends(w: ReturnType<typeof world>, thief: DeviceState, nowMs: number) {
  const forged = w.send(thief, w.d.alice, 'forged by the thief', nowMs);
  const before = serializeDevice(w.d.alice);
  const r = receiveMessage(w.d.alice, thief.deviceId, thief.userId, forged.wire, w.ctx(nowMs));
  return { r, unchanged: equalBytes(serializeDevice(r.device), before), thiefAfter: forged.device };
}

describe('closeOldChains: a stolen state copy after healing', () => {
  for (const [name, flags] of [
    ['reference', REFERENCE_FLAGS],
    ['open-old-chains', OPEN],
  ] as const) {
    it(`old receiving chain (${name}): the thief's message past PN is ${name === 'reference' ? 'CHAIN_CLOSED' : 'accepted'}`, () => {
      const w = world(`chain-${name}`, flags);
      const thief = structuredClone(w.d.bob);
      for (let i = 1; i <= 2; i++) {
        w.hop('alice', `a${i}`, 1_000 + 200 * i);
        w.hop('bob', `b${i}`, 1_100 + 200 * i);
      }
      const { r, unchanged } = thiefSends(w, thief, 2_000);
      if (name === 'reference') {
        expect(!r.ok && r.error.code).toBe('CHAIN_CLOSED');
        expect(unchanged).toBe(true);
      } else {
        expect(r.ok).toBe(true);
      }
    });

    it(`older session (${name}): the thief ${name === 'reference' ? 'is refused STALE_SESSION' : 'revives it and reads the reply'}`, () => {
      const w = world(`session-${name}`, flags);
      const thief = structuredClone(w.d.bob);
      const oldBaseKey = findContact(w.d.alice, w.d.bob.deviceId)!.sessions[0]!.baseKey;
      // Healing: alice sets up a new session, and two round trips run on it.
      w.d.alice = openSession(w.d.alice, w.d.bob.userId, bundleOf(w.d.bob), w.ctx(2_000)).device;
      for (let i = 1; i <= 2; i++) {
        w.hop('alice', `a${i}`, 2_000 + 200 * i);
        w.hop('bob', `b${i}`, 2_100 + 200 * i);
      }
      const { r, unchanged, thiefAfter } = thiefSends(w, thief, 3_000);
      if (name === 'reference') {
        expect(!r.ok && r.error.code).toBe('STALE_SESSION');
        expect(unchanged).toBe(true);
        return;
      }
      if (!r.ok) throw new Error(r.error.code);
      const active = findContact(r.device, w.d.bob.deviceId)!.sessions[0]!;
      expect(equalBytes(active.baseKey, oldBaseKey)).toBe(true); // the old session was promoted
      const reply = w.send(r.device, thiefAfter, 'for bob only', 3_100);
      const stolen = receiveMessage(thiefAfter, w.d.alice.deviceId, w.d.alice.userId, reply.wire, w.ctx(3_100));
      expect(stolen.ok).toBe(true);
    });
  }

  it('two crossing setups (each side opens a session at once) still converge: neither refuses the other', () => {
    const ctx = (nowMs: number) => makeCtx(rng, nowMs, REFERENCE_FLAGS);
    let alice = makeDevice('alice', 'crossing');
    let bob = makeDevice('bob', 'crossing');
    alice = openSession(alice, bob.userId, bundleOf(bob), ctx(1_000)).device;
    bob = openSession(bob, alice.userId, bundleOf(alice), ctx(1_001)).device;
    const fromAlice = sendText(alice, bob.deviceId, text('a0'), ctx(1_002));
    const fromBob = sendText(bob, alice.deviceId, text('b0'), ctx(1_003));
    if (fromAlice.kind !== 'sent' || fromBob.kind !== 'sent') throw new Error('held');
    alice = fromAlice.device;
    bob = fromBob.device;
    const atBob = receiveMessage(bob, alice.deviceId, alice.userId, fromAlice.wire, ctx(1_004));
    const atAlice = receiveMessage(alice, bob.deviceId, bob.userId, fromBob.wire, ctx(1_005));
    if (!atBob.ok || !atAlice.ok) throw new Error('setup refused');
    bob = atBob.device;
    alice = atAlice.device;
    for (let i = 1; i <= 3; i++) {
      const a = sendText(alice, bob.deviceId, text(`a${i}`), ctx(1_010 + 10 * i));
      if (a.kind !== 'sent') throw new Error('held');
      alice = a.device;
      const gotA = receiveMessage(bob, alice.deviceId, alice.userId, a.wire, ctx(1_011 + 10 * i));
      expect(gotA.ok ? 'accepted' : gotA.error.code).toBe('accepted');
      if (gotA.ok) bob = gotA.device;
      const b = sendText(bob, alice.deviceId, text(`b${i}`), ctx(1_012 + 10 * i));
      if (b.kind !== 'sent') throw new Error('held');
      bob = b.device;
      const gotB = receiveMessage(alice, bob.deviceId, bob.userId, b.wire, ctx(1_013 + 10 * i));
      expect(gotB.ok ? 'accepted' : gotB.error.code).toBe('accepted');
      if (gotB.ok) alice = gotB.device;
    }
  });
});

describe('crossing setups (both phones write before hearing from the other)', () => {
  /** Each day both send at once and then receive the other's message: the first day's setups cross. */
  function crossing(seed: string, startMs = 1_000) {
    const ctx = (nowMs: number) => makeCtx(rng, nowMs, REFERENCE_FLAGS);
    let alice = makeDevice('alice', seed);
    let bob = makeDevice('bob', seed);
    alice = openSession(alice, bob.userId, bundleOf(bob), ctx(startMs)).device;
    bob = openSession(bob, alice.userId, bundleOf(alice), ctx(startMs + 10)).device;
    const codes: string[] = [];
    for (let day = 0; day < 6; day++) {
      const t = startMs + day * 60_000;
      const a = sendText(alice, bob.deviceId, text(`a${day}`), ctx(t));
      const b = sendText(bob, alice.deviceId, text(`b${day}`), ctx(t + 10));
      if (a.kind !== 'sent' || b.kind !== 'sent') throw new Error('held');
      alice = a.device;
      bob = b.device;
      const atBob = receiveMessage(bob, alice.deviceId, alice.userId, a.wire, ctx(t + 50));
      const atAlice = receiveMessage(alice, bob.deviceId, bob.userId, b.wire, ctx(t + 60));
      codes.push(atBob.ok ? 'ok' : atBob.error.code, atAlice.ok ? 'ok' : atAlice.error.code);
      if (atBob.ok) bob = atBob.device;
      if (atAlice.ok) alice = atAlice.device;
    }
    return { codes, alice, bob };
  }

  it('both settle on one session, so every message of six crossing exchanges is accepted', () => {
    // Time 0 too: the settled session takes a real creation time, never one before the clock began.
    for (const [seed, startMs] of [
      ['cross-1', 1_000],
      ['cross-2', 1_000],
      ['cross-3', 0],
      ['cross-4', 0],
      ['cross-5', 0],
      ['cross-6', 0],
      ['cross-7', 0],
      ['cross-8', 0],
    ] as const) {
      const { codes, alice, bob } = crossing(seed, startMs);
      for (const d of [alice, bob]) serializeDevice(d); // every createdAtMs is a storable time
      expect(codes, seed).toEqual(Array(12).fill('ok'));
      // The session both send on is the same one: its setup's base key is the smaller of the two.
      const ours = findContact(alice, bob.deviceId)?.sessions[0];
      const theirs = findContact(bob, alice.deviceId)?.sessions[0];
      expect(ours !== undefined && theirs !== undefined && equalBytes(ours.baseKey, theirs.baseKey), seed).toBe(true);
    }
  });
});
