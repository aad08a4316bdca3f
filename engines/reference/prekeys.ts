// The device's prekeys through the contract's bundle() (X3DH §2.3 and §3.2, PQXDH §2.3): a store
// made at creation with a batch of one-time keys, and a refresh that prunes the retired pair past its
// grace, rotates the signed and last-resort KEM prekeys (protocol/prekeys/preKeyStore.ts) and adds a
// new batch, making room under MAX_ONE_TIME_PREKEYS by dropping the oldest unused keys first.
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { DEFAULT_ONE_TIME_PREKEYS } from '../../protocol/device/create.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import { createPreKeyStore, makeRoomForOneTimePreKeys, prunePreKeys, replenishOneTimePreKeys, rotateSignedPreKeys, type PreKeyStore } from '../../protocol/prekeys/preKeyStore.ts';
import type { Rng } from '../../protocol/random/rng.ts';
import type { OneTimePreKey, PublishedBundle } from '../contract.ts';
import { encodeBase, encodeOneTime } from './bundleCodec.ts';
import type { DeviceRecord, Step } from './state.ts';

/** One-time prekeys made per batch, X25519 and ML-KEM each: the reference device's own count (protocol/device/create.ts). */
const BATCH = { oneTime: DEFAULT_ONE_TIME_PREKEYS, kemOneTime: DEFAULT_ONE_TIME_PREKEYS };

export function newPreKeyStore(provider: CryptoProvider, rng: Rng, identity: IdentityKeyPair, nowMs: number): PreKeyStore {
  return createPreKeyStore({ provider, rng, identity, nowMs }, BATCH);
}

/**
 * The directory entries for the unused one-time keys `keep` selects. X25519 and KEM keys are paired
 * from the newest end, so a new batch pairs with itself even when a setup once spent one kind alone
 * (a server that dropped the KEM key from an entry); an X25519 key left without a partner goes alone.
 */
function entries(store: PreKeyStore, keep: (id: number) => boolean): OneTimePreKey[] {
  const offset = store.kemOneTimePreKeys.length - store.oneTimePreKeys.length;
  return store.oneTimePreKeys.flatMap((k, i) => (keep(k.id) ? [encodeOneTime(k, i + offset >= 0 ? store.kemOneTimePreKeys[i + offset] : undefined)] : []));
}

/** The bundle as it stands: the signed part and every one-time key not yet used. Draws nothing, changes nothing. */
export function currentBundle(record: DeviceRecord): PublishedBundle {
  return { base: encodeBase(record.address, record.identity, record.preKeys), oneTime: entries(record.preKeys, () => true) };
}

/** New signed and KEM prekeys and a new batch of one-time keys; the bundle lists only the new one-time keys. */
export function refreshPreKeys(record: DeviceRecord, provider: CryptoProvider, rng: Rng, nowMs: number): Step<PublishedBundle> {
  const params = { provider, rng, identity: record.identity, nowMs };
  const pruned = prunePreKeys(record.preKeys, nowMs);
  const rotated = rotateSignedPreKeys(params, pruned.store);
  const room = makeRoomForOneTimePreKeys(rotated.store, BATCH);
  const before = new Set(room.store.oneTimePreKeys.map((k) => k.id as number));
  const store = replenishOneTimePreKeys(params, room.store, BATCH);
  const next = { ...record, preKeys: store };
  return {
    record: next,
    consumed: [...pruned.consumed, ...rotated.consumed, ...room.consumed],
    value: { base: encodeBase(next.address, next.identity, store), oneTime: entries(store, (id) => !before.has(id)) },
  };
}
