// Key pair generation from a caller-supplied Rng (docs/conventions.md: randomness is a parameter).
// A device identity (X3DH §2.3) is an X25519 DH pair plus an Ed25519 signing pair.
import type { CryptoProvider } from '../crypto/provider.ts';
import { ED25519_SEED_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import type { Rng } from '../random/rng.ts';
import { signIdentityBinding } from './binding.ts';
import type { IdentityKey } from './identityKey.ts';

export interface X25519KeyPair {
  readonly publicKey: Uint8Array;
  /** 32 random bytes; the provider clamps inside. */
  readonly secretKey: Uint8Array;
}

export interface IdentityKeyPair {
  readonly publicKey: IdentityKey;
  /** X25519 secret of `publicKey.dh`. */
  readonly dhSecretKey: Uint8Array;
  /** Ed25519 seed of `publicKey.sign`. */
  readonly signSeed: Uint8Array;
}

export function generateX25519KeyPair(provider: CryptoProvider, rng: Rng): X25519KeyPair {
  const secretKey = rng.bytes(X25519_KEY_BYTES);
  return { publicKey: provider.x25519PublicKey(secretKey), secretKey };
}

export function generateIdentityKeyPair(provider: CryptoProvider, rng: Rng): IdentityKeyPair {
  const dh = generateX25519KeyPair(provider, rng);
  const signSeed = rng.bytes(ED25519_SEED_BYTES);
  return {
    publicKey: { dh: dh.publicKey, sign: provider.ed25519PublicKey(signSeed), binding: signIdentityBinding(provider, signSeed, dh.publicKey) },
    dhSecretKey: dh.secretKey,
    signSeed,
  };
}

/** A deep copy, so a consumer that wipes its copy cannot wipe the owner's (and vice versa). */
export function copyX25519KeyPair(pair: X25519KeyPair): X25519KeyPair {
  return { publicKey: pair.publicKey.slice(), secretKey: pair.secretKey.slice() };
}
