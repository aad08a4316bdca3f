// RSAES-OAEP with SHA-1 and MGF1-SHA-1 and an empty label (RFC 8017 §7.1, §B.2.1), as the shipped
// client used to wrap each room secret. The OAEP seed comes from the caller's Rng, so wrapping is
// deterministic under a seeded Rng; decryption uses the CRT (RFC 8017 §5.1.2, second form).
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes, equalBytes } from '../../bytes.ts';
import { ProtocolError, UsageError } from '../../errors.ts';
import type { Rng } from '../../random/rng.ts';
import { bigIntToBytes, bitLength, bytesToBigInt, modPow } from './bigint.ts';
import type { RsaPrivateKey, RsaPublicKey } from './rsaKey.ts';

const HASH_BYTES = 20;
/** lHash for the empty label L (RFC 8017 §7.1.1 step 2a). */
const EMPTY_LABEL_HASH = sha1(new Uint8Array(0));
/** MGF1 output is at most the size of a 2048-bit block; bounds the counter loop. */
const MAX_MASK_BYTES = 512;

const modulusBytes = (key: RsaPublicKey): number => Math.ceil(bitLength(key.n) / 8);

/** Longest message OAEP can carry under `key`: k - 2hLen - 2 (214 bytes for RSA-2048). */
export function oaepMaxMessageBytes(key: RsaPublicKey): number {
  return modulusBytes(key) - 2 * HASH_BYTES - 2;
}

/** MGF1 over SHA-1 (RFC 8017 §B.2.1). */
function mgf1(seed: Uint8Array, length: number): Uint8Array {
  if (length > MAX_MASK_BYTES) throw new UsageError(`mgf1: mask length ${length} over ${MAX_MASK_BYTES}`);
  const out = new Uint8Array(Math.ceil(length / HASH_BYTES) * HASH_BYTES);
  const counter = new Uint8Array(4);
  for (let i = 0; i * HASH_BYTES < length; i++) {
    new DataView(counter.buffer).setUint32(0, i);
    out.set(sha1(concatBytes(seed, counter)), i * HASH_BYTES);
  }
  return out.subarray(0, length);
}

function xorInto(target: Uint8Array, mask: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) ^ (mask[i] as number);
}

/** RSAES-OAEP-ENCRYPT (RFC 8017 §7.1.1) with the 20-byte seed drawn from `rng`. */
export function oaepEncrypt(rng: Rng, key: RsaPublicKey, message: Uint8Array): Uint8Array {
  const k = modulusBytes(key);
  if (message.length > oaepMaxMessageBytes(key)) throw new UsageError(`oaepEncrypt: message of ${message.length} bytes is too long`);
  const db = new Uint8Array(k - HASH_BYTES - 1);
  db.set(EMPTY_LABEL_HASH, 0);
  db[db.length - message.length - 1] = 0x01;
  db.set(message, db.length - message.length);
  const seed = rng.bytes(HASH_BYTES);
  xorInto(db, mgf1(seed, db.length));
  xorInto(seed, mgf1(db, HASH_BYTES));
  const em = concatBytes(new Uint8Array(1), seed, db);
  return bigIntToBytes(modPow(bytesToBigInt(em), key.e, key.n), k);
}

/** RSADP with the CRT parts (RFC 8017 §5.1.2, case b). */
function rsaDecryptPrimitive(key: RsaPrivateKey, c: bigint): bigint {
  const m1 = modPow(c, key.dp, key.p);
  const m2 = modPow(c, key.dq, key.q);
  const h = (key.qInv * (((m1 - m2) % key.p) + key.p)) % key.p;
  return m2 + h * key.q;
}

/**
 * RSAES-OAEP-DECRYPT (RFC 8017 §7.1.2). Every failure, from a wrong length to bad padding, is the
 * same KEM_BAD_CIPHERTEXT ("decryption error"), and the padding checks are all made before the
 * verdict, so the error says nothing about which check failed (Manger's attack, RFC 8017 §7.1.2 note).
 */
export function oaepDecrypt(key: RsaPrivateKey, ciphertext: Uint8Array): Uint8Array {
  const k = modulusBytes(key);
  const fail = () => new ProtocolError('KEM_BAD_CIPHERTEXT', 'RSA-OAEP decryption error');
  if (ciphertext.length !== k) throw fail();
  const c = bytesToBigInt(ciphertext);
  if (c >= key.n) throw fail();
  const em = bigIntToBytes(rsaDecryptPrimitive(key, c), k);
  const seed = em.slice(1, 1 + HASH_BYTES);
  const db = em.slice(1 + HASH_BYTES);
  xorInto(seed, mgf1(db, HASH_BYTES));
  xorInto(db, mgf1(seed, db.length));
  let good = em[0] === 0 && equalBytes(db.subarray(0, HASH_BYTES), EMPTY_LABEL_HASH);
  let separator = -1;
  for (let i = HASH_BYTES; i < db.length; i++) {
    const byte = db[i] as number;
    if (separator === -1 && byte === 0x01) separator = i;
    else if (separator === -1 && byte !== 0x00) good = false;
  }
  if (!good || separator === -1) throw fail();
  return db.slice(separator + 1);
}
