// The prekey store's pure steps: generation and signatures, rotation with a grace period, pruning
// (SIGNED_PREKEY_GRACE_MS), one-time consumption with a bounded record (MAX_CONSUMED_PREKEY_IDS),
// MAX_ONE_TIME_PREKEYS and the u32 id space. Every failing step leaves its input untouched.
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError, UsageError, type ProtocolErrorCode } from '../errors.ts';
import { generateIdentityKeyPair } from '../identity/keyPair.ts';
import { deviceId, preKeyId, type PreKeyId } from '../ids.ts';
import { MAX_CONSUMED_PREKEY_IDS, MAX_ONE_TIME_PREKEYS, SIGNED_PREKEY_GRACE_MS } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { preKeyBundle, publicPreKeys } from './bundle.ts';
import { verifyKemPreKey } from './kemPreKey.ts';
import { allocatePreKeyIds, MAX_PREKEY_ID } from './preKeyId.ts';
import { createPreKeyStore, prunePreKeys, replenishOneTimePreKeys, rotateSignedPreKeys, type PreKeyStore } from './preKeyStore.ts';
import { findSignedPreKey, takeKemPreKey, takeOneTimePreKey } from './preKeyUse.ts';
import { verifySignedPreKey } from './signedPreKey.ts';

const p = nobleProvider;
const rng = createDrbg('prekey-store');
const identity = generateIdentityKeyPair(p, rng.fork('identity'));
const gen = (nowMs = 0) => ({ provider: p, rng: rng.fork(`gen:${nowMs}`), identity, nowMs });
const base = createPreKeyStore(gen(), { oneTime: 3, kemOneTime: 2 });

function codeOf(f: () => unknown): ProtocolErrorCode | 'no error' | 'other' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : 'other';
  }
}

/** Runs a step that must fail and checks the store it was given is unchanged (clone, then commit). */
function failsUntouched(store: PreKeyStore, step: (s: PreKeyStore) => unknown): ProtocolErrorCode | 'no error' | 'other' {
  const before = structuredClone(store);
  const code = codeOf(() => step(store));
  expect(store).toEqual(before);
  return code;
}

