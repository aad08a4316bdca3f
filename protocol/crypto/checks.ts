// Input checks shared by every provider, so that both refuse exactly the same inputs
// (provider.ts contract; RFC 8032 §5.1.3/§5.1.7 for Ed25519, FIPS 203 §7.2/§7.3 for ML-KEM).
import { sha3_256 } from '@noble/hashes/sha3.js';
import { equalBytes, fromHex, requireBytes } from '../bytes.ts';
import { isProtocolError, UsageError } from '../errors.ts';
import { AEAD_KEY_BYTES, MLKEM768_PUBLIC_BYTES, MLKEM768_SECRET_BYTES, type Aead } from './provider.ts';

export function isAllZero(b: Uint8Array): boolean {
  let acc = 0;
  for (const x of b) acc |= x;
  return acc === 0;
}

export function checkAeadArgs(name: string, key: Uint8Array, nonce: Uint8Array, nonceLength: number, data: Uint8Array, aad: Uint8Array): void {
  requireBytes(key, `${name} key`);
  if (key.length !== AEAD_KEY_BYTES) throw new UsageError(`${name} key: expected ${AEAD_KEY_BYTES} bytes, got ${key.length}`);
  requireBytes(nonce, `${name} nonce`);
  if (nonce.length !== nonceLength) throw new UsageError(`${name} nonce: expected ${nonceLength} bytes, got ${nonce.length}`);
  requireBytes(data, `${name} data`);
  requireBytes(aad, `${name} aad`);
}

/** An Aead.authenticates implementation (arguments already checked). */
export type TagCheck = (key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array) => boolean;

/** Aead.authenticates for an AEAD with no tag check of its own: open, wipe the plaintext, answer. */
export function opensByDecrypting(aead: Aead, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): boolean {
  try {
    aead.open(key, nonce, sealed, aad).fill(0);
    return true;
  } catch (e) {
    if (isProtocolError(e, 'AEAD_TAG_MISMATCH')) return false;
    throw e;
  }
}

const MLKEM_Q = 3329;

/**
 * FIPS 203 §7.2 encapsulation-key check: every 12-bit coefficient of the encoded t̂ vector is < q.
 * (ByteEncode12(ByteDecode12(ek)) == ek holds exactly when no coefficient overflows the modulus.)
 */
export function mlkemPublicKeyIsCanonical(publicKey: Uint8Array): boolean {
  if (publicKey.length !== MLKEM768_PUBLIC_BYTES) return false;
  const polyBytes = MLKEM768_PUBLIC_BYTES - 32; // t̂ || rho; rho is 32 bytes
  for (let i = 0; i < polyBytes; i += 3) {
    const b0 = publicKey[i] as number;
    const b1 = publicKey[i + 1] as number;
    const b2 = publicKey[i + 2] as number;
    const c0 = b0 | ((b1 & 0x0f) << 8);
    const c1 = (b1 >> 4) | (b2 << 4);
    if (c0 >= MLKEM_Q || c1 >= MLKEM_Q) return false;
  }
  return true;
}

/** FIPS 203 §7.3 decapsulation-key hash check: dk = dk_PKE || ek || H(ek) || z with H = SHA3-256. */
export function checkMlkemSecretKey(secretKey: Uint8Array): void {
  requireBytes(secretKey, 'mlkem secretKey', MLKEM768_SECRET_BYTES);
  const ekStart = MLKEM768_SECRET_BYTES - MLKEM768_PUBLIC_BYTES - 64;
  const hashStart = ekStart + MLKEM768_PUBLIC_BYTES;
  const expected = sha3_256(secretKey.subarray(ekStart, hashStart));
  // The decapsulation key is the caller's own secret, never peer input: a mismatch is a caller bug
  // (or storage corruption the store layer should have caught), so it is a UsageError.
  if (!equalBytes(expected, secretKey.subarray(hashStart, hashStart + 32))) {
    throw new UsageError('mlkem secretKey: embedded encapsulation key does not match its hash (FIPS 203 §7.3)');
  }
}

// ---- Ed25519 encodings (RFC 8032 §5.1.3) -------------------------------------------------------
// Strict verification refuses what RFC 8032 decoding refuses (y >= p, x = 0 with the sign bit set)
// and, like noble with zip215: false, public keys of small order. These checks run in front of every
// provider's verify so that OpenSSL and noble see only inputs on which their rules coincide.

const ED25519_P = 2n ** 255n - 19n;
/** Order of the prime-order subgroup: a canonical S is < L (RFC 8032 §5.1.7). */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
  return v;
}

/** True if the 32 bytes are a canonical point encoding: y < p, and not x = 0 with the sign bit set. */
export function ed25519EncodingIsCanonical(point: Uint8Array): boolean {
  if (point.length !== 32) return false;
  const sign = ((point[31] as number) & 0x80) !== 0;
  const y = littleEndian(point) & ((1n << 255n) - 1n);
  if (y >= ED25519_P) return false;
  // x = 0 exactly when y = ±1; then the sign bit must be 0.
  if (sign && (y === 1n || y === ED25519_P - 1n)) return false;
  return true;
}

/**
 * Canonical encodings of the eight points of small order (the torsion subgroup E[8]): the identity,
 * (0, -1), the two points of order 4 (y = 0) and the four of order 8. Checked against noble's
 * Point.isSmallOrder() in ed25519.test.ts.
 */
const ED25519_SMALL_ORDER_HEX = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
] as const;
export const ED25519_SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = ED25519_SMALL_ORDER_HEX.map((h) => fromHex(h));

/** True if a canonical encoding names one of the eight small-order points. */
function ed25519IsSmallOrderEncoding(point: Uint8Array): boolean {
  let hit = false;
  for (const s of ED25519_SMALL_ORDER_ENCODINGS) hit = equalBytes(s, point) || hit;
  return hit;
}

/** True if the signature's S half (bytes 32..63, little-endian) is < L. */
function ed25519ScalarIsCanonical(signature: Uint8Array): boolean {
  return signature.length === 64 && littleEndian(signature.subarray(32, 64)) < ED25519_L;
}

/**
 * The shared strict pre-check for Ed25519 verification. Returns false for any input that every
 * provider must refuse before the verification equation is looked at.
 */
export function ed25519InputsAreStrict(publicKey: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  if (!ed25519EncodingIsCanonical(publicKey) || ed25519IsSmallOrderEncoding(publicKey)) return false;
  if (!ed25519EncodingIsCanonical(signature.subarray(0, 32))) return false;
  return ed25519ScalarIsCanonical(signature);
}

/** RFC 5869 §2.3: L <= 255 * HashLen. Shared so both providers refuse the same lengths. */
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

export function checkHkdfLength(length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > HKDF_SHA256_MAX_LENGTH) {
    throw new UsageError(`hkdf length: must be an integer in 0..${HKDF_SHA256_MAX_LENGTH}, got ${length}`);
  }
}
