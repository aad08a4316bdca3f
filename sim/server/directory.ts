// The key directory (docs/architecture.md: prekey bundles, one-time prekeys handed out once).
// An honest fetch hands each one-time prekey out once and erases it; a KEM one-time prekey comes
// first, the last-resort KEM key after. Every entry is mirrored sealed on the at-rest disk.
import { UsageError } from '../../protocol/errors.ts';
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import { MAX_ONE_TIME_PREKEYS } from '../../protocol/limits.ts';
import { SimLimitExceeded } from '../engine/simLimitError.ts';
import type { AtRestDisk } from './atRestDisk.ts';
import { encodeDirectoryEntry, MAX_PREKEY_BYTES, type DirectoryEntry, type DirectoryPublish, type DirectoryRefill, type FetchedBundle, type PreKey } from './directoryEntry.ts';

export interface DirectoryLimits {
  readonly maxDevices: number;
  readonly maxPrekeysPerDevice: number;
}

const directoryLabel = (d: DeviceId): string => `directory/${d}`;

export class KeyDirectory {
  private readonly entries = new Map<DeviceId, DirectoryEntry>();
  /** Fetch results already handed out, kept only by a server that is not honest (to re-serve them). */
  private readonly handedOut = new Map<DeviceId, FetchedBundle[]>();
  /** Each device's first published signed part, kept only by a server that is not honest (to serve it stale). */
  private readonly firstPublished = new Map<DeviceId, FetchedBundle>();

  constructor(
    private readonly disk: AtRestDisk,
    private readonly limits: DirectoryLimits,
    private readonly keepHandedOut: boolean,
  ) {}

  /** The bundle as the device first published it, with no one-time prekey: what a directory that never took a rotation in would serve. */
  staleBundle(deviceId: DeviceId): FetchedBundle | undefined {
    return this.firstPublished.get(deviceId);
  }

  /** Replaces the device's whole entry. */
  publish(p: DirectoryPublish): DirectoryEntry {
    if (this.keepHandedOut && !this.firstPublished.has(p.deviceId)) {
      const kem = p.kemLastResort;
      this.firstPublished.set(p.deviceId, {
        deviceId: p.deviceId,
        userId: p.userId,
        base: p.base.slice(),
        ...(kem === undefined ? {} : { kem: { id: kem.id, bytes: kem.bytes.slice(), lastResort: true } }),
      });
    }
    if (!this.entries.has(p.deviceId) && this.entries.size >= this.limits.maxDevices) {
      throw new SimLimitExceeded('MAX_DIRECTORY_DEVICES', this.limits.maxDevices, `publish by ${p.deviceId}`);
    }
    checkBlob(p.base, 'publish.base');
    const entry: DirectoryEntry = {
      deviceId: p.deviceId,
      userId: p.userId,
      base: p.base.slice(),
      oneTime: checkPreKeys(p.oneTime, 'publish.oneTime'),
      kemOneTime: checkPreKeys(p.kemOneTime, 'publish.kemOneTime'),
      ...(p.kemLastResort === undefined ? {} : { kemLastResort: checkPreKey(p.kemLastResort, 'publish.kemLastResort') }),
    };
    return this.commit(entry);
  }

  /** Appends one-time prekeys, drops withdrawn ones, and replaces the base or last-resort key if given. */
  refill(deviceId: DeviceId, r: DirectoryRefill): DirectoryEntry {
    const old = this.entries.get(deviceId);
    if (old === undefined) throw new UsageError(`refill: device ${deviceId} never published`);
    if (r.base !== undefined) checkBlob(r.base, 'refill.base');
    const lastResort = r.kemLastResort === undefined ? old.kemLastResort : checkPreKey(r.kemLastResort, 'refill.kemLastResort');
    const withdrawn = new Set(r.withdrawn ?? []);
    const kept = (keys: readonly PreKey[]) => keys.filter((k) => !withdrawn.has(k.id));
    const entry: DirectoryEntry = {
      ...old,
      base: r.base?.slice() ?? old.base,
      oneTime: [...kept(old.oneTime), ...checkPreKeys(r.oneTime ?? [], 'refill.oneTime')],
      kemOneTime: [...kept(old.kemOneTime), ...checkPreKeys(r.kemOneTime ?? [], 'refill.kemOneTime')],
      ...(lastResort === undefined ? {} : { kemLastResort: lastResort }),
    };
    return this.commit(entry);
  }

