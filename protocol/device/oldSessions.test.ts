// A thief with a copy of a phone's state (docs/threat-model.md) against flag closeOldChains (Double
// Ratchet spec §3.5 DHRatchet, PN): after healing it can neither push onto an old receiving chain
// nor revive an older session; with the flag off (weak variant open-old-chains) it can do both.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
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

describe('crossing setups: what was in flight on the setup that lost', () => {
  const ctx = (nowMs: number) => makeCtx(rng, nowMs, REFERENCE_FLAGS);
  type Phone = 'alice' | 'bob';

  /**
   * Both phones start a session and write twice before hearing from the other. Then, in this order:
   * the winner's phone (its setup has the smaller base key) gets the loser's first message, the loser's
   * phone gets the winner's first message and answers on the winning session, and the winner's phone
   * gets that answer. Only then does the loser's second first-flight message arrive.
   */
  function crossingInFlight(seed: string) {
    const d: Record<Phone, DeviceState> = { alice: makeDevice('alice', seed), bob: makeDevice('bob', seed) };
    d.alice = openSession(d.alice, d.bob.userId, bundleOf(d.bob), ctx(1_000)).device;
    d.bob = openSession(d.bob, d.alice.userId, bundleOf(d.alice), ctx(1_010)).device;
    const peerOf = (p: Phone): Phone => (p === 'alice' ? 'bob' : 'alice');
    const send = (from: Phone, body: string, nowMs: number) => {
      const out = sendText(d[from], d[peerOf(from)].deviceId, text(body), ctx(nowMs));
      if (out.kind !== 'sent') throw new Error('held');
      d[from] = out.device;
      return out.wire;
    };
    const deliver = (to: Phone, wire: Uint8Array, nowMs: number) => {
      const from = peerOf(to);
      const before = serializeDevice(d[to]);
      const r = receiveMessage(d[to], d[from].deviceId, d[from].userId, wire, ctx(nowMs));
      if (r.ok) d[to] = r.device;
      return { code: r.ok ? 'accepted' : r.error.code, unchanged: equalBytes(serializeDevice(r.device), before) };
    };
    const ownBaseKey = (p: Phone) => findContact(d[p], d[peerOf(p)].deviceId)!.sessions[0]!.baseKey;
    const firstA = send('alice', 'a0', 1_020);
    const firstB = send('bob', 'b0', 1_021);
    const secondA = send('alice', 'a1', 1_030);
    const secondB = send('bob', 'b1', 1_031);
    // newerFirst: at equal (settled) times the smaller base key wins.
    const winner: Phone = Buffer.compare(ownBaseKey('alice'), ownBaseKey('bob')) < 0 ? 'alice' : 'bob';
    const loser = peerOf(winner);
    const first = { alice: firstA, bob: firstB };
    const second = { alice: secondA, bob: secondB };
    return { d, send, deliver, winner, loser, first, second };
  }

  it("the loser's message still in flight when the winner's session was answered is accepted, once", () => {
    for (const seed of ['in-flight-1', 'in-flight-2', 'in-flight-3', 'in-flight-4']) {
      const w = crossingInFlight(seed);
      expect(w.deliver(w.winner, w.first[w.loser], 1_100).code, seed).toBe('accepted');
      expect(w.deliver(w.loser, w.first[w.winner], 1_110).code, seed).toBe('accepted');
      const answer = w.send(w.loser, 'answer on the winning session', 1_120);
      expect(w.deliver(w.winner, answer, 1_130).code, seed).toBe('accepted');
      // Sent before the loser's phone knew of the crossing: genuine, authenticated, never delivered yet.
      expect(w.deliver(w.winner, w.second[w.loser], 1_140).code, seed).toBe('accepted');
      expect(w.deliver(w.winner, w.second[w.loser], 1_150), seed).toEqual({ code: 'DUPLICATE_MESSAGE', unchanged: true });
      // Both still send on the winning session, and the winner's other first-flight message arrives too.
      expect(w.deliver(w.loser, w.second[w.winner], 1_160).code, seed).toBe('accepted');
      const reply = w.send(w.winner, 'reply', 1_170);
      expect(w.deliver(w.loser, reply, 1_180).code, seed).toBe('accepted');
      const ours = findContact(w.d[w.winner], w.d[w.loser].deviceId)!.sessions[0]!;
      const theirs = findContact(w.d[w.loser], w.d[w.winner].deviceId)!.sessions[0]!;
      expect(equalBytes(ours.baseKey, theirs.baseKey), seed).toBe(true);
    }
  });

  it('the setup that lost, reaching the winner only after its own was answered, is not taken for a new session', () => {
    for (const seed of ['late-loser-1', 'late-loser-2', 'late-loser-3', 'late-loser-4']) {
      const w = crossingInFlight(seed);
      // The loser's whole first flight is delayed: the winner hears of the loser's setup only after its answer.
      expect(w.deliver(w.loser, w.first[w.winner], 1_100).code, seed).toBe('accepted');
      const answer = w.send(w.loser, 'answer on the winning session', 1_110);
      expect(w.deliver(w.winner, answer, 1_120).code, seed).toBe('accepted');
      expect(w.deliver(w.winner, w.first[w.loser], 1_130).code, seed).toBe('accepted');
      expect(w.deliver(w.winner, w.second[w.loser], 1_140).code, seed).toBe('accepted');
      // The winner still sends on its own session, which the loser reads; the two agree on it.
      const reply = w.send(w.winner, 'reply', 1_150);
      expect(w.deliver(w.loser, reply, 1_160).code, seed).toBe('accepted');
      const again = w.send(w.loser, 'again', 1_170);
      expect(w.deliver(w.winner, again, 1_180).code, seed).toBe('accepted');
      const ours = findContact(w.d[w.winner], w.d[w.loser].deviceId)!.sessions[0]!;
      const theirs = findContact(w.d[w.loser], w.d[w.winner].deviceId)!.sessions[0]!;
      expect(equalBytes(ours.baseKey, theirs.baseKey), seed).toBe(true);
    }
  });

  it("a copy of the loser's phone taken after the crossing cannot push onto the setup that lost, after healing", () => {
    for (const seed of ['in-flight-thief-1', 'in-flight-thief-2', 'in-flight-thief-3', 'in-flight-thief-4']) {
      const w = crossingInFlight(seed);
      w.deliver(w.winner, w.first[w.loser], 1_100);
      const ownSetup = () => findContact(w.d[w.loser], w.d[w.winner].deviceId)!.sessions.find((s) => s.pendingInitial !== undefined)!;
      const chainKeyBefore = ownSetup().ratchet.sending.chainKey.slice();
      // The loser's phone learns of the crossing: it gives its own setup up, and hands its chain key back to be wiped.
      const switched = receiveMessage(w.d[w.loser], w.d[w.winner].deviceId, w.d[w.winner].userId, w.first[w.winner], ctx(1_110));
      if (!switched.ok) throw new Error(switched.error.code);
      expect(
        switched.consumed.some((k) => equalBytes(k, chainKeyBefore)),
        seed,
      ).toBe(true);
      w.d[w.loser] = switched.device;
      expect(equalBytes(ownSetup().ratchet.sending.chainKey, chainKeyBefore), seed).toBe(false);
      const thief = structuredClone(w.d[w.loser]);
      // Healing after the theft (docs/properties.md SEC-PCS): winner → loser → winner → loser → winner.
      for (let i = 0; i < 2; i++) {
        expect(w.deliver(w.loser, w.send(w.winner, `w${i}`, 2_000 + 100 * i), 2_010 + 100 * i).code, seed).toBe('accepted');
        expect(w.deliver(w.winner, w.send(w.loser, `l${i}`, 2_050 + 100 * i), 2_060 + 100 * i).code, seed).toBe('accepted');
      }
      // The thief sends on the oldest session its copy keeps (the thief-sends 'oldest' revival): the loser's own setup.
      const revived: DeviceState = {
        ...thief,
        contacts: thief.contacts.map((c) => (c.deviceId === w.d[w.winner].deviceId ? { ...c, sessions: [...c.sessions.slice(-1), ...c.sessions.slice(0, -1)] } : c)),
      };
      const forged = sendText(revived, w.d[w.winner].deviceId, text('forged by the thief'), ctx(3_000));
      if (forged.kind !== 'sent') throw new Error('held');
      // It carries the setup's header and the next number on its chain, but that chain key is gone: the AEAD fails.
      expect(w.deliver(w.winner, forged.wire, 3_010), seed).toEqual({ code: 'INVALID_MESSAGE', unchanged: true });
      // Nor can it make the peer step that chain: the header key went with the chain key, so one numbered
      // 1,900 ahead is refused at the header tag, for one HMAC (docs/architecture.md, "Header tags").
      const far: DeviceState = {
        ...revived,
        contacts: revived.contacts.map((c) =>
          c.deviceId === w.d[w.winner].deviceId
            ? { ...c, sessions: c.sessions.map((s, i) => (i === 0 ? { ...s, ratchet: { ...s.ratchet, sending: { ...s.ratchet.sending, counter: s.ratchet.sending.counter + 1_900 } } } : s)) }
            : c,
        ),
      };
      const farForged = sendText(far, w.d[w.winner].deviceId, text('forged far ahead'), ctx(3_005));
      if (farForged.kind !== 'sent') throw new Error('held');
      let hmacs = 0;
      const counting: CryptoProvider = { ...nobleProvider, hmacSha256: (k, m) => (hmacs++, nobleProvider.hmacSha256(k, m)) };
      const farResult = receiveMessage(w.d[w.winner], w.d[w.loser].deviceId, w.d[w.loser].userId, farForged.wire, { ...ctx(3_008), provider: counting });
      expect(farResult.ok ? 'accepted' : farResult.error.code, seed).toBe('INVALID_MESSAGE');
      expect(farResult.device, seed).toBe(w.d[w.winner]);
      expect(hmacs, seed).toBeLessThanOrEqual(2);
      // Nor does the copy get through on its newest session: the peer's DH steps closed that chain.
      const onNewest = sendText(thief, w.d[w.winner].deviceId, text('forged again'), ctx(3_020));
      if (onNewest.kind !== 'sent') throw new Error('held');
      expect(w.deliver(w.winner, onNewest.wire, 3_030).code, seed).not.toBe('accepted');
    }
  });
});
