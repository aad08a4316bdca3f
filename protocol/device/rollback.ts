// A store put back to an older copy (docs/threat-model.md "rollback"). Whoever holds a phone can write
// an old image of its store back onto the medium; a device that ran on it would open again what it
// already opened (its message keys, spent prekeys and setup records are the old ones) and show again
// messages that evaporated. The platform keeps, where the medium cannot roll it back (Android's
// rollback-resistant keystore, a secure element's monotonic counter), a watermark: how many steps the
// store has saved and the next prekey id. A store older than the watermark is not run: the device
// keeps its identity and its contacts' trusted keys (so a key substituted later still warns), drops
// every session, prekey, room, message and record of the old copy, and starts over with fresh prekeys
// whose ids lie past every id it ever handed out. Its peers' next messages on the dropped sessions
// are lost; what it sends next opens new sessions (docs/properties.md LIVE-DELIVERY, outside the promise).
import { createPreKeyStore } from '../prekeys/preKeyStore.ts';
import type { DeviceContext } from './context.ts';
import { DEFAULT_ONE_TIME_PREKEYS } from './create.ts';
import type { DeviceEvent, DeviceState } from './state.ts';

/** What the platform keeps out of the medium's reach, updated after every saved step. */
export interface StoreWatermark {
  /** Steps the store has saved. */
  readonly generation: number;
  /** The next prekey id the device would hand out. */
  readonly nextPreKeyId: number;
}

/** The watermark of a device's first save. */
export function firstWatermark(device: DeviceState): StoreWatermark {
  return { generation: 1, nextPreKeyId: device.preKeys.nextPreKeyId };
}

/** The watermark after one more saved step whose state is `device`. */
export function nextWatermark(w: StoreWatermark, device: DeviceState): StoreWatermark {
  return { generation: w.generation + 1, nextPreKeyId: Math.max(w.nextPreKeyId, device.preKeys.nextPreKeyId) };
}

export interface RestoredStore {
  readonly device: DeviceState;
  /** True when the store was older than the watermark and the device started over. */
  readonly startedOver: boolean;
  readonly events: readonly DeviceEvent[];
}

/**
 * The device to run after a restart from `restored`, a store saved at `generation`. With
 * flags.rollbackCheck off (weak variant no-rollback-check) the old copy runs as it is.
 */
export function openRestoredStore(restored: DeviceState, generation: number, watermark: StoreWatermark, ctx: DeviceContext): RestoredStore {
  if (!ctx.flags.rollbackCheck || generation >= watermark.generation) return { device: restored, startedOver: false, events: [] };
  const preKeys = createPreKeyStore(
    { provider: ctx.provider, rng: ctx.rng, identity: restored.identity, nowMs: ctx.nowMs },
    { oneTime: DEFAULT_ONE_TIME_PREKEYS, kemOneTime: DEFAULT_ONE_TIME_PREKEYS },
    Math.max(watermark.nextPreKeyId, restored.preKeys.nextPreKeyId),
  );
  const device: DeviceState = {
    ...restored,
    preKeys,
    contacts: restored.contacts.map((c) => ({ ...c, sessions: [], held: [], pendingBundle: undefined })),
    inbox: [],
    sent: [],
    tombstones: [],
    groups: [],
  };
  return { device, startedOver: true, events: [{ kind: 'store-rolled-back', atMs: ctx.nowMs }] };
}
