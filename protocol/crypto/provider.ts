// The crypto core's contract. Two implementations must agree bit for bit: `noble` (pure TS, the
// default and the reference) and `native` (node:crypto, with noble only where Node 20 has nothing).
// Every key is made from caller-supplied randomness, so both providers are deterministic.
// Peer-supplied values (public keys, signatures, ciphertexts) that fail are refused with a
// ProtocolError; wrong-length arguments from the caller are UsageErrors.

export type ProviderName = 'noble' | 'native';

export interface KemKeyPair {
  /** ML-KEM-768 encapsulation key, 1184 bytes. */
  readonly publicKey: Uint8Array;
  /** ML-KEM-768 decapsulation key, 2400 bytes. */
  readonly secretKey: Uint8Array;
}

interface KemEncapsulation {
  /** 1088 bytes. */
  readonly ciphertext: Uint8Array;
  /** 32 bytes. */
  readonly sharedSecret: Uint8Array;
}

/** AEAD with a 16-byte tag appended to the ciphertext (`seal` returns ct || tag). */
export interface Aead {
  readonly keyLength: number;
  readonly nonceLength: number;
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Throws ProtocolError('AEAD_TAG_MISMATCH') on any forgery or truncation; never returns unauthenticated bytes. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Whether `open` would succeed; returns no plaintext and throws nothing on a mismatch (argument misuse is still a UsageError). */
  authenticates(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): boolean;
}

export interface CryptoProvider {
  readonly name: ProviderName;

  // X25519 (RFC 7748). Secrets are 32 random bytes, clamped inside.
  x25519PublicKey(secretKey: Uint8Array): Uint8Array;
  /** Throws ProtocolError('BAD_PUBLIC_KEY') for low-order points (all-zero shared secret). */
  x25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /**
   * x25519(secretKey, k) for each k, in order, with the secret prepared once (node:crypto imports a
   * secret key at about the cost of a DH). The first low-order key throws as x25519 does, and no
   * result escapes. A key equal to X25519_BASE_POINT yields the public key (RFC 7748 §6.1).
   */
  x25519Each(secretKey: Uint8Array, publicKeys: readonly Uint8Array[]): Uint8Array[];

  // Ed25519 (RFC 8032), strict verification: non-canonical encodings and S >= L are refused.
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  /** Returns false for any invalid signature or malformed public key; never throws on peer input. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;

  // Hashes and MACs.
  sha256(data: Uint8Array): Uint8Array;
  sha512(data: Uint8Array): Uint8Array;
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** RFC 5869. `salt` empty means HashLen zero bytes. `length` <= 255 * 32, else UsageError. */
  hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;

  // AEADs: 32-byte keys, 16-byte tags.
  readonly chacha20poly1305: Aead; // 12-byte nonce (RFC 8439)
  readonly xchacha20poly1305: Aead; // 24-byte nonce
  readonly aes256gcm: Aead; // 12-byte nonce

  // ML-KEM-768 (FIPS 203).
  /** `seed` is d || z, 64 bytes. */
  mlkem768KeyGen(seed: Uint8Array): KemKeyPair;
  /** `randomness` is m, 32 bytes. Throws ProtocolError('KEM_BAD_PUBLIC_KEY') if the key fails the FIPS 203 modulus check. */
  mlkem768Encapsulate(publicKey: Uint8Array, randomness: Uint8Array): KemEncapsulation;
  /** Implicit rejection per FIPS 203: a wrong ciphertext yields a pseudo-random secret, not an error. Wrong length: ProtocolError('KEM_BAD_CIPHERTEXT'). */
  mlkem768Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

export const X25519_KEY_BYTES = 32;
/** RFC 7748 §6.1: a public key is X25519(secret, 9); the base point's u-coordinate is 9. */
export const X25519_BASE_POINT: Uint8Array = Uint8Array.of(9, ...new Uint8Array(31));
export const ED25519_SEED_BYTES = 32;
export const ED25519_PUBLIC_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
export const AEAD_KEY_BYTES = 32;
export const AEAD_TAG_BYTES = 16;
export const MLKEM768_PUBLIC_BYTES = 1184;
export const MLKEM768_SECRET_BYTES = 2400;
export const MLKEM768_CIPHERTEXT_BYTES = 1088;
export const MLKEM768_SEED_BYTES = 64;
export const MLKEM768_ENCAPS_RANDOM_BYTES = 32;
export const SHARED_SECRET_BYTES = 32;
