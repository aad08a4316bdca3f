// A store written back from an older copy (protocol/device/rollback.ts, docs/threat-model.md
// "Rollback"): the reference tells any store but the last one saved by its digest, starts over and
// refuses what the old copy would take again — even when the copy's own save count was forged. The
// weak variant no-rollback-check runs on any copy; count-only-watermark on a copy whose count says it
// is new enough.
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble.ts';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { aliceWritesBob, makeCtx, makeDevice } from '../../test/devices.ts';
import { openRestoredStore, receiveMessage, storeDigest, watermarkOf, type DeviceState } from './index.ts';

/** Bob's phone copied after one save, then written back after Alice's message was accepted (two saves). */
function rolledBack(flags: ProtocolFlags, copySaves: number) {
  const { ctx, alice, bob, wire } = aliceWritesBob('rollback', 'once', flags);
  const copy: DeviceState = structuredClone(bob);
  const got = receiveMessage(bob, alice.deviceId, alice.userId, wire, ctx);
  if (!got.ok) throw new Error(got.error.code);
  const watermark = watermarkOf(ctx.provider, got.device, 2, bob.preKeys.nextPreKeyId);
  const restored = openRestoredStore({ device: copy, saves: copySaves }, watermark, ctx);
  const again = receiveMessage(restored.device, alice.deviceId, alice.userId, wire, ctx);
  return { bob, watermark, restored, again };
}

describe('rollback of the device store', () => {
  it('the latest store, read back, runs as it is (its digest is the watermark’s)', () => {
    const ctx = makeCtx(createDrbg('device-rollback-current'), 1_000, REFERENCE_FLAGS);
    const bob = makeDevice('bob', 'rollback', REFERENCE_FLAGS);
    const r = openRestoredStore({ device: structuredClone(bob), saves: 1 }, watermarkOf(nobleProvider, bob, 1, 0), ctx);
    expect(r.startedOver).toBe(false);
    expect(r.events).toEqual([]);
  });

  it('the digest names the content: one changed byte anywhere in the state gives another', () => {
    const bob = makeDevice('bob', 'rollback', REFERENCE_FLAGS);
    const changed: DeviceState = { ...bob, preKeys: { ...bob.preKeys, nextPreKeyId: bob.preKeys.nextPreKeyId + 1 } };
    expect(storeDigest(nobleProvider, structuredClone(bob))).toEqual(storeDigest(nobleProvider, bob));
    expect(storeDigest(nobleProvider, changed)).not.toEqual(storeDigest(nobleProvider, bob));
  });

  it('the watermark never lowers the next prekey id', () => {
    const bob = makeDevice('bob', 'rollback', REFERENCE_FLAGS);
    expect(watermarkOf(nobleProvider, bob, 3, bob.preKeys.nextPreKeyId + 50).nextPreKeyId).toBe(bob.preKeys.nextPreKeyId + 50);
  });

  it('reference: an older store starts over — same identity, no sessions or messages, prekey ids past every one used — and the message is not taken again', () => {
    const { bob, watermark, restored, again } = rolledBack(REFERENCE_FLAGS, 1);
    expect(restored.startedOver).toBe(true);
    expect(restored.events.map((e) => e.kind)).toEqual(['store-rolled-back']);
    expect(restored.device.identity).toEqual(bob.identity);
    expect(restored.device.contacts.every((c) => c.sessions.length === 0)).toBe(true);
    expect(restored.device.inbox).toEqual([]);
    expect(restored.device.preKeys.signedPreKey.id).toBeGreaterThanOrEqual(watermark.nextPreKeyId);
    expect(restored.device.preKeys.oneTimePreKeys.length).toBeGreaterThan(0);
    expect(again.ok).toBe(false);
  });

  it('reference: the start-over takes its contacts’ trust from the watermark, not from the copy (which may predate them or be rewritten)', () => {
    const { ctx, alice, bob, wire } = aliceWritesBob('rollback-trust', 'once', REFERENCE_FLAGS);
    const got = receiveMessage(bob, alice.deviceId, alice.userId, wire, ctx);
    if (!got.ok) throw new Error(got.error.code);
    const verified: DeviceState = { ...got.device, contacts: got.device.contacts.map((c) => ({ ...c, verified: true })) };
    const mallory = makeDevice('mallory', 'rollback-trust');
    // The copy, rewritten with the stolen storage key: Alice's trusted key is Mallory's, and unverified.
    const forged: DeviceState = { ...verified, contacts: verified.contacts.map((c) => ({ ...c, identity: mallory.identity.publicKey, verified: false })) };
    const restored = openRestoredStore({ device: forged, saves: 1 }, watermarkOf(ctx.provider, verified, 2, 0), ctx);
    expect(restored.startedOver).toBe(true);
    const contact = restored.device.contacts.find((c) => c.deviceId === alice.deviceId);
    expect(contact?.identity).toEqual(alice.identity.publicKey);
    expect(contact?.verified).toBe(true);
    expect(contact?.sessions).toEqual([]);
  });

  it('reference: an older store whose save count was forged past the watermark still starts over', () => {
    const { restored, again } = rolledBack(REFERENCE_FLAGS, 2 ** 40);
    expect(restored.startedOver).toBe(true);
    expect(again.ok).toBe(false);
  });

  it('negative control count-only-watermark: the older store is caught by its count, but a forged count runs it and the message is taken twice', () => {
    const flags = protocolFlags('count-only-watermark');
    expect(rolledBack(flags, 1).restored.startedOver).toBe(true);
    const { restored, again } = rolledBack(flags, 2 ** 40);
    expect(restored.startedOver).toBe(false);
    expect(again.ok).toBe(true);
  });

  it('negative control no-rollback-check: the old copy runs and accepts the message a second time', () => {
    const { restored, again } = rolledBack(protocolFlags('no-rollback-check'), 1);
    expect(restored.startedOver).toBe(false);
    expect(again.ok).toBe(true);
  });
});
