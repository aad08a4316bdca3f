// How the responder finds and spends its prekeys for an incoming setup message (X3DH §3.4,
// PQXDH §3.4): signed and last-resort keys are looked up (current, then retired); one-time keys are
// removed and their ids recorded, so a second use is refused as ONE_TIME_PREKEY_REUSED.
import { ProtocolError } from '../errors.ts';
import type { PreKeyId } from '../ids.ts';
import { MAX_CONSUMED_PREKEY_IDS } from '../limits.ts';
import type { KemPreKeyRecord } from './kemPreKey.ts';
import type { OneTimePreKeyRecord } from './oneTimePreKey.ts';
import type { PreKeyStore } from './preKeyStore.ts';
import type { SignedPreKeyRecord } from './signedPreKey.ts';

/** The current or the retired signed prekey with this id; UNKNOWN_PREKEY otherwise. */
export function findSignedPreKey(store: PreKeyStore, id: PreKeyId): SignedPreKeyRecord {
  if (store.signedPreKey.id === id) return store.signedPreKey;
  if (store.previous?.signedPreKey.id === id) return store.previous.signedPreKey;
  throw new ProtocolError('UNKNOWN_PREKEY', `no signed prekey with id ${id}`);
}

export interface Taken<R> {
  readonly store: PreKeyStore;
  readonly record: R;
}

/**
 * Removes a one-time prekey and records its id. Reuse of a recorded id: ONE_TIME_PREKEY_REUSED.
 * `erase` false (weak variant keep-used-prekeys) records the id but leaves the secret in the store.
 */
export function takeOneTimePreKey(store: PreKeyStore, id: PreKeyId, erase = true): Taken<OneTimePreKeyRecord> {
  const at = store.oneTimePreKeys.findIndex((k) => k.id === id);
  if (at < 0 || store.consumedPreKeyIds.includes(id)) throw missing(store, id, 'one-time prekey');
  const record = store.oneTimePreKeys[at] as OneTimePreKeyRecord;
  const oneTimePreKeys = erase ? store.oneTimePreKeys.filter((_, i) => i !== at) : store.oneTimePreKeys;
  return { store: { ...store, oneTimePreKeys, consumedPreKeyIds: recordConsumed(store, id) }, record };
}

/** A one-time KEM prekey is removed (unless `erase` is false) and recorded; the current or retired last-resort key stays. */
export function takeKemPreKey(store: PreKeyStore, id: PreKeyId, erase = true): Taken<KemPreKeyRecord> {
  if (store.kemLastResortPreKey.id === id) return { store, record: store.kemLastResortPreKey };
  if (store.previous?.kemLastResortPreKey.id === id) return { store, record: store.previous.kemLastResortPreKey };
  const at = store.kemOneTimePreKeys.findIndex((k) => k.id === id);
  if (at < 0 || store.consumedPreKeyIds.includes(id)) throw missing(store, id, 'KEM prekey');
  const record = store.kemOneTimePreKeys[at] as KemPreKeyRecord;
  const kemOneTimePreKeys = erase ? store.kemOneTimePreKeys.filter((_, i) => i !== at) : store.kemOneTimePreKeys;
  return { store: { ...store, kemOneTimePreKeys, consumedPreKeyIds: recordConsumed(store, id) }, record };
}

function missing(store: PreKeyStore, id: PreKeyId, what: string): ProtocolError {
  if (store.consumedPreKeyIds.includes(id)) return new ProtocolError('ONE_TIME_PREKEY_REUSED', `${what} ${id} was already used`);
  return new ProtocolError('UNKNOWN_PREKEY', `no ${what} with id ${id}`);
}

/** Appends `id`, dropping the oldest beyond MAX_CONSUMED_PREKEY_IDS (bounded; see the limit's reason). */
function recordConsumed(store: PreKeyStore, id: PreKeyId): readonly PreKeyId[] {
  const ids = [...store.consumedPreKeyIds, id];
  return ids.length > MAX_CONSUMED_PREKEY_IDS ? ids.slice(ids.length - MAX_CONSUMED_PREKEY_IDS) : ids;
}
