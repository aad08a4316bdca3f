// Replayed setup messages (X3DH §4.2; flag setupReplayCheck, weak variant no-setup-replay-check):
// a captured first message with bit 255 of its base key flipped, or replayed as is when no one-time
// prekey was used, opens a second session with the flag off and is refused with it on (store
// unchanged). Also: non-canonical ratchet keys, and the inbox refusing a known message id.
import { describe, expect, it } from 'vitest';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { isCanonicalX25519PublicKey } from '../crypto/canonicalX25519.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { openSession, receiveMessage, sendText, serializeDevice } from '../device/index.ts';
import { isProtocolError } from '../errors.ts';
import { createDrbg } from '../random/drbg.ts';
import { ratchetReceive } from '../ratchet/decrypt.ts';
import { REFERENCE_FLAGS } from '../variant.ts';
import { initiateSession } from './initiator.ts';
import { acceptSession } from './responder.ts';

const p = nobleProvider;
const OFF = { ...REFERENCE_FLAGS, setupReplayCheck: false };

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : String(e);
  }
}

/** u -> 1/u mod 2^255 - 19: on a Montgomery curve, the u-coordinate of P plus the 2-torsion point (0, 0). */
function plusOrderTwo(key: Uint8Array): Uint8Array {
  const q = 2n ** 255n - 19n;
  let u = 0n;
  for (let i = 31; i >= 0; i--) u = (u << 8n) | BigInt(key[i] as number);
  let inv = 1n;
  for (let e = q - 2n, b = u % q; e > 0n; e >>= 1n, b = (b * b) % q) if (e & 1n) inv = (inv * b) % q;
  return Uint8Array.from({ length: 32 }, (_, i) => Number((inv >> BigInt(8 * i)) & 0xffn));
}

function setup() {
  const alice = makeDevice('alice', 'replay');
  const bob = makeDevice('bob', 'replay');
  // No one-time X25519 prekey, last-resort KEM key: nothing is spent by the setup.
  const bundle = { ...bundleOf(bob, { oneTime: false }), kemPreKey: bundleOf({ ...bob, preKeys: { ...bob.preKeys, kemOneTimePreKeys: [] } }).kemPreKey };
  const a = initiateSession({ provider: p, rng: createDrbg('a'), ourIdentity: alice.identity, theirBundle: bundle, mode: 'pqxdh' });
  const accept = (store = bob.preKeys, initial = a.initialMessage, flags = REFERENCE_FLAGS) =>
    acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: store, initial, requirePq: true, flags });
  return { a, bob, accept };
}

describe('canonical X25519 keys', () => {
  it('refuses bit 255 and u >= p, accepts p - 1', () => {
    const pMinus1 = new Uint8Array(32).fill(0xff);
    pMinus1[0] = 0xec;
    pMinus1[31] = 0x7f;
    expect(isCanonicalX25519PublicKey(pMinus1)).toBe(true);
    expect(isCanonicalX25519PublicKey(Uint8Array.from(pMinus1, (b, i) => (i === 0 ? 0xed : b)))).toBe(false);
    expect(isCanonicalX25519PublicKey(Uint8Array.from(new Uint8Array(32).fill(9), (b, i) => (i === 31 ? 0x89 : b)))).toBe(false);
    expect(isCanonicalX25519PublicKey(new Uint8Array(31))).toBe(false);
  });
});

