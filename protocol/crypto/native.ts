// The node:crypto provider (provider.ts contract): X25519 (RFC 7748), Ed25519 (RFC 8032), SHA-2,
// HMAC, HKDF (RFC 5869), ChaCha20-Poly1305 (RFC 8439) and AES-256-GCM run in OpenSSL; ML-KEM-768 and
// XChaCha20-Poly1305, which Node 20 lacks, come from noble. Must agree bit for bit with noble.ts.
//
// Keys are imported from caller-supplied bytes as JWK (RFC 8037 OKP keys), never made with
// generateKeyPairSync: on Node 20.20.2 a generateKeyPairSync('x25519') + JWK-export loop has
// deadlocked the process. The X25519 public key of an imported secret is read from its public half
// as JWK `x` (150,000 import-and-export rounds ran clean on Node 20.20.2); a private key is never
// exported, so no second copy of a secret is made. JWK import rather than PKCS8/SPKI DER
// because OpenSSL 3's DER decoders cost about 1.3 ms per private key against 0.2 ms for JWK (measured
// on Node 20.20.2), which would make native slower than noble. For a private OKP JWK, Node reads only
// `d` and derives the public key itself (lib/internal/crypto/keys.js: `x` must merely be a string), so
// `x` is passed empty; a Node that checked `x` against `d` would throw, failing every test loudly.
// Key-object cache policy:
// - public keys (peer identity and ratchet keys) are cached in a small bounded LRU keyed by their
//   bytes: they are public, re-used across many verifications, and importing costs a parse;
// - secret keys are NEVER cached: a cached KeyObject would be a copy of the secret outside the state
//   its owner wipes, so spent keys would outlive their erasure (SEC-FS, SEC-EVAPORATE). Each call
//   imports, uses and drops the secret; x25519Each serves several DHs with one secret from one
//   import, since importing costs about as much as the DH itself. (The transient KeyObject and the base64url string that carried
//   the secret cannot be wiped from JavaScript; they live until garbage collection, as noble's
//   internal bigints do.)
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { concatBytes, equalBytes, requireBytes, wipe } from '../bytes.ts';
import { assert, ProtocolError } from '../errors.ts';
import { chacha20poly1305Authenticates } from './chachaTag.ts';
import { checkAeadArgs, checkHkdfLength, ed25519InputsAreStrict, isAllZero, opensByDecrypting, type TagCheck } from './checks.ts';
import { nobleProvider } from './noble.ts';
import { AEAD_KEY_BYTES, AEAD_TAG_BYTES, ED25519_SEED_BYTES, X25519_BASE_POINT, X25519_KEY_BYTES, type Aead, type CryptoProvider } from './provider.ts';

/** Public key objects kept for re-use. Enough for every contact and group member a device talks to at once (MAX_GROUP_MEMBERS is 1,024) without letting a flood of fresh keys grow memory. */
export const PUBLIC_KEY_CACHE_ENTRIES = 2_048;

const SHA256_BYTES = 32;

type OkpCurve = 'X25519' | 'Ed25519';

const base64url = (raw: Uint8Array): string => Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64url');

const publicKeyCache = new Map<string, KeyObject>();

/** How many public key objects are cached now (diagnostics and tests; never above PUBLIC_KEY_CACHE_ENTRIES). */
export function nativePublicKeyCacheSize(): number {
  return publicKeyCache.size;
}

/** Imports a 32-byte public key; a bounded LRU keyed by curve and bytes (the bytes are copied into the key). */
function importPublicKey(crv: OkpCurve, raw: Uint8Array): KeyObject {
  const x = base64url(raw);
  const id = `${crv}:${x}`;
  const hit = publicKeyCache.get(id);
  if (hit !== undefined) {
    publicKeyCache.delete(id); // re-insert: Map order is recency order
    publicKeyCache.set(id, hit);
    return hit;
  }
  const key = createPublicKey({ key: { kty: 'OKP', crv, x }, format: 'jwk' });
  if (publicKeyCache.size >= PUBLIC_KEY_CACHE_ENTRIES) {
    const oldest = publicKeyCache.keys().next();
    if (oldest.done !== true) publicKeyCache.delete(oldest.value);
  }
  publicKeyCache.set(id, key);
  return key;
}

/** Imports a 32-byte secret; not cached (see the file header). */
function importSecretKey(crv: OkpCurve, raw: Uint8Array): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv, d: base64url(raw), x: '' }, format: 'jwk' });
}

/** Copies a Node Buffer into a fresh Uint8Array (never a view of Node's shared pool), then wipes it. */
function detach(buf: Buffer): Uint8Array {
  const out = new Uint8Array(buf);
  buf.fill(0);
  return out;
}