describe('prekey store', () => {
  it('creates unique ids and prekeys signed by the identity', () => {
    const pub = publicPreKeys(base);
    const ids = [pub.signedPreKey.id, pub.kemLastResortPreKey.id, ...pub.oneTimePreKeys.map((k) => k.id), ...pub.kemOneTimePreKeys.map((k) => k.id)];
    expect(new Set(ids).size).toBe(7);
    expect(verifySignedPreKey(p, identity.publicKey, pub.signedPreKey)).toBe(true);
    expect(pub.kemLastResortPreKey.lastResort).toBe(true);
    for (const k of [pub.kemLastResortPreKey, ...pub.kemOneTimePreKeys]) expect(verifyKemPreKey(p, identity.publicKey, k)).toBe(true);
  });

  it('a bundle takes the first one-time keys and can leave out the one-time or KEM key', () => {
    const b = preKeyBundle(base, deviceId('d1'), identity.publicKey);
    expect(b.oneTimePreKey?.id).toBe(base.oneTimePreKeys[0]?.id);
    expect(b.kemPreKey?.id).toBe(base.kemOneTimePreKeys[0]?.id);
    expect(b.kemPreKey?.lastResort).toBe(false);
    const bare = preKeyBundle(base, deviceId('d1'), identity.publicKey, { oneTime: false, kem: false });
    expect(bare.oneTimePreKey).toBeUndefined();
    expect(bare.kemPreKey).toBeUndefined();
    const lastResort = preKeyBundle({ ...base, kemOneTimePreKeys: [] }, deviceId('d1'), identity.publicKey);
    expect(lastResort.kemPreKey?.id).toBe(base.kemLastResortPreKey.id);
  });

  it('taking a one-time prekey removes it, records its id, and a second take is ONE_TIME_PREKEY_REUSED', () => {
    const id = base.oneTimePreKeys[1]?.id as PreKeyId;
    const { store, record } = takeOneTimePreKey(base, id);
    expect(record.id).toBe(id);
    expect(store.oneTimePreKeys.map((k) => k.id)).not.toContain(id);
    expect(store.consumedPreKeyIds).toEqual([id]);
    expect(base.oneTimePreKeys).toHaveLength(3);
    expect(failsUntouched(store, (s) => takeOneTimePreKey(s, id))).toBe('ONE_TIME_PREKEY_REUSED');
    expect(failsUntouched(store, (s) => takeOneTimePreKey(s, preKeyId(99_999)))).toBe('UNKNOWN_PREKEY');
  });

  it('a one-time KEM prekey is spent once; the last-resort KEM prekey stays', () => {
    const id = base.kemOneTimePreKeys[0]?.id as PreKeyId;
    const { store } = takeKemPreKey(base, id);
    expect(failsUntouched(store, (s) => takeKemPreKey(s, id))).toBe('ONE_TIME_PREKEY_REUSED');
    const lr = takeKemPreKey(store, base.kemLastResortPreKey.id);
    expect(lr.store).toBe(store);
    expect(lr.record.lastResort).toBe(true);
  });

  it('rotation keeps the previous signed and last-resort prekeys; the next rotation drops them into consumed', () => {
    const first = rotateSignedPreKeys(gen(1000), base);
    expect(first.consumed).toEqual([]);
    expect(first.store.signedPreKey.id).not.toBe(base.signedPreKey.id);
    expect(findSignedPreKey(first.store, base.signedPreKey.id)).toBe(base.signedPreKey);
    expect(takeKemPreKey(first.store, base.kemLastResortPreKey.id).record).toBe(base.kemLastResortPreKey);
    const second = rotateSignedPreKeys(gen(2000), first.store);
    expect(second.consumed).toEqual([base.signedPreKey.keyPair.secretKey, base.kemLastResortPreKey.keyPair.secretKey]);
    expect(failsUntouched(second.store, (s) => findSignedPreKey(s, base.signedPreKey.id))).toBe('UNKNOWN_PREKEY');
    expect(failsUntouched(second.store, (s) => takeKemPreKey(s, base.kemLastResortPreKey.id))).toBe('UNKNOWN_PREKEY');
  });

  it('SIGNED_PREKEY_GRACE_MS: the retired pair survives exactly the grace period, then is erased', () => {
    const { store } = rotateSignedPreKeys(gen(5000), base);
    const atLimit = prunePreKeys(store, 5000 + SIGNED_PREKEY_GRACE_MS);
    expect(atLimit.store).toBe(store);
    expect(atLimit.consumed).toEqual([]);
    const over = prunePreKeys(store, 5000 + SIGNED_PREKEY_GRACE_MS + 1);
    expect(over.store.previous).toBeUndefined();
    expect(over.consumed).toHaveLength(2);
    expect(store.previous).toBeDefined();
    expect(codeOf(() => findSignedPreKey(over.store, base.signedPreKey.id))).toBe('UNKNOWN_PREKEY');
  });

  it('MAX_ONE_TIME_PREKEYS: a device may hold exactly the limit of each kind, not one more', () => {
    const empty: PreKeyStore = { ...base, oneTimePreKeys: [], kemOneTimePreKeys: [] };
    const full = replenishOneTimePreKeys(gen(), empty, { oneTime: MAX_ONE_TIME_PREKEYS, kemOneTime: 0 });
    expect(full.oneTimePreKeys).toHaveLength(MAX_ONE_TIME_PREKEYS);
    expect(() => replenishOneTimePreKeys(gen(), full, { oneTime: 1, kemOneTime: 0 })).toThrow(UsageError);
    const kemFull = { ...empty, kemOneTimePreKeys: Array.from({ length: MAX_ONE_TIME_PREKEYS }, () => base.kemLastResortPreKey) };
    expect(() => replenishOneTimePreKeys(gen(), kemFull, { oneTime: 0, kemOneTime: 1 })).toThrow(UsageError);
  });

  it('MAX_CONSUMED_PREKEY_IDS: the record stays bounded, dropping the oldest id', () => {
    const fake = Array.from({ length: MAX_CONSUMED_PREKEY_IDS }, (_, i) => preKeyId(1_000_000 + i));
    const atLimit: PreKeyStore = { ...base, consumedPreKeyIds: fake };
    const id = base.oneTimePreKeys[0]?.id as PreKeyId;
    const { store } = takeOneTimePreKey(atLimit, id);
    expect(store.consumedPreKeyIds).toHaveLength(MAX_CONSUMED_PREKEY_IDS);
    expect(store.consumedPreKeyIds.at(-1)).toBe(id);
    expect(store.consumedPreKeyIds).not.toContain(fake[0]);
    // Past the record a reused id is still refused, with the weaker code (its secret is gone).
    expect(codeOf(() => takeOneTimePreKey(store, fake[0] as PreKeyId))).toBe('UNKNOWN_PREKEY');
  });

  it('prekey ids never wrap past the u32 space', () => {
    expect(allocatePreKeyIds(MAX_PREKEY_ID, 1).ids).toEqual([MAX_PREKEY_ID]);
    expect(() => allocatePreKeyIds(MAX_PREKEY_ID, 2)).toThrow(UsageError);
  });
});