  /** The honest fetch: base, the first one-time prekey (erased), the first KEM one-time prekey (erased) or the last-resort key. */
  fetch(deviceId: DeviceId): FetchedBundle | undefined {
    const e = this.entries.get(deviceId);
    if (e === undefined) return undefined;
    const [oneTime, ...restOneTime] = e.oneTime;
    const [kemOneTime, ...restKem] = e.kemOneTime;
    const kem = kemOneTime !== undefined ? { ...kemOneTime, lastResort: false } : e.kemLastResort && { ...e.kemLastResort, lastResort: true };
    const bundle: FetchedBundle = {
      deviceId,
      userId: e.userId,
      base: e.base,
      ...(oneTime === undefined ? {} : { oneTime }),
      ...(kem === undefined ? {} : { kem }),
    };
    if (oneTime !== undefined || kemOneTime !== undefined) this.commit({ ...e, oneTime: restOneTime, kemOneTime: restKem });
    if (this.keepHandedOut && (oneTime !== undefined || kemOneTime !== undefined)) {
      const list = this.handedOut.get(deviceId) ?? [];
      list.push(bundle);
      this.handedOut.set(deviceId, list);
    }
    return bundle;
  }

  /** Earlier fetch results for the device (only kept by a curious or malicious server). */
  handedOutBundles(deviceId: DeviceId): readonly FetchedBundle[] {
    return this.handedOut.get(deviceId) ?? [];
  }

  /** How many one-time prekeys of each kind the directory still holds for the device (what the server reports to it). */
  counts(deviceId: DeviceId): { oneTime: number; kemOneTime: number } {
    const e = this.entries.get(deviceId);
    return { oneTime: e?.oneTime.length ?? 0, kemOneTime: e?.kemOneTime.length ?? 0 };
  }

  entry(deviceId: DeviceId): DirectoryEntry | undefined {
    return this.entries.get(deviceId);
  }

  userOf(deviceId: DeviceId): UserId | undefined {
    return this.entries.get(deviceId)?.userId;
  }

  devicesOf(userId: UserId): DeviceId[] {
    return [...this.entries.values()].filter((e) => e.userId === userId).map((e) => e.deviceId);
  }

  deviceIds(): DeviceId[] {
    return [...this.entries.keys()];
  }

  private commit(entry: DirectoryEntry): DirectoryEntry {
    const count = entry.oneTime.length + entry.kemOneTime.length;
    if (count > this.limits.maxPrekeysPerDevice) {
      throw new SimLimitExceeded('MAX_DIRECTORY_PREKEYS_PER_DEVICE', this.limits.maxPrekeysPerDevice, `${entry.deviceId} would hold ${count}`);
    }
    this.entries.set(entry.deviceId, entry);
    this.disk.put(directoryLabel(entry.deviceId), encodeDirectoryEntry(entry));
    return entry;
  }
}

function checkBlob(b: unknown, field: string): void {
  if (!(b instanceof Uint8Array) || b.length === 0 || b.length > MAX_PREKEY_BYTES) throw new UsageError(`${field}: expected 1..${MAX_PREKEY_BYTES} bytes`);
}

function checkPreKey(k: PreKey, field: string): PreKey {
  if (!Number.isInteger(k.id) || k.id < 0 || k.id > 0xffff_ffff) throw new UsageError(`${field}.id: expected a u32, got ${k.id}`);
  checkBlob(k.bytes, `${field}.bytes`);
  return { id: k.id, bytes: k.bytes.slice() };
}

function checkPreKeys(keys: readonly PreKey[], field: string): PreKey[] {
  if (keys.length > MAX_ONE_TIME_PREKEYS) throw new UsageError(`${field}: ${keys.length} prekeys exceeds MAX_ONE_TIME_PREKEYS`);
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new UsageError(`${field}: duplicate prekey ids`);
  return keys.map((k, i) => checkPreKey(k, `${field}[${i}]`));
}