/** The raw Ed25519 public key: the last 32 bytes of the DER SubjectPublicKeyInfo (RFC 8410). */
function ed25519RawPublicKey(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

type NodeAeadCipher = 'chacha20-poly1305' | 'aes-256-gcm';
const TAG_OPTIONS = { authTagLength: AEAD_TAG_BYTES } as const;

// One call per cipher name: @types/node overloads createCipheriv by literal name, not by a union.
function encryptor(cipher: NodeAeadCipher, key: Uint8Array, nonce: Uint8Array) {
  return cipher === 'aes-256-gcm' ? createCipheriv(cipher, key, nonce, TAG_OPTIONS) : createCipheriv(cipher, key, nonce, TAG_OPTIONS);
}
function decryptor(cipher: NodeAeadCipher, key: Uint8Array, nonce: Uint8Array) {
  return cipher === 'aes-256-gcm' ? createDecipheriv(cipher, key, nonce, TAG_OPTIONS) : createDecipheriv(cipher, key, nonce, TAG_OPTIONS);
}

function nativeAead(name: string, cipher: NodeAeadCipher, nonceLength: number, tagCheck?: TagCheck): Aead {
  return {
    keyLength: AEAD_KEY_BYTES,
    nonceLength,
    seal(key, nonce, plaintext, aad) {
      checkAeadArgs(name, key, nonce, nonceLength, plaintext, aad);
      const c = encryptor(cipher, key, nonce);
      c.setAAD(aad, { plaintextLength: plaintext.length });
      const body = c.update(plaintext);
      const tail = c.final();
      const out = concatBytes(body, tail, c.getAuthTag());
      wipe(body, tail);
      return out;
    },
    open(key, nonce, sealed, aad) {
      checkAeadArgs(name, key, nonce, nonceLength, sealed, aad);
      if (sealed.length < AEAD_TAG_BYTES) throw new ProtocolError('AEAD_TAG_MISMATCH', `${name}: sealed input shorter than the tag`);
      const split = sealed.length - AEAD_TAG_BYTES;
      const d = decryptor(cipher, key, nonce);
      d.setAuthTag(sealed.subarray(split));
      d.setAAD(aad, { plaintextLength: split });
      const body = d.update(sealed.subarray(0, split));
      try {
        d.final(); // throws on a tag mismatch; only then may `body` be released
      } catch {
        wipe(body);
        throw new ProtocolError('AEAD_TAG_MISMATCH', `${name}: authentication failed`);
      }
      return detach(body);
    },
    authenticates(key, nonce, sealed, aad) {
      checkAeadArgs(name, key, nonce, nonceLength, sealed, aad);
      return tagCheck === undefined ? opensByDecrypting(this, key, nonce, sealed, aad) : tagCheck(key, nonce, sealed, aad);
    },
  };
}

/**
 * RFC 5869 with HMAC-SHA256 from node:crypto. Not hkdfSync: it wraps the input key in a KeyObject and
 * runs a crypto job, about 1.6× the cost of these two or three HMACs for the 64- and 80-byte outputs
 * of the ratchet (measured on Node 20.20.2), and it refuses an `info` over 1,024 bytes.
 */
function hkdfByHmac(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const prk = createHmac('sha256', salt.length === 0 ? new Uint8Array(SHA256_BYTES) : salt)
    .update(ikm)
    .digest();
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    const block = createHmac('sha256', prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
    out.set(block.subarray(0, Math.min(SHA256_BYTES, length - at)), at);
    at += SHA256_BYTES;
    wipe(previous);
    previous = block;
  }
  wipe(prk, previous);
  return out;
}

/** The X25519 public key of an imported secret: OpenSSL derived it on import; JWK `x` of the public half. */
function x25519PublicOf(privateKey: KeyObject): Uint8Array {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  const out = typeof x === 'string' ? new Uint8Array(Buffer.from(x, 'base64url')) : new Uint8Array(0);
  assert(out.length === X25519_KEY_BYTES, 'an X25519 public key exports as 32 bytes');
  return out;
}

/** X25519 in OpenSSL; an all-zero result (a low-order peer point) is BAD_PUBLIC_KEY, as in noble. */
function nativeX25519(privateKey: KeyObject, publicKey: Uint8Array): Uint8Array {
  if (equalBytes(publicKey, X25519_BASE_POINT)) return x25519PublicOf(privateKey);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey: importPublicKey('X25519', publicKey) });
  } catch {
    // OpenSSL refuses an all-zero result (RFC 7748 §6.1), which a low-order point always gives.
    throw new ProtocolError('BAD_PUBLIC_KEY', 'x25519: low-order public key');
  }
  const out = detach(shared);
  if (isAllZero(out)) throw new ProtocolError('BAD_PUBLIC_KEY', 'x25519: low-order public key');
  return out;
}

