// The reference protocol through the device contract: sessions from served bundles both ways, with and
// without a one-time prekey; refusals (replayed, garbled, relabelled, bad bundle, changed identity) that
// leave the exported state as it was; export and import; the key trial; and byte-for-byte determinism.
import { describe, expect, test } from 'vitest';
import { decodePreKeyBundle, encodePreKeyBundle } from '../../protocol/wire/preKeyBundle.ts';
import type { DeviceEngine, EngineCiphertext, EngineDevice, PeerAddress } from '../contract.ts';
import { engineInfo, loadDeviceEngine } from '../registry.ts';
import { referenceDeviceEngine } from './engine.ts';

const engine = loadDeviceEngine('privacy-mode-device');
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const seed = (label: string) => {
  const s = new Uint8Array(32);
  s.set(enc(label).subarray(0, 32));
  return s;
};
const at = (user: string): PeerAddress => ({ user, device: 1 });
const make = (user: string, e: DeviceEngine = engine) => e.createDevice(at(user), 0, seed(user));

function pair(options: { oneTime: boolean } = { oneTime: true }): { alice: EngineDevice; bob: EngineDevice } {
  const alice = make('alice');
  const bob = make('bob');
  const b = bob.bundle({ refresh: false, nowMs: 0 });
  expect(alice.startSession(bob.address, options.oneTime ? { base: b.base, oneTime: b.oneTime[0]! } : { base: b.base }, 0)).toEqual({ ok: true });
  return { alice, bob };
}

/** `device` refuses `ciphertext` from `from` with `code`, and its exported state is byte for byte what it was. */
function expectRefusal(device: EngineDevice, from: PeerAddress, ciphertext: EngineCiphertext, code: string): void {
  const before = device.exportState();
  expect(device.decrypt(from, ciphertext, 10)).toEqual({ ok: false, code });
  expect(device.exportState()).toEqual(before);
}

function opened(device: EngineDevice, from: PeerAddress, ciphertext: EngineCiphertext, nowMs = 5): string | undefined {
  const r = device.decrypt(from, ciphertext, nowMs);
  return r.ok ? dec(r.plaintext) : undefined;
}

