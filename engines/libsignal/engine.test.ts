// The libsignal engine through the device contract: sessions from bundles, both directions, the
// exported state as a thief's clone (key trial), refusals, and the key-change rule of the adapter.
import { describe, expect, test } from 'vitest';
import { engineInfo, loadDeviceEngine } from '../registry.ts';
import type { EngineDevice } from '../contract.ts';

const engine = loadDeviceEngine('libsignal');
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
/** libsignal draws from the system CSPRNG and ignores the device seed. */
const SEED = new Uint8Array(32);

function pair(): { alice: EngineDevice; bob: EngineDevice } {
  const alice = engine.createDevice({ user: 'alice', device: 1 }, 0, SEED);
  const bob = engine.createDevice({ user: 'bob', device: 1 }, 0, SEED);
  const b = bob.bundle({ refresh: false, nowMs: 0 });
  expect(alice.startSession(bob.address, { base: b.base, oneTime: b.oneTime[0]! }, 0)).toEqual({ ok: true });
  return { alice, bob };
}

describe('libsignal engine', () => {
  test('declares what it lacks: no deterministic randomness, no groups yet', () => {
    expect(engineInfo('libsignal').capabilities).toMatchObject({ 'deterministic-randomness': false, groups: false, 'post-quantum': true });
  });

  test('a session from a served bundle carries messages both ways; the first flight is a setup', () => {
    const { alice, bob } = pair();
    const first = alice.encrypt(bob.address, enc('hello'), 1);
    expect(first.kind).toBe('setup');
    const got = bob.decrypt(alice.address, first, 2);
    expect(got.ok && dec(got.plaintext)).toBe('hello');
    const back = bob.encrypt(alice.address, enc('hi'), 3);
    expect(back.kind).toBe('message');
    const r = alice.decrypt(bob.address, back, 4);
    expect(r.ok && dec(r.plaintext)).toBe('hi');
  });

  test('SEC-INTEGRITY: a replayed message is refused as a duplicate', () => {
    const { alice, bob } = pair();
    const m = alice.encrypt(bob.address, enc('once'), 1);
    expect(bob.decrypt(alice.address, m, 2).ok).toBe(true);
    expect(bob.decrypt(alice.address, m, 3)).toEqual({ ok: false, code: 'DUPLICATE_MESSAGE' });
  });

  test('key trial: a clone of the seized state opens a message not yet received, and the state is left as it was', () => {
    const { alice, bob } = pair();
    const m = alice.encrypt(bob.address, enc('secret'), 1);
    const seized = bob.exportState();
    const opened = engine.openWith(seized, alice.address, m, 2);
    expect(opened && dec(opened)).toBe('secret');
    expect(bob.exportState()).toEqual(seized);
    const got = bob.decrypt(alice.address, m, 3);
    expect(got.ok).toBe(true);
    expect(engine.openWith(bob.exportState(), alice.address, m, 4)).toBeUndefined();
  });

  test('SEC-MITM: sending to a changed identity is refused until the user acknowledges it', () => {
    const { alice, bob } = pair();
    expect(bob.decrypt(alice.address, alice.encrypt(bob.address, enc('x'), 0), 0).ok).toBe(true);
    const mallory = engine.createDevice({ user: 'mallory', device: 1 }, 0, SEED);
    const fake = mallory.bundle({ refresh: false, nowMs: 0 });
    expect(alice.startSession(bob.address, { base: fake.base }, 1)).toEqual({ ok: false, code: 'UNTRUSTED_IDENTITY', identityKey: mallory.identityKey() });
    alice.trustIdentity(bob.address, mallory.identityKey());
    expect(alice.startSession(bob.address, { base: fake.base }, 2)).toEqual({ ok: true });
  });

  test('an imported state is the same device: it goes on where the export left off', () => {
    const { alice, bob } = pair();
    const clone = engine.importDevice(bob.exportState(), SEED);
    const m = alice.encrypt(bob.address, enc('to both'), 1);
    const r = clone.decrypt(alice.address, m, 2);
    expect(r.ok && dec(r.plaintext)).toBe('to both');
    expect(clone.safetyNumber?.(alice.address, alice.identityKey())).toMatch(/^\d{60}$/);
    clone.release();
  });
});
