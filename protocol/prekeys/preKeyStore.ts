// A device's private prekeys (X3DH §3.1, PQXDH §3.1) as plain readonly data, with pure steps:
// create, replenish one-time keys, rotate the signed and last-resort keys (the previous pair stays
// for SIGNED_PREKEY_GRACE_MS), prune. Each step returns a new store and the secrets it dropped.
import { UsageError } from '../errors.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import { MAX_ONE_TIME_PREKEYS, SIGNED_PREKEY_GRACE_MS } from '../limits.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import type { PreKeyId } from '../ids.ts';
import type { Rng } from '../random/rng.ts';
import { generateKemPreKey, type KemPreKeyRecord } from './kemPreKey.ts';
import { generateOneTimePreKeys, type OneTimePreKeyRecord } from './oneTimePreKey.ts';
import { allocatePreKeyIds } from './preKeyId.ts';
import { generateSignedPreKey, type SignedPreKeyRecord } from './signedPreKey.ts';
import { dropSetupsOf, type SetupRecord } from './setupRecord.ts';

/** The signed and last-resort KEM prekeys replaced by the latest rotation, kept for late setups. */
export interface RetiredPreKeys {
  readonly signedPreKey: SignedPreKeyRecord;
  readonly kemLastResortPreKey: KemPreKeyRecord;
  readonly retiredAtMs: number;
}

export interface PreKeyStore {
  readonly signedPreKey: SignedPreKeyRecord;
  readonly kemLastResortPreKey: KemPreKeyRecord;
  readonly previous: RetiredPreKeys | undefined;
  readonly oneTimePreKeys: readonly OneTimePreKeyRecord[];
  readonly kemOneTimePreKeys: readonly KemPreKeyRecord[];
  /** Ids of used one-time prekeys (X25519 and KEM), oldest first, at most MAX_CONSUMED_PREKEY_IDS. */
  readonly consumedPreKeyIds: readonly PreKeyId[];
  /** Next id to allocate (one counter for every kind). */
  readonly nextPreKeyId: number;
  /** Setups accepted without a one-time prekey, oldest first, at most MAX_SETUP_RECORDS (setupRecord.ts). */
  readonly usedSetups: readonly SetupRecord[];
}

/** What a step hands back: the new store and the secrets it dropped, for the owner to wipe. */
export interface PreKeyStep {
  readonly store: PreKeyStore;
  readonly consumed: readonly Uint8Array[];
}

export interface PreKeyGenParams {
  readonly provider: CryptoProvider;
  readonly rng: Rng;
  readonly identity: IdentityKeyPair;
  readonly nowMs: number;
}

export interface OneTimeCounts {
  /** X25519 one-time prekeys to add. */
  readonly oneTime: number;
  /** ML-KEM-768 one-time prekeys to add. */
  readonly kemOneTime: number;
}

/** A fresh store; its ids start at `firstId` (a device starting over after a rollback starts past every id it ever used). */
export function createPreKeyStore(params: PreKeyGenParams, counts: OneTimeCounts, firstId = 1): PreKeyStore {
  const { provider, rng, identity, nowMs } = params;
  const { ids, next } = allocatePreKeyIds(firstId, 2);
  const empty: PreKeyStore = {
    signedPreKey: generateSignedPreKey(provider, rng, identity, ids[0] as PreKeyId, nowMs),
    kemLastResortPreKey: generateKemPreKey(provider, rng, identity, ids[1] as PreKeyId, true, nowMs),
    previous: undefined,
    oneTimePreKeys: [],
    kemOneTimePreKeys: [],
    consumedPreKeyIds: [],
    nextPreKeyId: next,
    usedSetups: [],
  };
  return replenishOneTimePreKeys(params, empty, counts);
}

