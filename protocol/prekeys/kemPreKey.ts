// Signed ML-KEM-768 prekeys (PQXDH §2.3 PQSPK / PQOPK): one-time keys erased on first use, and one
// last-resort key reused until rotation. The signature covers label || lastResort || id || public
// key, so the server can't pass a last-resort key off as one-time or swap ids.
import { concatBytes, utf8 } from '../bytes.ts';
import { MLKEM768_SEED_BYTES, type CryptoProvider, type KemKeyPair } from '../crypto/provider.ts';
import type { IdentityKey } from '../identity/identityKey.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import type { PreKeyId } from '../ids.ts';
import type { Rng } from '../random/rng.ts';
import type { KemPreKeyPublic } from '../wire/preKeyBundle.ts';
import { u32Bytes } from './preKeyId.ts';

export interface KemPreKeyRecord {
  readonly id: PreKeyId;
  readonly keyPair: KemKeyPair;
  readonly signature: Uint8Array;
  readonly lastResort: boolean;
  readonly createdAtMs: number;
}

const KEM_PREKEY_LABEL = utf8('sealroom kem prekey ML-KEM-768 v1\0');

export function kemPreKeySignedBytes(id: PreKeyId, lastResort: boolean, publicKey: Uint8Array): Uint8Array {
  return concatBytes(KEM_PREKEY_LABEL, new Uint8Array([lastResort ? 1 : 0]), u32Bytes(id), publicKey);
}

export function generateKemPreKey(provider: CryptoProvider, rng: Rng, identity: IdentityKeyPair, id: PreKeyId, lastResort: boolean, nowMs: number): KemPreKeyRecord {
  const seed = rng.bytes(MLKEM768_SEED_BYTES);
  const keyPair = provider.mlkem768KeyGen(seed);
  seed.fill(0); // the seed regenerates the secret key; nobody else holds it
  const signature = provider.ed25519Sign(identity.signSeed, kemPreKeySignedBytes(id, lastResort, keyPair.publicKey));
  return { id, keyPair, signature, lastResort, createdAtMs: nowMs };
}

export function kemPreKeyPublic(record: KemPreKeyRecord): KemPreKeyPublic {
  return { id: record.id, publicKey: record.keyPair.publicKey.slice(), signature: record.signature.slice(), lastResort: record.lastResort };
}

/** True when `identityKey`'s signing key signed this KEM prekey (with this id and kind). Never throws on peer input. */
export function verifyKemPreKey(provider: CryptoProvider, identityKey: IdentityKey, kpk: KemPreKeyPublic): boolean {
  return provider.ed25519Verify(identityKey.sign, kemPreKeySignedBytes(kpk.id, kpk.lastResort, kpk.publicKey), kpk.signature);
}
