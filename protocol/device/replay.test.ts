// Flag replayCheck at device level (SEC-INTEGRITY, docs/weak-variants.md no-replay-check): the
// reference refuses a replayed message and stays byte-for-byte unchanged; the weak variant files it twice.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { openSession, receiveMessage, sendText, serializeDevice } from './index.ts';

function replayed(flags: ProtocolFlags) {
  const ctx = makeCtx(createDrbg('device-replay'), 1_000, flags);
  let alice = makeDevice('alice', 'replay', flags);
  const bob = makeDevice('bob', 'replay', flags);
  alice = openSession(alice, bob.userId, bundleOf(bob), ctx).device;
  const first = sendText(alice, bob.deviceId, text('setup'), ctx);
  if (first.kind !== 'sent') throw new Error('held');
  const second = sendText(first.device, bob.deviceId, text('once'), ctx);
  if (second.kind !== 'sent') throw new Error('held');
  const a = receiveMessage(bob, alice.deviceId, alice.userId, first.wire, ctx);
  if (!a.ok) throw new Error(a.error.code);
  const b = receiveMessage(a.device, alice.deviceId, alice.userId, second.wire, ctx);
  if (!b.ok) throw new Error(b.error.code);
  const again = receiveMessage(b.device, alice.deviceId, alice.userId, second.wire, ctx);
  return { again, unchanged: equalBytes(serializeDevice(again.device), serializeDevice(b.device)) };
}

describe('device replay check', () => {
  it('reference: a replayed message is DUPLICATE_MESSAGE and the device is unchanged', () => {
    const { again, unchanged } = replayed(REFERENCE_FLAGS);
    expect(!again.ok && again.error.code).toBe('DUPLICATE_MESSAGE');
    expect(unchanged).toBe(true);
  });

  it('negative control no-replay-check: the replayed message is accepted again and filed twice', () => {
    const { again } = replayed(protocolFlags('no-replay-check'));
    if (!again.ok) throw new Error(again.error.code);
    const ids = again.device.inbox.map((m) => m.messageId);
    expect(ids.length).toBe(3);
    expect(new Set(ids).size).toBe(2);
  });
});
