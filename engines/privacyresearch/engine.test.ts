// The privacyresearch engine through the device contract: sessions from bundles with and without a
// one-time prekey, both directions, refusals that change nothing, the exported state as a thief's clone
// (key trial), and the adapter's trust policy in both directions.
import { describe, expect, test } from 'vitest';
import { engineInfo, loadDeviceEngine } from '../registry.ts';
import type { EngineCiphertext, EngineDevice, PeerAddress } from '../contract.ts';

const engine = loadDeviceEngine('privacyresearch');
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
/** The library draws from the system CSPRNG and ignores the device seed. */
const SEED = new Uint8Array(32);

let made = 0;
/** A device with a name of its own, so tests sharing the worker never share a peer address by accident. */
function device(user: string): EngineDevice {
  return engine.createDevice({ user: `${user}-${made++}`, device: 1 }, 0, SEED);
}

function pair(withOneTime = true): { alice: EngineDevice; bob: EngineDevice } {
  const alice = device('alice');
  const bob = device('bob');
  const b = bob.bundle({ refresh: false, nowMs: 0 });
  expect(alice.startSession(bob.address, { base: b.base, ...(withOneTime ? { oneTime: b.oneTime[0]! } : {}) }, 0)).toEqual({ ok: true });
  return { alice, bob };
}

const garble = (c: EngineCiphertext, at = c.bytes.length - 1): EngineCiphertext => {
  const bytes = c.bytes.slice();
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return { kind: c.kind, bytes };
};

/** `at` refuses `c` with `code`, and its exported state is the same bytes before and after. */
function refusedUnchanged(at: EngineDevice, from: PeerAddress, c: EngineCiphertext, code: string): void {
  const before = at.exportState();
  expect(at.decrypt(from, c, 0)).toEqual({ ok: false, code });
  expect(at.exportState()).toEqual(before);
}

function opens(at: EngineDevice, from: PeerAddress, c: EngineCiphertext, text: string): void {
  const r = at.decrypt(from, c, 0);
  expect(r.ok && dec(r.plaintext)).toBe(text);
}

