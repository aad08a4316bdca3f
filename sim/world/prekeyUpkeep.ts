// A phone's prekey upkeep in the world (protocol/device/prekeyMaintenance.ts): how often it runs, and
// how its result reaches the directory — a rotated signed prekey and last-resort KEM key replace the
// old ones, fresh one-time prekeys are appended, and the ids the device dropped are withdrawn. The
// schedule is the phone's own clock: offline, it still rotates and erases on time, and keeps what it
// published for the next upload (mergePublications).
import type { DeviceState, PreKeyPublication } from '../../protocol/device/index.ts';
import type { Server } from '../server/server.ts';
import { directoryEntryFor } from './directoryBundle.ts';

/**
 * How often a phone runs its prekey maintenance: a few times per SIGNED_PREKEY_ROTATION_MS, so a
 * rotation is at most this late and a retired pair leaves at most this long after its grace period.
 */
export const PREKEY_MAINTENANCE_INTERVAL_MS = 12 * 60 * 60 * 1000;

/**
 * Two maintenance runs' publications as one upload: the latest signed prekey (and last-resort KEM key),
 * every new one-time prekey of both, and every withdrawal. uploadPreKeys sends only the one-time keys
 * the device still holds, so a key published and then dropped before the upload never reaches the server.
 */
export function mergePublications(earlier: PreKeyPublication | undefined, later: PreKeyPublication): PreKeyPublication {
  if (earlier === undefined) return later;
  return {
    signedPreKey: later.signedPreKey ?? earlier.signedPreKey,
    kemLastResortPreKey: later.kemLastResortPreKey ?? earlier.kemLastResortPreKey,
    oneTimePreKeys: [...earlier.oneTimePreKeys, ...later.oneTimePreKeys],
    kemOneTimePreKeys: [...earlier.kemOneTimePreKeys, ...later.kemOneTimePreKeys],
    withdrawnPreKeyIds: [...earlier.withdrawnPreKeyIds, ...later.withdrawnPreKeyIds],
  };
}

/** Hands the directory what one maintenance run published for `state` (nothing when it published nothing). */
export function uploadPreKeys(server: Server, state: DeviceState, p: PreKeyPublication): void {
  if (p.signedPreKey === undefined && p.oneTimePreKeys.length === 0 && p.kemOneTimePreKeys.length === 0 && p.withdrawnPreKeyIds.length === 0) return;
  const entry = directoryEntryFor(state);
  const newOneTime = new Set<number>(p.oneTimePreKeys.map((k) => k.id));
  const newKem = new Set<number>(p.kemOneTimePreKeys.map((k) => k.id));
  server.refill(state.deviceId, {
    ...(p.signedPreKey === undefined ? {} : { base: entry.base }),
    ...(p.kemLastResortPreKey === undefined || entry.kemLastResort === undefined ? {} : { kemLastResort: entry.kemLastResort }),
    oneTime: entry.oneTime.filter((k) => newOneTime.has(k.id)),
    kemOneTime: entry.kemOneTime.filter((k) => newKem.has(k.id)),
    withdrawn: [...p.withdrawnPreKeyIds],
  });
}
