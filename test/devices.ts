// Test fixtures for protocol/device: two or three devices on one seeded stream, a bundle "server"
// that is just the peer's own prekey store, and a context factory.
import { nobleProvider } from '../protocol/crypto/noble.ts';
import { createDevice, openSession, sendText, type DeviceContext, type DeviceState } from '../protocol/device/index.ts';
import { deviceId, messageId, roomId, userId } from '../protocol/ids.ts';
import { preKeyBundle } from '../protocol/prekeys/bundle.ts';
import { createDrbg } from '../protocol/random/drbg.ts';
import type { Rng } from '../protocol/random/rng.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../protocol/variant.ts';
import type { TextContent, Evaporation } from '../protocol/content/content.ts';
import type { PreKeyBundle } from '../protocol/wire/preKeyBundle.ts';
import { utf8 } from '../protocol/bytes.ts';

export function makeCtx(rng: Rng, nowMs = 1_000, flags: ProtocolFlags = REFERENCE_FLAGS): DeviceContext {
  return { provider: nobleProvider, rng, nowMs, flags };
}

export function makeDevice(name: string, seed: string, flags: ProtocolFlags = REFERENCE_FLAGS): DeviceState {
  return createDevice({ deviceId: deviceId(name), userId: userId(`user-${name}`), oneTimePreKeys: 2 }, makeCtx(createDrbg(`${seed}/${name}`), 0, flags));
}

export function bundleOf(device: DeviceState, choice: { oneTime?: boolean; kem?: boolean } = {}): PreKeyBundle {
  return preKeyBundle(device.preKeys, device.deviceId, device.identity.publicKey, choice);
}

/**
 * Alice with a session to Bob (Bob has not heard of it yet), a context on the `seed` stream, and
 * Alice's first message to Bob, `body`, on that session.
 */
export function aliceWritesBob(seed: string, body: string, flags: ProtocolFlags = REFERENCE_FLAGS) {
  const ctx = makeCtx(createDrbg(`device-${seed}`), 1_000, flags);
  const bob = makeDevice('bob', seed, flags);
  const alice = openSession(makeDevice('alice', seed, flags), bob.userId, bundleOf(bob), ctx).device;
  const first = sendText(alice, bob.deviceId, text(body), ctx);
  if (first.kind !== 'sent') throw new Error('held');
  return { ctx, alice: first.device, bob, wire: first.wire };
}

let counter = 0;
export function text(body: string, evaporation: Evaporation = { mode: 'view-once' }, sentAtMs = 1_000): TextContent {
  counter += 1;
  return { kind: 'text', messageId: messageId(`m${counter}`), roomId: roomId('room-1'), sentAtMs, evaporation, body: utf8(body) };
}
