// The device's prekey lifecycle (X3DH §2.3 and §4.6, PQXDH §2.3; flag prekeyLifecycle): rotate the
// signed and last-resort KEM prekeys every SIGNED_PREKEY_ROTATION_MS, erase the retired pair after
// SIGNED_PREKEY_GRACE_MS, and top up one-time prekeys when the server reports them running low.
//
// What the other side does without a one-time prekey: a malicious (or merely busy) server may hand
// out bundles with no one-time prekey, by stripping them or by exhausting them. The initiator accepts
// such a bundle and runs the setup with DH1..DH3 (X3DH §3.3 "If the bundle does not contain a
// one-time prekey, she calculates…"), as Signal does; refusing would let the server deny service at
// will. What the missing key costs is replay protection and a little forward secrecy for the first
// message; the responder's setup replay record (protocol/prekeys/setupRecord.ts, flag
// setupReplayCheck) refuses a repeated setup, and the signed prekey rotation below bounds how long a
// seized signed prekey secret can open a setup that used no one-time prekey.
import { MAX_ONE_TIME_PREKEYS, ONE_TIME_PREKEY_LOW_WATER, ONE_TIME_PREKEY_REFILL_TARGET, SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATION_MS } from '../limits.ts';
import { UsageError } from '../errors.ts';
import type { PreKeyId } from '../ids.ts';
import { kemPreKeyPublic } from '../prekeys/kemPreKey.ts';
import { oneTimePreKeyPublic } from '../prekeys/oneTimePreKey.ts';
import { makeRoomForOneTimePreKeys, prunePreKeys, replenishOneTimePreKeys, rotateSignedPreKeys, type PreKeyStore } from '../prekeys/preKeyStore.ts';
import { signedPreKeyPublic } from '../prekeys/signedPreKey.ts';
import type { KemPreKeyPublic, OneTimePreKeyPublic, SignedPreKeyPublic } from '../wire/preKeyBundle.ts';
import type { DeviceContext } from './context.ts';
import type { DeviceState } from './state.ts';

/** One-time prekeys the server says it still holds for this device (untrusted: it only sizes a top-up). */
export interface ServerPreKeyCounts {
  readonly oneTime: number;
  readonly kemOneTime: number;
}

/** What the device hands the directory after a maintenance run. Empty lists and absent keys: nothing to upload. */
export interface PreKeyPublication {
  /** The new signed prekey, replacing the one the server hands out (present after a rotation). */
  readonly signedPreKey?: SignedPreKeyPublic | undefined;
  /** The new last-resort KEM prekey (present after a rotation). */
  readonly kemLastResortPreKey?: KemPreKeyPublic | undefined;
  readonly oneTimePreKeys: readonly OneTimePreKeyPublic[];
  readonly kemOneTimePreKeys: readonly KemPreKeyPublic[];
  /** One-time prekey ids the device dropped to make room: the server must stop handing them out. */
  readonly withdrawnPreKeyIds: readonly PreKeyId[];
}

export interface PreKeyMaintenance {
  readonly device: DeviceState;
  /** Secrets that left the store (the retired pair after its grace, dropped one-time keys), for the owner to wipe. */
  readonly consumed: readonly Uint8Array[];
  readonly publish: PreKeyPublication;
}

const NOTHING: PreKeyPublication = { oneTimePreKeys: [], kemOneTimePreKeys: [], withdrawnPreKeyIds: [] };

function requireCount(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`serverCounts.${what}: expected a non-negative safe integer`);
  return n;
}

/** How many to add so the server is back at the refill target, when it is below the low-water mark. */
function topUp(reported: number): number {
  return reported < ONE_TIME_PREKEY_LOW_WATER ? Math.min(ONE_TIME_PREKEY_REFILL_TARGET - reported, MAX_ONE_TIME_PREKEYS) : 0;
}

/**
 * One maintenance run; call it on a timer (and after the server reports counts). Pure: randomness and
 * time from ctx. Without `serverCounts` the device's own unused keys stand in for the server's count
 * (an honest server holds exactly those). With flags.prekeyLifecycle off (weak variant
 * static-prekeys) the device is returned unchanged and nothing is published. `offline`: the device
 * cannot reach the directory, so it only erases what is due and neither rotates nor refills.
 */
export function maintainPreKeys(device: DeviceState, ctx: DeviceContext, serverCounts?: ServerPreKeyCounts, options: { readonly offline?: boolean } = {}): PreKeyMaintenance {
  if (!ctx.flags.prekeyLifecycle) return { device, consumed: [], publish: NOTHING };
  const params = { provider: ctx.provider, rng: ctx.rng, identity: device.identity, nowMs: ctx.nowMs };
  const consumed: Uint8Array[] = [];
  const pruned = prunePreKeys(device.preKeys, ctx.nowMs);
  consumed.push(...pruned.consumed);
  // Offline, a rotation could not reach the directory, which would go on handing out the retired key
  // and lose every setup made on it once its grace ran out: only erasure runs; rotation waits.
  if (options.offline === true) return { device: pruned.store === device.preKeys ? device : { ...device, preKeys: pruned.store }, consumed, publish: NOTHING };
  let store: PreKeyStore = pruned.store;
  let rotated = false;
  const due = ctx.nowMs - store.signedPreKey.createdAtMs >= SIGNED_PREKEY_ROTATION_MS;
  // The store keeps one retired pair: rotating now would cut the previous pair's grace short.
  const previousInGrace = store.previous !== undefined && ctx.nowMs - store.previous.retiredAtMs <= SIGNED_PREKEY_GRACE_MS;
  if (due && !previousInGrace) {
    const step = rotateSignedPreKeys(params, store);
    consumed.push(...step.consumed);
    store = step.store;
    rotated = true;
  }
  const reported = serverCounts ?? { oneTime: store.oneTimePreKeys.length, kemOneTime: store.kemOneTimePreKeys.length };
  const counts = { oneTime: topUp(requireCount(reported.oneTime, 'oneTime')), kemOneTime: topUp(requireCount(reported.kemOneTime, 'kemOneTime')) };
  let withdrawn: readonly PreKeyId[] = [];
  const before = { classic: new Set(store.oneTimePreKeys), kem: new Set(store.kemOneTimePreKeys) };
  if (counts.oneTime > 0 || counts.kemOneTime > 0) {
    const room = makeRoomForOneTimePreKeys(store, counts);
    consumed.push(...room.consumed);
    withdrawn = room.withdrawn;
    store = replenishOneTimePreKeys(params, room.store, counts);
  }
  if (!rotated && store === device.preKeys) return { device, consumed, publish: NOTHING };
  return {
    device: { ...device, preKeys: store },
    consumed,
    publish: {
      signedPreKey: rotated ? signedPreKeyPublic(store.signedPreKey) : undefined,
      kemLastResortPreKey: rotated ? kemPreKeyPublic(store.kemLastResortPreKey) : undefined,
      oneTimePreKeys: store.oneTimePreKeys.filter((k) => !before.classic.has(k)).map(oneTimePreKeyPublic),
      kemOneTimePreKeys: store.kemOneTimePreKeys.filter((k) => !before.kem.has(k)).map(kemPreKeyPublic),
      withdrawnPreKeyIds: withdrawn,
    },
  };
}
