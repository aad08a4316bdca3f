// RSA-2048 key types and their encodings for the shipped-2014 model (RFC 8017 §3.1–3.2 key
// parts). Public keys arrive from the server's directory, so their decoder is strict and checks
// the key's shape; private keys are the install's own, stored on the phone.
import { ProtocolError } from '../../errors.ts';
import { fixedBytes, struct, u32, versioned, decodeMessage, encodeMessage } from '../../wire/codec.ts';
import { bigIntToBytes, bitLength, bytesToBigInt } from './bigint.ts';

/** The shipped client used RSA-2048 only (docs/weak-variants.md "shipped-2014"). */
export const RSA_MODULUS_BITS = 2048;
export const RSA_MODULUS_BYTES = RSA_MODULUS_BITS / 8;
const PRIME_BYTES = RSA_MODULUS_BYTES / 2;

export interface RsaPublicKey {
  readonly n: bigint;
  readonly e: bigint;
}

/** PKCS #1 private key with its CRT parts (qInv = q^-1 mod p). */
export interface RsaPrivateKey extends RsaPublicKey {
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qInv: bigint;
}

interface PublicKeyWire {
  readonly n: Uint8Array;
  readonly e: number;
}

const PUBLIC_KEY_VERSION = 1;
const publicKeyCodec = versioned(PUBLIC_KEY_VERSION, struct<PublicKeyWire>('Shipped2014PublicKey', { n: fixedBytes('Shipped2014PublicKey.n', RSA_MODULUS_BYTES), e: u32 }));
/** Version byte, modulus, u32 exponent. */
export const PUBLIC_KEY_BYTES = 1 + RSA_MODULUS_BYTES + 4;

interface PrivateKeyWire {
  readonly n: Uint8Array;
  readonly e: number;
  readonly d: Uint8Array;
  readonly p: Uint8Array;
  readonly q: Uint8Array;
  readonly dp: Uint8Array;
  readonly dq: Uint8Array;
  readonly qInv: Uint8Array;
}

const PRIVATE_KEY_VERSION = 1;
const half = (field: string) => fixedBytes(`Shipped2014PrivateKey.${field}`, PRIME_BYTES);
const privateKeyCodec = versioned(
  PRIVATE_KEY_VERSION,
  struct<PrivateKeyWire>('Shipped2014PrivateKey', {
    n: fixedBytes('Shipped2014PrivateKey.n', RSA_MODULUS_BYTES),
    e: u32,
    d: fixedBytes('Shipped2014PrivateKey.d', RSA_MODULUS_BYTES),
    p: half('p'),
    q: half('q'),
    dp: half('dp'),
    dq: half('dq'),
    qInv: half('qInv'),
  }),
);
export const PRIVATE_KEY_BYTES = 1 + 2 * RSA_MODULUS_BYTES + 4 + 5 * PRIME_BYTES;

export function encodeRsaPublicKey(key: RsaPublicKey): Uint8Array {
  return encodeMessage(publicKeyCodec, { n: bigIntToBytes(key.n, RSA_MODULUS_BYTES), e: Number(key.e) }, PUBLIC_KEY_BYTES);
}

/**
 * Decodes a public key served by the directory. Refuses (BAD_PUBLIC_KEY) a modulus that is not
 * exactly 2048 bits or is even, and an exponent that is even or below 3. Nothing here can tell a
 * substituted key from the real one: that is the shipped design's flaw, modelled faithfully.
 */
export function decodeRsaPublicKey(bytes: Uint8Array): RsaPublicKey {
  const wire = decodeMessage(publicKeyCodec, bytes, PUBLIC_KEY_BYTES);
  const n = bytesToBigInt(wire.n);
  const e = BigInt(wire.e);
  if (bitLength(n) !== RSA_MODULUS_BITS || (n & 1n) === 0n) throw new ProtocolError('BAD_PUBLIC_KEY', 'modulus is not an odd 2048-bit integer');
  if (e < 3n || (e & 1n) === 0n) throw new ProtocolError('BAD_PUBLIC_KEY', 'public exponent is not an odd integer >= 3');
  return { n, e };
}

export function encodeRsaPrivateKey(key: RsaPrivateKey): Uint8Array {
  const wide = (x: bigint) => bigIntToBytes(x, RSA_MODULUS_BYTES);
  const narrow = (x: bigint) => bigIntToBytes(x, PRIME_BYTES);
  const wire: PrivateKeyWire = {
    n: wide(key.n),
    e: Number(key.e),
    d: wide(key.d),
    p: narrow(key.p),
    q: narrow(key.q),
    dp: narrow(key.dp),
    dq: narrow(key.dq),
    qInv: narrow(key.qInv),
  };
  return encodeMessage(privateKeyCodec, wire, PRIVATE_KEY_BYTES);
}

/** Decodes the install's stored private key; an inconsistent key is STORE_CORRUPT. */
export function decodeRsaPrivateKey(bytes: Uint8Array): RsaPrivateKey {
  const w = decodeMessage(privateKeyCodec, bytes, PRIVATE_KEY_BYTES);
  const key: RsaPrivateKey = {
    n: bytesToBigInt(w.n),
    e: BigInt(w.e),
    d: bytesToBigInt(w.d),
    p: bytesToBigInt(w.p),
    q: bytesToBigInt(w.q),
    dp: bytesToBigInt(w.dp),
    dq: bytesToBigInt(w.dq),
    qInv: bytesToBigInt(w.qInv),
  };
  if (!isConsistentPrivateKey(key)) throw new ProtocolError('STORE_CORRUPT', 'stored RSA private key is inconsistent');
  return key;
}

/** Cheap structural checks that catch a corrupted or mixed-up private key before it is used. */
function isConsistentPrivateKey(k: RsaPrivateKey): boolean {
  if (k.p < 3n || k.q < 3n || k.p * k.q !== k.n || bitLength(k.n) !== RSA_MODULUS_BITS) return false;
  if (k.e < 3n || k.dp !== k.d % (k.p - 1n) || k.dq !== k.d % (k.q - 1n)) return false;
  if ((k.e * k.dp) % (k.p - 1n) !== 1n || (k.e * k.dq) % (k.q - 1n) !== 1n) return false;
  return (k.qInv * k.q) % k.p === 1n;
}

export function publicPart(key: RsaPrivateKey): RsaPublicKey {
  return { n: key.n, e: key.e };
}