describe('reference device engine', () => {
  test('declares what it offers: deterministic randomness, post-quantum setups, safety numbers, no groups', () => {
    expect(engineInfo('privacy-mode-device').capabilities).toMatchObject({ 'deterministic-randomness': true, 'post-quantum': true, 'safety-numbers': true, groups: false });
    expect(make('alice').groups).toBeUndefined();
  });

  for (const oneTime of [true, false]) {
    test(`a session from a served bundle ${oneTime ? 'with' : 'without'} a one-time prekey carries messages both ways; the first flight is a setup`, () => {
      const { alice, bob } = pair({ oneTime });
      const first = alice.encrypt(bob.address, enc('hello'), 1);
      const second = alice.encrypt(bob.address, enc('hello again'), 1);
      expect([first.kind, second.kind]).toEqual(['setup', 'setup']);
      expect(opened(bob, alice.address, second)).toBe('hello again');
      expect(opened(bob, alice.address, first)).toBe('hello');
      const back = bob.encrypt(alice.address, enc('hi'), 3);
      expect(back.kind).toBe('message');
      expect(opened(alice, bob.address, back)).toBe('hi');
      const after = alice.encrypt(bob.address, enc('answered'), 4);
      expect(after.kind).toBe('message');
      expect(opened(bob, alice.address, after)).toBe('answered');
      expect([alice.peerIdentity(bob.address), bob.peerIdentity(alice.address)]).toEqual([bob.identityKey(), alice.identityKey()]);
    });
  }

  test('SEC-INTEGRITY: a replayed setup and a replayed message are refused as duplicates, the state unchanged', () => {
    const { alice, bob } = pair();
    const setup = alice.encrypt(bob.address, enc('once'), 1);
    expect(opened(bob, alice.address, setup)).toBe('once');
    expectRefusal(bob, alice.address, setup, 'DUPLICATE_MESSAGE');
    const reply = bob.encrypt(alice.address, enc('reply'), 2);
    expect(opened(alice, bob.address, reply)).toBe('reply');
    expectRefusal(alice, bob.address, reply, 'DUPLICATE_MESSAGE');
  });

  test('SEC-INTEGRITY: a setup on a one-time prekey already spent is refused as a duplicate', () => {
    const bob = make('bob');
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    const [alice, carol] = [make('alice'), make('carol')];
    for (const d of [alice, carol]) expect(d.startSession(bob.address, { base: b.base, oneTime: b.oneTime[0]! }, 0)).toEqual({ ok: true });
    expect(opened(bob, alice.address, alice.encrypt(bob.address, enc('first'), 1))).toBe('first');
    expectRefusal(bob, carol.address, carol.encrypt(bob.address, enc('second'), 1), 'DUPLICATE_MESSAGE');
  });

  test('SEC-INTEGRITY: garbled, truncated, mislabelled and unknown messages are refused, the state unchanged', () => {
    const { alice, bob } = pair();
    const setup = alice.encrypt(bob.address, enc('x'), 1);
    const flipped = setup.bytes.slice();
    flipped[flipped.length - 3]! ^= 1;
    expectRefusal(bob, alice.address, { kind: 'setup', bytes: flipped }, 'INVALID_MESSAGE');
    expectRefusal(bob, alice.address, { kind: 'setup', bytes: setup.bytes.subarray(0, 100) }, 'INVALID_MESSAGE');
    expectRefusal(bob, alice.address, { kind: 'message', bytes: setup.bytes }, 'INVALID_MESSAGE');
    expectRefusal(bob, alice.address, { kind: 'message', bytes: new Uint8Array(64).fill(7) }, 'INVALID_MESSAGE');
    expect(opened(bob, alice.address, setup)).toBe('x');
    const reply = bob.encrypt(alice.address, enc('y'), 2);
    for (let i = 0; i < reply.bytes.length; i += 7) {
      const bytes = reply.bytes.slice();
      bytes[i]! ^= 0x40;
      const before = alice.exportState();
      expect(alice.decrypt(bob.address, { kind: 'message', bytes }, 3).ok).toBe(false);
      expect(alice.exportState()).toEqual(before);
    }
    expect(opened(alice, bob.address, reply)).toBe('y');
    expectRefusal(make('carol'), bob.address, bob.encrypt(alice.address, enc('z'), 4), 'NO_SESSION');
  });

  test('SEC-INTEGRITY: a first message relabelled as from another sender does not open (ids bound into the AD)', () => {
    const { alice, bob } = pair();
    const setup = alice.encrypt(bob.address, enc('from alice'), 1);
    expectRefusal(bob, at('carol'), setup, 'INVALID_MESSAGE');
    expect(bob.peerIdentity(at('carol'))).toBeUndefined();
    expect(opened(make('dave'), alice.address, setup)).toBeUndefined();
    expect(opened(bob, alice.address, setup)).toBe('from alice');
  });

  test('a bundle with a bad signature, or that does not decode, is refused INVALID_BUNDLE', () => {
    const alice = make('alice');
    const bob = make('bob');
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    const decoded = decodePreKeyBundle(b.base);
    const signature = decoded.signedPreKey.signature.slice();
    signature[0]! ^= 1;
    const forged = encodePreKeyBundle({ ...decoded, signedPreKey: { ...decoded.signedPreKey, signature } });
    const before = alice.exportState();
    expect(alice.startSession(bob.address, { base: forged }, 0)).toEqual({ ok: false, code: 'INVALID_BUNDLE' });
    expect(alice.startSession(bob.address, { base: b.base.subarray(1) }, 0)).toEqual({ ok: false, code: 'INVALID_BUNDLE' });
    const entry = b.oneTime[0]!;
    const badEntry = entry.bytes.slice();
    badEntry[badEntry.length - 2]! ^= 1; // inside the one-time KEM prekey's signature
    expect(alice.startSession(bob.address, { base: b.base, oneTime: { id: entry.id, bytes: badEntry } }, 0)).toEqual({ ok: false, code: 'INVALID_BUNDLE' });
    expect(alice.startSession(at('carol'), { base: b.base }, 0)).toEqual({ ok: true }); // an honest bundle served under another name is trusted on first use
    expect(alice.startSession({ user: 'bob', device: 2 }, { base: b.base }, 0)).toEqual({ ok: false, code: 'INVALID_BUNDLE' });
    expect(alice.exportState()).not.toEqual(before);
    expect(alice.hasSession(bob.address)).toBe(false);
  });

  test('export twice gives the same bytes, and an imported state goes on where the export left off', () => {
    const { alice, bob } = pair();
    expect(opened(bob, alice.address, alice.encrypt(bob.address, enc('one'), 1))).toBe('one');
    const state = bob.exportState();
    expect(bob.exportState()).toEqual(state);
    const clone = engine.importDevice(state, seed('clone'));
    expect(clone.address).toEqual(bob.address);
    expect(clone.exportState()).toEqual(state);
    expect(clone.identityKey()).toEqual(bob.identityKey());
    expect(opened(clone, alice.address, alice.encrypt(bob.address, enc('two'), 2))).toBe('two');
    expect(opened(alice, bob.address, clone.encrypt(alice.address, enc('from the clone'), 3))).toBe('from the clone');
    expect(clone.safetyNumber?.(alice.address, alice.identityKey())).toMatch(/^\d{60}$/);
    clone.release();
    expect(() => clone.exportState()).toThrow(/released/);
  });

  test('a malformed state is refused with STORE_CORRUPT', () => {
    const state = make('bob').exportState();
    const trailing = new Uint8Array(state.length + 1);
    trailing.set(state);
    const version = state.slice();
    version[26]! ^= 0xff; // the version byte after the 26-byte magic label
    for (const bad of [new Uint8Array(0), state.subarray(0, state.length - 1), trailing, version, enc('{"v":1}')]) {
      expect(() => engine.importDevice(bad, seed('x'))).toThrow(/STORE_CORRUPT/);
    }
  });

  test('key trial: a clone of the seized state opens a message not yet received, and the state is left as it was', () => {
    const { alice, bob } = pair();
    const m = alice.encrypt(bob.address, enc('secret'), 1);
    const seized = bob.exportState();
    const copy = seized.slice();
    const trial = engine.openWith(seized, alice.address, m, 2);
    expect(trial && dec(trial)).toBe('secret');
    expect(seized).toEqual(copy);
    expect(bob.exportState()).toEqual(seized);
    expect(opened(bob, alice.address, m)).toBe('secret');
    expect(engine.openWith(bob.exportState(), alice.address, m, 4)).toBeUndefined();
    expect(engine.openWith(seized, alice.address, { kind: 'setup', bytes: new Uint8Array(10) }, 4)).toBeUndefined();
  });

  test('SEC-MITM: a changed identity in a bundle is refused until the user acknowledges it', () => {
    const { alice, bob } = pair();
    expect(opened(bob, alice.address, alice.encrypt(bob.address, enc('x'), 0))).toBe('x');
    const mallory = engine.createDevice(bob.address, 0, seed('mallory'));
    const fake = mallory.bundle({ refresh: false, nowMs: 0 });
    const before = alice.exportState();
    expect(alice.startSession(bob.address, { base: fake.base }, 1)).toEqual({ ok: false, code: 'UNTRUSTED_IDENTITY', identityKey: mallory.identityKey() });
    expect(alice.exportState()).toEqual(before);
    alice.trustIdentity(bob.address, mallory.identityKey());
    expect(alice.peerIdentity(bob.address)).toEqual(mallory.identityKey());
    expect(alice.hasSession(bob.address)).toBe(false); // the sessions with the old identity left
    expect(alice.startSession(bob.address, { base: fake.base }, 2)).toEqual({ ok: true });
    expect(opened(mallory, alice.address, alice.encrypt(bob.address, enc('to the new key'), 3))).toBe('to the new key');
  });

  test('SEC-MITM: a setup under a changed identity is refused while another is trusted; on first contact it is trusted', () => {
    const { alice, bob } = pair();
    expect(opened(bob, alice.address, alice.encrypt(bob.address, enc('genuine'), 0))).toBe('genuine');
    const posing = engine.createDevice(alice.address, 0, seed('posing'));
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    expect(posing.startSession(bob.address, { base: b.base, oneTime: b.oneTime[1]! }, 1)).toEqual({ ok: true });
    const forged = posing.encrypt(bob.address, enc('forged'), 1);
    expectRefusal(bob, alice.address, forged, 'UNTRUSTED_IDENTITY');
    expect(bob.peerIdentity(alice.address)).toEqual(alice.identityKey());
    bob.trustIdentity(alice.address, posing.identityKey());
    expect(opened(bob, alice.address, forged)).toBe('forged');
    const carol = make('carol');
    const c = carol.bundle({ refresh: false, nowMs: 0 });
    const stranger = engine.createDevice(at('dave'), 0, seed('stranger'));
    expect(stranger.startSession(carol.address, { base: c.base }, 1)).toEqual({ ok: true });
    expect(opened(carol, at('dave'), stranger.encrypt(carol.address, enc('first contact'), 2))).toBe('first contact');
    expect(carol.peerIdentity(at('dave'))).toEqual(stranger.identityKey());
  });

  test('safety numbers: both sides show the same 60 digits, and another key changes them', () => {
    const { alice, bob } = pair();
    const n = alice.safetyNumber!(bob.address, bob.identityKey());
    expect(n).toMatch(/^\d{60}$/);
    expect(bob.safetyNumber!(alice.address, alice.identityKey())).toBe(n);
    expect(alice.safetyNumber!(bob.address, make('mallory').identityKey())).not.toBe(n);
  });

  test('refresh: new signed, KEM and one-time prekeys; a setup on the retired signed prekey still opens', () => {
    const bob = make('bob');
    const old = bob.bundle({ refresh: false, nowMs: 0 });
    const fresh = bob.bundle({ refresh: true, nowMs: 1_000 });
    expect(fresh.base).not.toEqual(old.base);
    expect(fresh.oneTime).toHaveLength(old.oneTime.length);
    expect(fresh.oneTime.some((k) => old.oneTime.some((o) => o.id === k.id))).toBe(false);
    expect(bob.bundle({ refresh: false, nowMs: 1_000 }).oneTime).toHaveLength(old.oneTime.length + fresh.oneTime.length);
    const [alice, carol] = [make('alice'), make('carol')];
    expect(alice.startSession(bob.address, { base: old.base }, 2_000)).toEqual({ ok: true });
    expect(carol.startSession(bob.address, { base: fresh.base, oneTime: fresh.oneTime[0]! }, 2_000)).toEqual({ ok: true });
    expect(opened(bob, alice.address, alice.encrypt(bob.address, enc('on the retired key'), 2_001), 2_002)).toBe('on the retired key');
    expect(opened(bob, carol.address, carol.encrypt(bob.address, enc('on the new key'), 2_001), 2_002)).toBe('on the new key');
  });

  test('crossing setups: both ends start a session before hearing from the other, and both settle on one', () => {
    const alice = make('alice');
    const bob = make('bob');
    const a = alice.bundle({ refresh: false, nowMs: 0 });
    const b = bob.bundle({ refresh: false, nowMs: 0 });
    expect(alice.startSession(bob.address, { base: b.base, oneTime: b.oneTime[0]! }, 1)).toEqual({ ok: true });
    expect(bob.startSession(alice.address, { base: a.base, oneTime: a.oneTime[0]! }, 1)).toEqual({ ok: true });
    const fromAlice = alice.encrypt(bob.address, enc('a1'), 2);
    const fromBob = bob.encrypt(alice.address, enc('b1'), 2);
    expect(opened(bob, alice.address, fromAlice, 3)).toBe('a1');
    expect(opened(alice, bob.address, fromBob, 3)).toBe('b1');
    for (let i = 0; i < 3; i++) {
      expect(opened(bob, alice.address, alice.encrypt(bob.address, enc(`a${i}`), 4 + i), 4 + i)).toBe(`a${i}`);
      expect(opened(alice, bob.address, bob.encrypt(alice.address, enc(`b${i}`), 4 + i), 4 + i)).toBe(`b${i}`);
    }
  });
});

