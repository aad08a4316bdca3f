// maintainPreKeys (flag prekeyLifecycle; weak variant static-prekeys): rotation on schedule, the
// retired pair erased after its grace period (SEC-FS), one-time prekeys topped up at the low-water mark.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { MAX_ONE_TIME_PREKEYS, ONE_TIME_PREKEY_LOW_WATER, ONE_TIME_PREKEY_REFILL_TARGET, SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATION_MS } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { maintainPreKeys } from './prekeyMaintenance.ts';
import { openSession, receiveMessage, sendText, serializeDevice } from './index.ts';

const rng = createDrbg('prekey-maintenance');
const ctx = (nowMs: number, flags: ProtocolFlags = REFERENCE_FLAGS) => makeCtx(rng, nowMs, flags);

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;
}

describe('maintainPreKeys', () => {
  it('before the rotation is due, with the server well stocked, nothing changes and nothing is published', () => {
    const bob = makeDevice('bob', 'quiet');
    const m = maintainPreKeys(bob, ctx(SIGNED_PREKEY_ROTATION_MS - 1), { oneTime: ONE_TIME_PREKEY_LOW_WATER, kemOneTime: ONE_TIME_PREKEY_LOW_WATER });
    expect(m.device).toBe(bob);
    expect(m.consumed).toEqual([]);
    expect(m.publish).toEqual({ oneTimePreKeys: [], kemOneTimePreKeys: [], withdrawnPreKeyIds: [] });
  });

  it('SEC-FS: after rotation and grace the old signed prekey secret is gone from the store, and a setup to it is UNKNOWN_PREKEY', () => {
    let alice = makeDevice('alice', 'rotate');
    let bob = makeDevice('bob', 'rotate');
    const oldSecret = bob.preKeys.signedPreKey.keyPair.secretKey.slice();
    const oldId = bob.preKeys.signedPreKey.id;
    alice = openSession(alice, bob.userId, bundleOf(bob), ctx(0)).device; // a bundle fetched before the rotation
    const sent = sendText(alice, bob.deviceId, text('late setup'), ctx(0));
    if (sent.kind !== 'sent') throw new Error('held');

    const rotated = maintainPreKeys(bob, ctx(SIGNED_PREKEY_ROTATION_MS));
    expect(rotated.publish.signedPreKey?.id).not.toBe(oldId);
    expect(rotated.publish.kemLastResortPreKey?.id).toBe(rotated.device.preKeys.kemLastResortPreKey.id);
    expect(rotated.device.preKeys.previous?.signedPreKey.id).toBe(oldId);
    bob = rotated.device;
    // Within the grace period the retired key still opens a late setup (checked on a copy).
    const inGrace = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx(SIGNED_PREKEY_ROTATION_MS + 1));
    expect(inGrace.ok).toBe(true);

    const later = SIGNED_PREKEY_ROTATION_MS + SIGNED_PREKEY_GRACE_MS + 1;
    const pruned = maintainPreKeys(bob, ctx(later));
    expect(pruned.consumed.some((s) => equalBytes(s, oldSecret))).toBe(true);
    bob = pruned.device;
    expect(bob.preKeys.previous?.signedPreKey.id).not.toBe(oldId);
    expect(contains(serializeDevice(bob), oldSecret)).toBe(false);
    const before = serializeDevice(bob);
    const refused = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx(later));
    expect(!refused.ok && refused.error.code).toBe('UNKNOWN_PREKEY');
    expect(equalBytes(serializeDevice(refused.device), before)).toBe(true);
  });

  it('a rotation waits while the previous pair is still in its grace period', () => {
    const bob = maintainPreKeys(makeDevice('bob', 'wait'), ctx(SIGNED_PREKEY_ROTATION_MS)).device;
    const id = bob.preKeys.signedPreKey.id;
    const early = maintainPreKeys(bob, ctx(2 * SIGNED_PREKEY_ROTATION_MS));
    expect(early.device.preKeys.signedPreKey.id).toBe(id);
    expect(early.publish.signedPreKey).toBeUndefined();
  });

  it('one-time prekeys (X25519 and ML-KEM) are topped up to the refill target when the server reports fewer than the low-water mark', () => {
    const bob = makeDevice('bob', 'topup');
    const m = maintainPreKeys(bob, ctx(1), { oneTime: 0, kemOneTime: ONE_TIME_PREKEY_LOW_WATER - 1 });
    expect(m.publish.oneTimePreKeys).toHaveLength(ONE_TIME_PREKEY_REFILL_TARGET);
    expect(m.publish.kemOneTimePreKeys).toHaveLength(ONE_TIME_PREKEY_REFILL_TARGET - ONE_TIME_PREKEY_LOW_WATER + 1);
    expect(m.publish.signedPreKey).toBeUndefined();
    const ids = new Set(m.device.preKeys.oneTimePreKeys.map((k) => k.id));
    for (const k of m.publish.oneTimePreKeys) expect(ids.has(k.id)).toBe(true);
  });

  it('a server that keeps reporting zero cannot grow the store past MAX_ONE_TIME_PREKEYS: the oldest are dropped, wiped and withdrawn', () => {
    let bob = makeDevice('bob', 'liar');
    const first = bob.preKeys.oneTimePreKeys[0]!;
    let withdrawn: number[] = [];
    let consumed: Uint8Array[] = [];
    // Enough runs to fill the store, and one more to push the first keys out.
    const runs = Math.ceil(MAX_ONE_TIME_PREKEYS / ONE_TIME_PREKEY_REFILL_TARGET) + 1;
    for (let i = 0; i < runs; i++) {
      const m = maintainPreKeys(bob, ctx(1 + i), { oneTime: 0, kemOneTime: 0 });
      bob = m.device;
      withdrawn = [...withdrawn, ...m.publish.withdrawnPreKeyIds];
      consumed = [...consumed, ...m.consumed];
    }
    expect(bob.preKeys.oneTimePreKeys.length).toBe(MAX_ONE_TIME_PREKEYS);
    expect(bob.preKeys.kemOneTimePreKeys.length).toBe(MAX_ONE_TIME_PREKEYS);
    expect(withdrawn).toContain(first.id);
    expect(consumed).toContain(first.keyPair.secretKey);
  });

  it('negative control static-prekeys (prekeyLifecycle off): nothing rotates, nothing is erased or refilled', () => {
    const flags = { ...REFERENCE_FLAGS, prekeyLifecycle: false };
    const bob = makeDevice('bob', 'static', flags);
    const m = maintainPreKeys(bob, ctx(10 * SIGNED_PREKEY_ROTATION_MS, flags), { oneTime: 0, kemOneTime: 0 });
    expect(m.device).toBe(bob);
    expect(m.consumed).toEqual([]);
    expect(m.publish.oneTimePreKeys).toEqual([]);
  });
});