describe('privacyresearch engine', () => {
  test('declares what it lacks: no post-quantum setup, no groups, no safety numbers, no deterministic randomness', () => {
    expect(engineInfo('privacyresearch').capabilities).toEqual({
      groups: false,
      'post-quantum': false,
      'view-once-deletion': true,
      'safety-numbers': false,
      'deterministic-randomness': false,
    });
    expect(device('carol').safetyNumber).toBeUndefined();
  });

  test.each([
    ['with', true],
    ['without', false],
  ])('a session from a bundle %s a one-time prekey carries messages both ways; setups until the first answer, then messages', (_, withOneTime) => {
    const { alice, bob } = pair(withOneTime);
    const first = alice.encrypt(bob.address, enc('hello'), 1);
    const second = alice.encrypt(bob.address, enc('again'), 1);
    // The library's PreKeyWhisperMessage (type 3) until the peer has answered, a WhisperMessage (type 1) after.
    expect([first.kind, second.kind]).toEqual(['setup', 'setup']);
    opens(bob, alice.address, first, 'hello');
    opens(bob, alice.address, second, 'again');
    const back = bob.encrypt(alice.address, enc('hi'), 3);
    expect(back.kind).toBe('message');
    opens(alice, bob.address, back, 'hi');
    const third = alice.encrypt(bob.address, enc('third'), 4);
    expect(third.kind).toBe('message');
    opens(bob, alice.address, third, 'third');
    expect([alice.hasSession(bob.address), bob.hasSession(alice.address), alice.hasSession({ user: 'nobody', device: 1 })]).toEqual([true, true, false]);
  });

  test('messages out of order open, each once', () => {
    const { alice, bob } = pair();
    opens(bob, alice.address, alice.encrypt(bob.address, enc('setup'), 0), 'setup');
    opens(alice, bob.address, bob.encrypt(alice.address, enc('answer'), 0), 'answer');
    const ms = ['one', 'two', 'three'].map((t) => alice.encrypt(bob.address, enc(t), 0));
    opens(bob, alice.address, ms[2]!, 'three');
    opens(bob, alice.address, ms[0]!, 'one');
    opens(bob, alice.address, ms[1]!, 'two');
    refusedUnchanged(bob, alice.address, ms[0]!, 'DUPLICATE_MESSAGE');
  });

  test('SEC-INTEGRITY: a replayed setup and a replayed message are refused as duplicates, and change nothing', () => {
    const { alice, bob } = pair();
    const setup = alice.encrypt(bob.address, enc('once'), 1);
    opens(bob, alice.address, setup, 'once');
    refusedUnchanged(bob, alice.address, setup, 'DUPLICATE_MESSAGE');
    opens(alice, bob.address, bob.encrypt(alice.address, enc('answer'), 2), 'answer');
    const m = alice.encrypt(bob.address, enc('twice?'), 3);
    opens(bob, alice.address, m, 'twice?');
    refusedUnchanged(bob, alice.address, m, 'DUPLICATE_MESSAGE');
  });

  test('a garbled first setup from a new contact is refused and changes nothing (the library alone would have stored the identity)', () => {
    const { alice, bob } = pair();
    const setup = alice.encrypt(bob.address, enc('intact'), 1);
    refusedUnchanged(bob, alice.address, garble(setup), 'INVALID_MESSAGE');
    expect(bob.peerIdentity(alice.address)).toBeUndefined();
    refusedUnchanged(bob, alice.address, garble(setup, 40), 'INVALID_MESSAGE');
    refusedUnchanged(bob, alice.address, { kind: 'setup', bytes: enc('not a message') }, 'INVALID_MESSAGE');
    opens(bob, alice.address, setup, 'intact');
  });

  test('a garbled message is refused and changes nothing; the genuine one still opens', () => {
    const { alice, bob } = pair();
    opens(bob, alice.address, alice.encrypt(bob.address, enc('setup'), 0), 'setup');
    opens(alice, bob.address, bob.encrypt(alice.address, enc('answer'), 0), 'answer');
    const m = alice.encrypt(bob.address, enc('intact'), 0);
    refusedUnchanged(bob, alice.address, garble(m), 'INVALID_MESSAGE');
    refusedUnchanged(bob, alice.address, garble(m, 5), 'INVALID_MESSAGE');
    refusedUnchanged(bob, alice.address, { kind: 'message', bytes: m.bytes.subarray(0, 10) }, 'INVALID_MESSAGE');
    opens(bob, alice.address, m, 'intact');
  });

  test('a message from a peer with no session is refused NO_SESSION; one meant for another device does not open', () => {
    const { alice, bob } = pair();
    const carol = device('carol');
    opens(bob, alice.address, alice.encrypt(bob.address, enc('setup'), 0), 'setup');
    opens(alice, bob.address, bob.encrypt(alice.address, enc('answer'), 0), 'answer');
    refusedUnchanged(carol, alice.address, alice.encrypt(bob.address, enc('for bob'), 0), 'NO_SESSION');
    refusedUnchanged(carol, alice.address, alice.encrypt(bob.address, enc('for bob'), 0), 'NO_SESSION');
    const { alice: dave, bob: erin } = pair();
    refusedUnchanged(carol, dave.address, dave.encrypt(erin.address, enc('for erin'), 0), 'INVALID_MESSAGE');
  });

  test('a one-time prekey opens one setup: a second session on the same served key does not open', () => {
    const bob = device('bob');
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    const served = { base: b.base, oneTime: b.oneTime[0]! };
    const alice = device('alice');
    const carol = device('carol');
    alice.startSession(bob.address, served, 0);
    carol.startSession(bob.address, served, 0);
    opens(bob, alice.address, alice.encrypt(bob.address, enc('first'), 0), 'first');
    refusedUnchanged(bob, carol.address, carol.encrypt(bob.address, enc('second'), 0), 'INVALID_MESSAGE');
  });

  test('exportState is the same bytes twice in a row; an imported state is the same device and goes on where the export left off', () => {
    const { alice, bob } = pair();
    const state = bob.exportState();
    expect(bob.exportState()).toEqual(state);
    const clone = engine.importDevice(state, SEED);
    expect(clone.address).toEqual(bob.address);
    expect(clone.identityKey()).toEqual(bob.identityKey());
    expect(clone.exportState()).toEqual(state);
    const m = alice.encrypt(bob.address, enc('to both'), 1);
    opens(clone, alice.address, m, 'to both');
    opens(bob, alice.address, m, 'to both');
    opens(alice, bob.address, clone.encrypt(alice.address, enc('from the clone'), 2), 'from the clone');
    clone.release();
  });

  test('key trial: a copy of the seized state opens a message not yet received, the state is left as it was, and a received one opens nothing', () => {
    const { alice, bob } = pair();
    const setup = alice.encrypt(bob.address, enc('secret'), 1);
    const seized = bob.exportState();
    const opened = engine.openWith(seized, alice.address, setup, 2);
    expect(opened && dec(opened)).toBe('secret');
    expect(engine.openWith(seized, alice.address, setup, 2)).toEqual(opened);
    expect(bob.exportState()).toEqual(seized);
    opens(bob, alice.address, setup, 'secret');
    expect(engine.openWith(bob.exportState(), alice.address, setup, 3)).toBeUndefined();
    expect(engine.openWith(device('carol').exportState(), alice.address, setup, 3)).toBeUndefined();
    const back = bob.encrypt(alice.address, enc('answer'), 4);
    const atAlice = alice.exportState();
    expect(dec(engine.openWith(atAlice, bob.address, back, 5)!)).toBe('answer');
    expect(alice.exportState()).toEqual(atAlice);
  });

  test('SEC-MITM: sending to a changed identity is refused until the user acknowledges it, and the refusal changes nothing', () => {
    const { alice, bob } = pair();
    opens(bob, alice.address, alice.encrypt(bob.address, enc('x'), 0), 'x');
    const mallory = device('mallory');
    const fake = mallory.bundle({ refresh: false, nowMs: 0 });
    const before = alice.exportState();
    expect(alice.startSession(bob.address, { base: fake.base }, 1)).toEqual({ ok: false, code: 'UNTRUSTED_IDENTITY', identityKey: mallory.identityKey() });
    expect(alice.exportState()).toEqual(before);
    expect(alice.peerIdentity(bob.address)).toEqual(bob.identityKey());
    alice.trustIdentity(bob.address, mallory.identityKey());
    expect(alice.startSession(bob.address, { base: fake.base }, 2)).toEqual({ ok: true });
    expect(alice.peerIdentity(bob.address)).toEqual(mallory.identityKey());
  });

  test("receiving from a changed identity is accepted and the new identity recorded (Signal clients' rule; the world shows a key change)", () => {
    const { alice, bob } = pair();
    opens(bob, alice.address, alice.encrypt(bob.address, enc('genuine'), 0), 'genuine');
    const mallory = engine.createDevice(alice.address, 0, SEED);
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    expect(mallory.startSession(bob.address, { base: b.base }, 0)).toEqual({ ok: true });
    opens(bob, alice.address, mallory.encrypt(bob.address, enc('claims to be alice'), 0), 'claims to be alice');
    expect(bob.peerIdentity(alice.address)).toEqual(mallory.identityKey());
  });

  test('bad bundles are refused and change nothing; a refreshed bundle is new and the old one still works', () => {
    const alice = device('alice');
    const bob = device('bob');
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    const base = JSON.parse(dec(b.base)) as Record<string, string>;
    const before = alice.exportState();
    const flip = (h: string) => `${h.slice(0, -2)}${(Number.parseInt(h.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}`;
    expect(alice.startSession(bob.address, { base: enc('not a bundle') }, 0)).toEqual({ ok: false, code: 'INVALID_BUNDLE' });
    expect(alice.startSession(bob.address, { base: enc(JSON.stringify({ ...base, signedPreKeySignature: flip(base['signedPreKeySignature']!) })) }, 0)).toEqual({ ok: false, code: 'INVALID_BUNDLE' });
    expect(alice.startSession(bob.address, { base: enc(JSON.stringify({ ...base, signedPreKey: base['signedPreKey']!.slice(2) })) }, 0)).toEqual({ ok: false, code: 'INVALID_KEY' });
    expect(alice.startSession(bob.address, { base: b.base, oneTime: { id: 1, bytes: new Uint8Array(5) } }, 0)).toEqual({ ok: false, code: 'INVALID_KEY' });
    expect(alice.exportState()).toEqual(before);
    expect(alice.hasSession(bob.address)).toBe(false);
    const fresh = bob.bundle({ refresh: true, nowMs: 0 });
    expect(fresh.base).not.toEqual(b.base);
    expect(fresh.oneTime.map((k) => k.id)).not.toContain(b.oneTime[0]!.id);
    expect(alice.startSession(bob.address, { base: b.base, oneTime: b.oneTime[1]! }, 0)).toEqual({ ok: true });
    opens(bob, alice.address, alice.encrypt(bob.address, enc('on the old signed prekey'), 0), 'on the old signed prekey');
    const carol = device('carol');
    expect(carol.startSession(bob.address, { base: fresh.base, oneTime: fresh.oneTime[0]! }, 0)).toEqual({ ok: true });
    opens(bob, carol.address, carol.encrypt(bob.address, enc('on the new one'), 0), 'on the new one');
  });

  test('library flaw, pinned: after crossing first messages and crossing answers, neither side opens the other any more', () => {
    // Both start a session before either first message arrives, then both answer before either answer arrives.
    // Each side's decrypt tries its open session first; that failed trial steps the session's ratchet in memory,
    // and the library saves it along with the session that did open the message (README "Under the judge").
    const alice = device('alice');
    const bob = device('bob');
    const ba = alice.bundle({ refresh: false, nowMs: 0 });
    const bb = bob.bundle({ refresh: false, nowMs: 0 });
    alice.startSession(bob.address, { base: bb.base, oneTime: bb.oneTime[0]! }, 0);
    bob.startSession(alice.address, { base: ba.base, oneTime: ba.oneTime[0]! }, 0);
    const [a1, b1] = [alice.encrypt(bob.address, enc('a1'), 0), bob.encrypt(alice.address, enc('b1'), 0)];
    opens(bob, alice.address, a1, 'a1');
    opens(alice, bob.address, b1, 'b1');
    const [a2, b2] = [alice.encrypt(bob.address, enc('a2'), 0), bob.encrypt(alice.address, enc('b2'), 0)];
    opens(bob, alice.address, a2, 'a2');
    opens(alice, bob.address, b2, 'b2');
    expect(bob.decrypt(alice.address, alice.encrypt(bob.address, enc('a3'), 0), 0)).toEqual({ ok: false, code: 'INVALID_MESSAGE' });
    expect(alice.decrypt(bob.address, bob.encrypt(alice.address, enc('b3'), 0), 0)).toEqual({ ok: false, code: 'INVALID_MESSAGE' });
  });
});
