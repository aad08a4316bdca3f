// Signed prekey (X3DH §2.3 SPK): a medium-term X25519 key signed by the identity's Ed25519 key.
// The signature covers a domain-separated encoding of id || public key, so it can't be replayed as
// a signature over any other sealroom object (the KEM prekey uses a different label).
import { concatBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { generateX25519KeyPair, type IdentityKeyPair, type X25519KeyPair } from '../identity/keyPair.ts';
import type { IdentityKey } from '../identity/identityKey.ts';
import type { PreKeyId } from '../ids.ts';
import type { Rng } from '../random/rng.ts';
import type { SignedPreKeyPublic } from '../wire/preKeyBundle.ts';
import { u32Bytes } from './preKeyId.ts';

export interface SignedPreKeyRecord {
  readonly id: PreKeyId;
  readonly keyPair: X25519KeyPair;
  readonly signature: Uint8Array;
  readonly createdAtMs: number;
}

const SIGNED_PREKEY_LABEL = utf8('sealroom signed prekey v1\0');

/** The bytes the identity signs: label || u32 id || 32-byte public key. */
export function signedPreKeySignedBytes(id: PreKeyId, publicKey: Uint8Array): Uint8Array {
  return concatBytes(SIGNED_PREKEY_LABEL, u32Bytes(id), publicKey);
}

export function generateSignedPreKey(provider: CryptoProvider, rng: Rng, identity: IdentityKeyPair, id: PreKeyId, nowMs: number): SignedPreKeyRecord {
  const keyPair = generateX25519KeyPair(provider, rng);
  const signature = provider.ed25519Sign(identity.signSeed, signedPreKeySignedBytes(id, keyPair.publicKey));
  return { id, keyPair, signature, createdAtMs: nowMs };
}

export function signedPreKeyPublic(record: SignedPreKeyRecord): SignedPreKeyPublic {
  return { id: record.id, publicKey: record.keyPair.publicKey.slice(), signature: record.signature.slice() };
}

/** True when `identityKey`'s signing key signed this prekey. Never throws on peer input. */
export function verifySignedPreKey(provider: CryptoProvider, identityKey: IdentityKey, spk: SignedPreKeyPublic): boolean {
  return provider.ed25519Verify(identityKey.sign, signedPreKeySignedBytes(spk.id, spk.publicKey), spk.signature);
}
