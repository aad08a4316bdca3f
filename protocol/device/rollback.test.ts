// A store written back from an older copy (protocol/device/rollback.ts, docs/threat-model.md
// "rollback"): the reference starts over and refuses what the old copy would take again; the weak
// variant no-rollback-check runs on the old copy and accepts a message a second time.
import { describe, expect, it } from 'vitest';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { aliceWritesBob, makeCtx, makeDevice } from '../../test/devices.ts';
import { firstWatermark, nextWatermark, openRestoredStore, receiveMessage, type DeviceState } from './index.ts';

/** Bob's phone copied before Alice's message arrives, then written back after it was accepted. */
function rolledBack(flags: ProtocolFlags) {
  const { ctx, alice, bob, wire } = aliceWritesBob('rollback', 'once', flags);
  let watermark = firstWatermark(bob);
  const copy: DeviceState = structuredClone(bob);
  const copyGeneration = watermark.generation;
  const got = receiveMessage(bob, alice.deviceId, alice.userId, wire, ctx);
  if (!got.ok) throw new Error(got.error.code);
  watermark = nextWatermark(watermark, got.device);
  const restored = openRestoredStore(copy, copyGeneration, watermark, ctx);
  const again = receiveMessage(restored.device, alice.deviceId, alice.userId, wire, ctx);
  return { bob, watermark, restored, again };
}

describe('rollback of the device store', () => {
  it('a store as new as the watermark runs as it is', () => {
    const ctx = makeCtx(createDrbg('device-rollback-current'), 1_000, REFERENCE_FLAGS);
    const bob = makeDevice('bob', 'rollback', REFERENCE_FLAGS);
    const r = openRestoredStore(bob, 1, firstWatermark(bob), ctx);
    expect(r.startedOver).toBe(false);
    expect(r.device).toBe(bob);
    expect(r.events).toEqual([]);
  });

  it('reference: an older store starts over — same identity, no sessions or messages, prekey ids past every one used — and the message is not taken again', () => {
    const { bob, watermark, restored, again } = rolledBack(REFERENCE_FLAGS);
    expect(restored.startedOver).toBe(true);
    expect(restored.events.map((e) => e.kind)).toEqual(['store-rolled-back']);
    expect(restored.device.identity).toEqual(bob.identity);
    expect(restored.device.contacts.every((c) => c.sessions.length === 0)).toBe(true);
    expect(restored.device.inbox).toEqual([]);
    expect(restored.device.preKeys.signedPreKey.id).toBeGreaterThanOrEqual(watermark.nextPreKeyId);
    expect(restored.device.preKeys.oneTimePreKeys.length).toBeGreaterThan(0);
    expect(again.ok).toBe(false);
  });

  it('negative control no-rollback-check: the old copy runs and accepts the message a second time', () => {
    const { restored, again } = rolledBack(protocolFlags('no-rollback-check'));
    expect(restored.startedOver).toBe(false);
    expect(again.ok).toBe(true);
  });
});
