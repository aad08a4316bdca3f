// A new device in privacy mode: a fresh identity and prekey store from the caller's Rng. Nothing
// else: contacts, sessions and messages arrive through the other device steps.
import { generateIdentityKeyPair } from '../identity/keyPair.ts';
import type { DeviceId, UserId } from '../ids.ts';
import { createPreKeyStore, replenishOneTimePreKeys } from '../prekeys/preKeyStore.ts';
import type { DeviceContext } from './context.ts';
import type { DeviceConfig, DeviceState } from './state.ts';

export interface NewDevice {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  readonly config?: DeviceConfig;
  /** One-time prekeys to publish at first (X25519 and ML-KEM each). */
  readonly oneTimePreKeys?: number;
}

export const DEFAULT_DEVICE_CONFIG: DeviceConfig = { mode: 'pqxdh', requirePq: true };
/** One-time prekeys a new device publishes: enough for a few first contacts, cheap to make (ML-KEM keygen dominates). */
export const DEFAULT_ONE_TIME_PREKEYS = 5;

export function createDevice(p: NewDevice, ctx: DeviceContext): DeviceState {
  const identity = generateIdentityKeyPair(ctx.provider, ctx.rng);
  const count = p.oneTimePreKeys ?? DEFAULT_ONE_TIME_PREKEYS;
  return {
    deviceId: p.deviceId,
    userId: p.userId,
    config: p.config ?? DEFAULT_DEVICE_CONFIG,
    identity,
    preKeys: createPreKeyStore({ provider: ctx.provider, rng: ctx.rng, identity, nowMs: ctx.nowMs }, { oneTime: count, kemOneTime: count }),
    contacts: [],
    inbox: [],
    sent: [],
    tombstones: [],
    groups: [],
  };
}

/** Top up one-time prekeys to `target` of each kind (after the server reports them used). */
export function refillPreKeys(device: DeviceState, target: number, ctx: DeviceContext): DeviceState {
  const oneTime = Math.max(0, target - device.preKeys.oneTimePreKeys.length);
  const kemOneTime = Math.max(0, target - device.preKeys.kemOneTimePreKeys.length);
  if (oneTime === 0 && kemOneTime === 0) return device;
  const params = { provider: ctx.provider, rng: ctx.rng, identity: device.identity, nowMs: ctx.nowMs };
  return { ...device, preKeys: replenishOneTimePreKeys(params, device.preKeys, { oneTime, kemOneTime }) };
}