/** One import of the secret for every public key; on a refusal the results so far are wiped. */
function nativeX25519Each(secretKey: Uint8Array, publicKeys: readonly Uint8Array[]): Uint8Array[] {
  const privateKey = importSecretKey('X25519', secretKey);
  const out: Uint8Array[] = [];
  try {
    for (const publicKey of publicKeys) out.push(nativeX25519(privateKey, publicKey));
  } catch (e) {
    wipe(...out);
    throw e;
  }
  return out;
}

export const nativeProvider: CryptoProvider = {
  name: 'native',

  x25519PublicKey(secretKey) {
    requireBytes(secretKey, 'x25519 secretKey', X25519_KEY_BYTES);
    return x25519PublicOf(importSecretKey('X25519', secretKey));
  },
  x25519(secretKey, publicKey) {
    requireBytes(secretKey, 'x25519 secretKey', X25519_KEY_BYTES);
    requireBytes(publicKey, 'x25519 publicKey', X25519_KEY_BYTES);
    return nativeX25519(importSecretKey('X25519', secretKey), publicKey);
  },
  x25519Each(secretKey, publicKeys) {
    requireBytes(secretKey, 'x25519 secretKey', X25519_KEY_BYTES);
    publicKeys.forEach((k, i) => requireBytes(k, `x25519 publicKeys[${i}]`, X25519_KEY_BYTES));
    return nativeX25519Each(secretKey, publicKeys);
  },

  ed25519PublicKey(seed) {
    requireBytes(seed, 'ed25519 seed', ED25519_SEED_BYTES);
    return ed25519RawPublicKey(importSecretKey('Ed25519', seed));
  },
  ed25519Sign(seed, message) {
    requireBytes(seed, 'ed25519 seed', ED25519_SEED_BYTES);
    requireBytes(message, 'ed25519 message');
    return new Uint8Array(nodeSign(null, message, importSecretKey('Ed25519', seed)));
  },
  ed25519Verify(publicKey, message, signature) {
    requireBytes(publicKey, 'ed25519 publicKey');
    requireBytes(message, 'ed25519 message');
    requireBytes(signature, 'ed25519 signature');
    // Shared strict pre-check (checks.ts): canonical A and R, A not of small order, S < L.
    if (!ed25519InputsAreStrict(publicKey, signature)) return false;
    let accepted: boolean;
    try {
      accepted = nodeVerify(null, message, importPublicKey('Ed25519', publicKey), signature);
    } catch {
      accepted = false;
    }
    if (accepted) return true;
    // OpenSSL checks the cofactorless equation [S]B = R + [k]A; noble the cofactored one
    // [8][S]B = [8]R + [8][k]A. After the pre-check, cofactorless acceptance implies cofactored
    // acceptance, but not the reverse: when A or R carries a torsion component (a mixed-order key or
    // nonce, only ever built on purpose) the cofactored check can pass where OpenSSL's fails. Node
    // cannot tell those inputs apart cheaply, so a refusal is settled by the reference rule. Honest
    // traffic never takes this path; a forger pays noble's cost, which is the default provider's cost.
    return nobleProvider.ed25519Verify(publicKey, message, signature);
  },

  sha256: (data) => detach(createHash('sha256').update(requireBytes(data, 'sha256 data')).digest()),
  sha512: (data) => detach(createHash('sha512').update(requireBytes(data, 'sha512 data')).digest()),
  hmacSha256: (key, data) => detach(createHmac('sha256', requireBytes(key, 'hmac key')).update(requireBytes(data, 'hmac data')).digest()),
  hkdfSha256(ikm, salt, info, length) {
    requireBytes(ikm, 'hkdf ikm');
    requireBytes(salt, 'hkdf salt');
    requireBytes(info, 'hkdf info');
    checkHkdfLength(length);
    if (length === 0) return new Uint8Array(0);
    return hkdfByHmac(ikm, salt, info, length);
  },

  // The tag check alone runs faster in TypeScript than a failing OpenSSL decipher (chachaTag.ts).
  chacha20poly1305: nativeAead('chacha20poly1305', 'chacha20-poly1305', 12, chacha20poly1305Authenticates),
  // Node 20's OpenSSL has no XChaCha20 and no ML-KEM: these two come from the reference provider.
  xchacha20poly1305: nobleProvider.xchacha20poly1305,
  aes256gcm: nativeAead('aes256gcm', 'aes-256-gcm', 12),

  mlkem768KeyGen: (seed) => nobleProvider.mlkem768KeyGen(seed),
  mlkem768Encapsulate: (publicKey, randomness) => nobleProvider.mlkem768Encapsulate(publicKey, randomness),
  mlkem768Decapsulate: (ciphertext, secretKey) => nobleProvider.mlkem768Decapsulate(ciphertext, secretKey),
};
