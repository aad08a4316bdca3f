// The device store on disk: the serialized DeviceState sealed with the phone's storage key
// (XChaCha20-Poly1305, random 24-byte nonce). A phone seizure takes this blob and, in the worst
// case docs/threat-model.md assumes, the storage key too; loading it back restores a working device.
// What is written holds at most MAX_STORE_SKIPPED_KEYS skipped message keys, the oldest dropped first;
// a store whose rooms hold more than MAX_DEVICE_GROUP_MEMBERS member records does not load.
import { concatBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import { MAX_DEVICE_STORE_BYTES, MAX_STORE_SKIPPED_KEYS } from '../limits.ts';
import type { Rng } from '../random/rng.ts';
import { decodeMessage, encodeMessage } from '../wire/codec.ts';
import { requireGroupMemberBound } from './groupStore.ts';
import type { DeviceState } from './state.ts';
import { deviceStateCodec, storeSkippedKeyCount } from './storeCodec.ts';

const STORE_FORMAT = 1;
const NONCE_BYTES = 24;
const STORE_AD = utf8('sealroom device store v1');
export const STORAGE_KEY_BYTES = 32;

/**
 * `device` with at most `bound` skipped message keys over all its sessions and rooms: the oldest (by
 * storedAtMs; ties in store order, sessions before rooms) are left out, and their seeds returned in
 * `dropped` for the owner to wipe. Each session and room already keeps its own bound; this one stops
 * many of them together from outgrowing MAX_DEVICE_STORE_BYTES. Returns `device` itself (and nothing
 * dropped) when within the bound; the input is never modified.
 */
export function trimStoreSkippedKeys(device: DeviceState, bound = MAX_STORE_SKIPPED_KEYS): { readonly device: DeviceState; readonly dropped: readonly Uint8Array[] } {
  const excess = storeSkippedKeyCount(device) - bound;
  if (excess <= 0) return { device, dropped: [] };
  const all: { key: { readonly storedAtMs: number; readonly seed: Uint8Array }; order: number }[] = [];
  for (const c of device.contacts) for (const s of c.sessions) for (const key of s.ratchet.skipped) all.push({ key, order: all.length });
  for (const g of device.groups) for (const m of g.receiving) for (const chain of m.chains) for (const key of chain.skipped) all.push({ key, order: all.length });
  all.sort((a, b) => a.key.storedAtMs - b.key.storedAtMs || a.order - b.order);
  const oldest = all.slice(0, excess).map((e) => e.key);
  const dropped = new Set<object>(oldest);
  const keep = <T extends object>(list: readonly T[]): readonly T[] => (list.some((k) => dropped.has(k)) ? list.filter((k) => !dropped.has(k)) : list);
  const trimmed = {
    ...device,
    contacts: device.contacts.map((c) => ({ ...c, sessions: c.sessions.map((s) => ({ ...s, ratchet: { ...s.ratchet, skipped: keep(s.ratchet.skipped) } })) })),
    groups: device.groups.map((g) => ({ ...g, receiving: g.receiving.map((m) => ({ ...m, chains: m.chains.map((chain) => ({ ...chain, skipped: keep(chain.skipped) })) })) })),
  };
  return { device: trimmed, dropped: oldest.map((k) => k.seed) };
}

/** trimStoreSkippedKeys without the dropped seeds (for a copy that is written, not kept live). */
export function boundStoreSkippedKeys(device: DeviceState, bound = MAX_STORE_SKIPPED_KEYS): DeviceState {
  return trimStoreSkippedKeys(device, bound).device;
}

/** The plaintext bytes of the store (what at-rest encryption protects), within MAX_STORE_SKIPPED_KEYS. */
export function serializeDevice(device: DeviceState): Uint8Array {
  return encodeMessage(deviceStateCodec, boundStoreSkippedKeys(device), MAX_DEVICE_STORE_BYTES);
}

export function deserializeDevice(bytes: Uint8Array): DeviceState {
  try {
    return requireGroupMemberBound(decodeMessage(deviceStateCodec, bytes, MAX_DEVICE_STORE_BYTES));
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_CORRUPT', `device store does not decode (${e.code})`);
    throw e;
  }
}

export function sealDevice(provider: CryptoProvider, device: DeviceState, storageKey: Uint8Array, rng: Rng): Uint8Array {
  const nonce = rng.bytes(NONCE_BYTES);
  const sealed = provider.xchacha20poly1305.seal(storageKey, nonce, serializeDevice(device), STORE_AD);
  return concatBytes(new Uint8Array([STORE_FORMAT]), nonce, sealed);
}

/** STORE_CORRUPT for a malformed or truncated blob, STORE_BAD_KEY when the key does not open it. */
export function openDevice(provider: CryptoProvider, blob: Uint8Array, storageKey: Uint8Array): DeviceState {
  if (blob.length > MAX_DEVICE_STORE_BYTES + 64) throw new ProtocolError('STORE_CORRUPT', 'device store exceeds its size cap');
  if (blob.length < 1 + NONCE_BYTES + 16) throw new ProtocolError('STORE_CORRUPT', 'device store truncated');
  if (blob[0] !== STORE_FORMAT) throw new ProtocolError('STORE_CORRUPT', `device store format ${blob[0]}`);
  let plain: Uint8Array;
  try {
    plain = provider.xchacha20poly1305.open(storageKey, blob.subarray(1, 1 + NONCE_BYTES), blob.subarray(1 + NONCE_BYTES), STORE_AD);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_BAD_KEY', 'device store does not open with this key (wrong key or tampered)');
    throw e;
  }
  return deserializeDevice(plain);
}