/** Adds one-time prekeys. Holding more than MAX_ONE_TIME_PREKEYS of either kind is a caller bug. */
export function replenishOneTimePreKeys(params: PreKeyGenParams, store: PreKeyStore, counts: OneTimeCounts): PreKeyStore {
  const { provider, rng, identity, nowMs } = params;
  if (store.oneTimePreKeys.length + counts.oneTime > MAX_ONE_TIME_PREKEYS || store.kemOneTimePreKeys.length + counts.kemOneTime > MAX_ONE_TIME_PREKEYS) {
    throw new UsageError(`one-time prekeys: a device holds at most MAX_ONE_TIME_PREKEYS = ${MAX_ONE_TIME_PREKEYS} of each kind`);
  }
  const classic = allocatePreKeyIds(store.nextPreKeyId, counts.oneTime);
  const kem = allocatePreKeyIds(classic.next, counts.kemOneTime);
  return {
    ...store,
    oneTimePreKeys: [...store.oneTimePreKeys, ...generateOneTimePreKeys(provider, rng, classic.ids)],
    kemOneTimePreKeys: [...store.kemOneTimePreKeys, ...kem.ids.map((id) => generateKemPreKey(provider, rng, identity, id, false, nowMs))],
    nextPreKeyId: kem.next,
  };
}

/** New signed and last-resort KEM prekeys; the current pair is retired, the one retired before is dropped. */
export function rotateSignedPreKeys(params: PreKeyGenParams, store: PreKeyStore): PreKeyStep {
  const { provider, rng, identity, nowMs } = params;
  const { ids, next } = allocatePreKeyIds(store.nextPreKeyId, 2);
  const consumed = store.previous === undefined ? [] : retiredSecrets(store.previous);
  return {
    store: {
      ...store,
      signedPreKey: generateSignedPreKey(provider, rng, identity, ids[0] as PreKeyId, nowMs),
      kemLastResortPreKey: generateKemPreKey(provider, rng, identity, ids[1] as PreKeyId, true, nowMs),
      previous: { signedPreKey: store.signedPreKey, kemLastResortPreKey: store.kemLastResortPreKey, retiredAtMs: nowMs },
      nextPreKeyId: next,
      usedSetups: store.previous === undefined ? store.usedSetups : dropSetupsOf(store.usedSetups, store.previous.signedPreKey.id),
    },
    consumed,
  };
}

/** Drops the retired pair once it is older than SIGNED_PREKEY_GRACE_MS (SEC-FS: its secrets go to `consumed`). */
export function prunePreKeys(store: PreKeyStore, nowMs: number): PreKeyStep {
  const prev = store.previous;
  if (prev === undefined || nowMs - prev.retiredAtMs <= SIGNED_PREKEY_GRACE_MS) return { store, consumed: [] };
  return { store: { ...store, previous: undefined, usedSetups: dropSetupsOf(store.usedSetups, prev.signedPreKey.id) }, consumed: retiredSecrets(prev) };
}

function retiredSecrets(prev: RetiredPreKeys): Uint8Array[] {
  return [prev.signedPreKey.keyPair.secretKey, prev.kemLastResortPreKey.keyPair.secretKey];
}

/**
 * Drops the oldest unused one-time prekeys so that `counts` more fit under MAX_ONE_TIME_PREKEYS (a
 * server that hands keys out and never delivers the setups would otherwise fill the store). The
 * oldest are the likeliest to have been handed out already; a setup naming one later is refused
 * UNKNOWN_PREKEY. Returns the store, the dropped secrets and the ids for the server to withdraw.
 */
export function makeRoomForOneTimePreKeys(store: PreKeyStore, counts: OneTimeCounts): PreKeyStep & { readonly withdrawn: readonly PreKeyId[] } {
  const dropClassic = Math.max(0, store.oneTimePreKeys.length + counts.oneTime - MAX_ONE_TIME_PREKEYS);
  const dropKem = Math.max(0, store.kemOneTimePreKeys.length + counts.kemOneTime - MAX_ONE_TIME_PREKEYS);
  if (dropClassic === 0 && dropKem === 0) return { store, consumed: [], withdrawn: [] };
  const classic = store.oneTimePreKeys.slice(0, dropClassic);
  const kem = store.kemOneTimePreKeys.slice(0, dropKem);
  return {
    store: { ...store, oneTimePreKeys: store.oneTimePreKeys.slice(dropClassic), kemOneTimePreKeys: store.kemOneTimePreKeys.slice(dropKem) },
    consumed: [...classic.map((k) => k.keyPair.secretKey), ...kem.map((k) => k.keyPair.secretKey)],
    withdrawn: [...classic.map((k) => k.id), ...kem.map((k) => k.id)],
  };
}