describe('replayed setup messages', () => {
  it('bit 255 of the base key flipped: a second session with the flag off; BAD_PUBLIC_KEY with it on', () => {
    const { a, bob, accept } = setup();
    const first = accept(bob.preKeys, a.initialMessage, OFF);
    const flipped = { ...a.initialMessage, ephemeralPublic: a.initialMessage.ephemeralPublic.map((b, i) => (i === 31 ? b ^ 0x80 : b)) };
    const again = accept(first.preKeys, flipped, OFF);
    expect(again.rootKey).toEqual(first.rootKey); // the same session keys, under a "new" base key
    const before = structuredClone(first.preKeys);
    expect(codeOf(() => accept(first.preKeys, flipped))).toBe('BAD_PUBLIC_KEY');
    expect(first.preKeys).toEqual(before);
  });

  it('an exact replay with no one-time prekey: accepted with the flag off; DUPLICATE_MESSAGE with it on', () => {
    const { a, bob, accept } = setup();
    expect(accept(accept(bob.preKeys, a.initialMessage, OFF).preKeys, a.initialMessage, OFF).mode).toBe('pqxdh');
    const first = accept();
    expect(first.preKeys.usedSetups).toHaveLength(1);
    const before = structuredClone(first.preKeys);
    expect(codeOf(() => accept(first.preKeys))).toBe('DUPLICATE_MESSAGE');
    expect(first.preKeys).toEqual(before);
  });

  it('the point of order two added to the base key (u -> 1/u mod p, canonical bytes, the same X25519 outputs): DUPLICATE_MESSAGE with the flag on', () => {
    const { a, accept } = setup();
    const first = accept();
    const twin = { ...a.initialMessage, ephemeralPublic: plusOrderTwo(a.initialMessage.ephemeralPublic) };
    expect(isCanonicalX25519PublicKey(twin.ephemeralPublic)).toBe(true);
    expect(accept(first.preKeys, twin, OFF).rootKey).toEqual(first.rootKey); // the same session under other bytes
    const before = structuredClone(first.preKeys);
    expect(codeOf(() => accept(first.preKeys, twin))).toBe('DUPLICATE_MESSAGE');
    expect(first.preKeys).toEqual(before);
  });

  it('a ratchet header with a non-canonical ratchet key is INVALID_MESSAGE with the flag on, state untouched', () => {
    const rng = createDrbg('replay-ratchet');
    let alice = makeDevice('alice', 'replay-r');
    const bob = makeDevice('bob', 'replay-r');
    alice = openSession(alice, bob.userId, bundleOf(bob), makeCtx(rng)).device;
    const out = sendText(alice, bob.deviceId, text('hi'), makeCtx(rng));
    if (out.kind !== 'sent') throw new Error('expected sent');
    const got = receiveMessage(bob, alice.deviceId, alice.userId, out.wire, makeCtx(rng, 2_000));
    if (!got.ok) throw got.error;
    const session = got.device.contacts[0]!.sessions[0]!;
    const header = { ratchetKey: new Uint8Array(32).fill(0xff), previousCounter: 0, counter: 0 };
    const r = ratchetReceive(session.ratchet, { header, headerTag: new Uint8Array(16), ciphertext: new Uint8Array(16) }, makeCtx(rng, 3_000));
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_MESSAGE');
    expect(r.state).toBe(session.ratchet);
  });
});

describe('inbox de-duplication', () => {
  it('a second text with a known message id: filed twice with the flag off; DUPLICATE_MESSAGE with it on', () => {
    const run = (flags: typeof REFERENCE_FLAGS) => {
      const rng = createDrbg('dedupe');
      let alice = makeDevice('alice', 'dedupe', flags);
      let bob = makeDevice('bob', 'dedupe', flags);
      alice = openSession(alice, bob.userId, bundleOf(bob), makeCtx(rng, 1_000, flags)).device;
      const t = text('once');
      const first = sendText(alice, bob.deviceId, t, makeCtx(rng, 1_000, flags));
      if (first.kind !== 'sent') throw new Error('expected sent');
      const second = sendText(first.device, bob.deviceId, t, makeCtx(rng, 1_000, flags));
      if (second.kind !== 'sent') throw new Error('expected sent');
      const r1 = receiveMessage(bob, alice.deviceId, alice.userId, first.wire, makeCtx(rng, 2_000, flags));
      if (!r1.ok) throw r1.error;
      bob = r1.device;
      const before = serializeDevice(bob);
      const r2 = receiveMessage(bob, alice.deviceId, alice.userId, second.wire, makeCtx(rng, 2_000, flags));
      return { r2, before };
    };
    const weak = run(OFF);
    expect(weak.r2.ok && weak.r2.device.inbox.length).toBe(2);
    const strong = run(REFERENCE_FLAGS);
    expect(strong.r2.ok ? 'ok' : strong.r2.error.code).toBe('DUPLICATE_MESSAGE');
    expect(serializeDevice(strong.r2.device)).toEqual(strong.before);
  });
});
