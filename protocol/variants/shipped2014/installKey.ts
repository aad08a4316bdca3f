// The install's static RSA-2048 key pair of the shipped-2014 model: made once per install, never
// rotated, its public half published to the server's directory (docs/weak-variants.md "shipped-2014").
// Key generation is memoised by the exact seed bytes, because simulations create many installs; the
// memo keeps at most SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES keys, least recently used dropped first.
import { toHex, requireBytes } from '../../bytes.ts';
import { SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES } from '../../limits.ts';
import { createDrbg } from '../../random/drbg.ts';
import type { Rng } from '../../random/rng.ts';
import { decodeRsaPrivateKey, encodeRsaPrivateKey, encodeRsaPublicKey, publicPart } from './rsaKey.ts';
import { lruMemo } from './lruMemo.ts';
import { generateRsaKey } from './rsaKeyGen.ts';

/** Bytes drawn from the caller's Rng per install key; the key is a pure function of them. */
const INSTALL_KEY_SEED_BYTES = 32;
/** Sub-stream label, so the key generator's stream is separate from any other use of the seed. */
const KEYGEN_STREAM_LABEL = 'shipped-2014 rsa-2048 keygen';

export interface InstallKey {
  /** Encoded RSA public key (version, n, e): what the install uploads to the directory. */
  readonly publicKey: Uint8Array;
  /** Encoded RSA private key with CRT parts: what the phone stores (and a seizure reads). */
  readonly privateKey: Uint8Array;
}

/**
 * Memo table of a pure function (seed -> key pair). It holds no protocol state: entries are only
 * ever read back as fresh copies, so a caller that wipes its key cannot corrupt the table.
 */
const cache = lruMemo<InstallKey>(SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES);

/** Draws the seed from `rng`, then derives (or recalls) the key pair. */
export function generateInstallKey(rng: Rng): InstallKey {
  return installKeyFromSeed(rng.bytes(INSTALL_KEY_SEED_BYTES));
}

export function installKeyFromSeed(seed: Uint8Array): InstallKey {
  requireBytes(seed, 'seed', INSTALL_KEY_SEED_BYTES);
  const entry = cache.get(toHex(seed), () => deriveInstallKey(seed));
  return { publicKey: entry.publicKey.slice(), privateKey: entry.privateKey.slice() };
}

/** The uncached derivation (exported for the determinism test). */
export function deriveInstallKey(seed: Uint8Array): InstallKey {
  requireBytes(seed, 'seed', INSTALL_KEY_SEED_BYTES);
  const key = generateRsaKey(createDrbg(seed).fork(KEYGEN_STREAM_LABEL));
  return { publicKey: encodeRsaPublicKey(publicPart(key)), privateKey: encodeRsaPrivateKey(key) };
}

/** The encoded public key that belongs to an encoded private key (e.g. after loading a store). */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return encodeRsaPublicKey(publicPart(decodeRsaPrivateKey(privateKey)));
}