/** Every output of one fixed call script, in order: what two engines given the same seeds must agree on byte for byte. */
function script(e: DeviceEngine, exports: boolean): unknown[] {
  const out: unknown[] = [];
  const note = (d: EngineDevice) => exports && out.push(d.exportState(), d.exportState());
  const alice = e.createDevice(at('alice'), 10, seed('alice'));
  const bob = e.createDevice(at('bob'), 10, seed('bob'));
  const b = bob.bundle({ refresh: false, nowMs: 11 });
  out.push(alice.identityKey(), bob.identityKey(), b);
  note(bob);
  out.push(alice.startSession(bob.address, { base: b.base, oneTime: b.oneTime[2]! }, 12));
  note(alice);
  const setup = alice.encrypt(bob.address, enc('one'), 13);
  out.push(setup, e.openWith(bob.exportState(), alice.address, setup, 0));
  note(alice);
  out.push(bob.decrypt(alice.address, setup, 14), bob.decrypt(alice.address, setup, 15));
  note(bob);
  for (let i = 0; i < 3; i++) {
    const reply = bob.encrypt(alice.address, enc(`reply ${i}`), 16 + i);
    out.push(reply, alice.decrypt(bob.address, reply, 17 + i));
    const next = alice.encrypt(bob.address, enc(`next ${i}`), 18 + i);
    out.push(next, bob.decrypt(alice.address, next, 19 + i));
    note(alice);
    note(bob);
  }
  out.push(bob.bundle({ refresh: true, nowMs: 30 }), bob.safetyNumber?.(alice.address, alice.identityKey()));
  const clone = e.importDevice(bob.exportState(), seed('clone'));
  const fromClone = clone.encrypt(alice.address, enc('from the clone'), 31);
  out.push(fromClone, alice.decrypt(bob.address, fromClone, 32), clone.exportState());
  out.push(alice.exportState(), bob.exportState());
  return out;
}

describe('deterministic randomness', () => {
  test('two engines, the same seeds and the same calls: the same bytes for every output, exports or not', () => {
    const info = engineInfo('privacy-mode-device');
    const first = script(referenceDeviceEngine(info), true);
    expect(script(referenceDeviceEngine(info), true)).toEqual(first);
    const withoutExports = script(referenceDeviceEngine(info), false);
    expect(withoutExports.slice(-2)).toEqual(first.slice(-2)); // exporting draws nothing and changes nothing
  });

  test('another seed gives other keys', () => {
    const a = engine.createDevice(at('alice'), 0, seed('alice'));
    const b = engine.createDevice(at('alice'), 0, seed('alice 2'));
    expect(a.identityKey()).not.toEqual(b.identityKey());
    expect(() => engine.createDevice(at('alice'), 0, new Uint8Array(31))).toThrow(/seed/);
  });
});
