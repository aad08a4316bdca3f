// Differential properties (provider.ts contract): for random keys, messages and mutations, the native
// provider gives the same bytes as noble and the same accept/refuse decision with the same error code.
// Any exception other than ProtocolError/UsageError fails the property (an unwrapped library error).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes, toHex } from '../bytes.ts';
import { ProtocolError, UsageError } from '../errors.ts';
import { nativeProvider as native } from './native.ts';
import { nobleProvider as noble } from './noble.ts';
import type { Aead, CryptoProvider } from './provider.ts';

type Decision = { readonly ok: string } | { readonly refused: string };

function decide(fn: () => Uint8Array | boolean): Decision {
  try {
    const r = fn();
    return { ok: typeof r === 'boolean' ? String(r) : toHex(r) };
  } catch (e) {
    if (e instanceof ProtocolError) return { refused: e.code };
    if (e instanceof UsageError) return { refused: 'UsageError' };
    throw e;
  }
}

/** Runs one operation on both providers and demands identical decisions; returns noble's. */
function same(op: (p: CryptoProvider) => Uint8Array | boolean): Decision {
  const reference = decide(() => op(noble));
  expect(decide(() => op(native))).toEqual(reference);
  return reference;
}

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const b32 = bytes(32, 32);

/** Flips one bit of `b` at a position chosen by `at` (any natural number). */
function flipBit(b: Uint8Array, at: number): Uint8Array {
  const out = Uint8Array.from(b);
  if (out.length === 0) return out;
  const i = at % (out.length * 8);
  out[i >> 3] = (out[i >> 3] as number) ^ (1 << (i & 7));
  return out;
}

// X25519 low-order u-coordinates (RFC 7748 §6.1 "check for all-zero"): 0, 1, the two of order 8,
// p - 1, and the non-canonical p and p + 1, each also with bit 255 set (which decoding masks).
const P = 2n ** 255n - 19n;
const LOW_ORDER_U = [
  0n,
  1n,
  BigInt('0x00b8495f16056286fdb1329ceb8d09da6ac49ff1fae35616aeb8413b7c7aebe0'),
  BigInt('0x57119fd0dd4e22d8868e1c58c45c44045bef839c55b1d0b1248c50a3bc959c5f'),
  P - 1n,
  P,
  P + 1n,
].flatMap((u) => [u, u | (1n << 255n)]);
const encodeU = (u: bigint): Uint8Array => Uint8Array.from(Buffer.from(u.toString(16).padStart(64, '0'), 'hex')).reverse();

describe('differential noble vs native: X25519', () => {
  test.prop([b32, b32], { numRuns: 100 })('x25519 on random secrets and random 32-byte public keys', (sk, pk) => {
    same((p) => p.x25519PublicKey(sk));
    same((p) => p.x25519(sk, pk));
  });

  test.prop([b32, b32], { numRuns: 50 })('x25519 Diffie-Hellman agrees and is symmetric', (a, b) => {
    const shared = same((p) => p.x25519(a, native.x25519PublicKey(b)));
    expect(same((p) => p.x25519(b, noble.x25519PublicKey(a)))).toEqual(shared);
  });

  test.prop([b32, fc.constantFrom(...LOW_ORDER_U)], { numRuns: 50 })('SEC-MITM x25519 low-order points are refused by both', (sk, u) => {
    expect(same((p) => p.x25519(sk, encodeU(u)))).toEqual({ refused: 'BAD_PUBLIC_KEY' });
  });

  test.prop([bytes(0, 40), bytes(0, 40)], { numRuns: 50 })('x25519 wrong lengths are refused alike', (sk, pk) => {
    same((p) => p.x25519(sk, pk));
    same((p) => p.x25519PublicKey(sk));
  });
});

describe('differential noble vs native: Ed25519', () => {
  test.prop([b32, bytes(0, 300), fc.nat(), fc.nat()], { numRuns: 60 })('ed25519 sign/verify, and verify of mutated signatures, keys and messages', (seed, msg, bitA, bitB) => {
    const pk = same((p) => p.ed25519PublicKey(seed));
    const sig = noble.ed25519Sign(seed, msg);
    same((p) => p.ed25519Sign(seed, msg));
    const pkBytes = noble.ed25519PublicKey(seed);
    expect(pk).toEqual({ ok: toHex(pkBytes) });
    expect(same((p) => p.ed25519Verify(pkBytes, msg, sig))).toEqual({ ok: 'true' });
    expect(same((p) => p.ed25519Verify(pkBytes, msg, flipBit(sig, bitA)))).toEqual({ ok: 'false' });
    same((p) => p.ed25519Verify(flipBit(pkBytes, bitA), msg, sig));
    same((p) => p.ed25519Verify(pkBytes, flipBit(concatBytes(msg, Uint8Array.of(0)), bitB), sig));
    same((p) => p.ed25519Verify(pkBytes, msg, flipBit(flipBit(sig, bitA), bitB)));
  });

  test.prop([bytes(28, 36), bytes(0, 64), bytes(60, 68)], { numRuns: 100 })('ed25519 verify of random keys and signatures', (pk, msg, sig) => {
    same((p) => p.ed25519Verify(pk, msg, sig));
  });

  test.prop([b32, bytes(0, 64), fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })], { numRuns: 50 })('ed25519 verify with S replaced by any 256-bit value (S >= L included)', (seed, msg, s) => {
    const sig = noble.ed25519Sign(seed, msg);
    const sBytes = Uint8Array.from(Buffer.from(s.toString(16).padStart(64, '0'), 'hex')).reverse();
    same((p) => p.ed25519Verify(noble.ed25519PublicKey(seed), msg, concatBytes(sig.subarray(0, 32), sBytes)));
  });
});

describe('differential noble vs native: hashes, HMAC, HKDF', () => {
  test.prop([bytes(0, 600)], { numRuns: 100 })('sha256 and sha512', (data) => {
    same((p) => p.sha256(data));
    same((p) => p.sha512(data));
  });

  test.prop([bytes(0, 200), bytes(0, 300)], { numRuns: 100 })('hmac-sha256 (keys shorter and longer than the block)', (key, data) => {
    same((p) => p.hmacSha256(key, data));
  });

  const hkdfLength = fc.oneof(fc.integer({ min: 0, max: 8160 }), fc.integer({ min: -10, max: 9000 }), fc.constantFrom(0, 1, 32, 8160, 8161, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY));
  test.prop([bytes(0, 100), bytes(0, 100), bytes(0, 1500), hkdfLength], { numRuns: 100 })(
    'hkdf-sha256 at random lengths, valid and invalid, with info beyond 1,024 bytes',
    (ikm, salt, info, length) => {
      same((p) => p.hkdfSha256(ikm, salt, info, length));
    },
  );
});

const AEADS = ['chacha20poly1305', 'xchacha20poly1305', 'aes256gcm'] as const;
const pick = (p: CryptoProvider, name: (typeof AEADS)[number]): Aead => p[name];

describe.each(AEADS)('differential noble vs native: %s', (aeadName) => {
  const nonceLength = noble[aeadName].nonceLength;

  test.prop([b32, bytes(nonceLength, nonceLength), bytes(0, 300), bytes(0, 64), fc.nat(), fc.nat()], { numRuns: 80 })(
    'SEC-INTEGRITY seal/open agree, and tampered, truncated or wrong-AAD input is refused by both',
    (key, nonce, pt, aad, at, cut) => {
      const sealed = noble[aeadName].seal(key, nonce, pt, aad);
      expect(same((p) => pick(p, aeadName).seal(key, nonce, pt, aad))).toEqual({ ok: toHex(sealed) });
      expect(same((p) => pick(p, aeadName).open(key, nonce, sealed, aad))).toEqual({ ok: toHex(pt) });
      const refused = { refused: 'AEAD_TAG_MISMATCH' };
      expect(same((p) => pick(p, aeadName).open(key, nonce, flipBit(sealed, at), aad))).toEqual(refused);
      const truncated = sealed.subarray(0, cut % sealed.length);
      expect(same((p) => pick(p, aeadName).open(key, nonce, truncated, aad))).toEqual(refused);
      expect(same((p) => pick(p, aeadName).open(key, nonce, sealed, flipBit(concatBytes(aad, Uint8Array.of(1)), at)))).toEqual(refused);
      expect(same((p) => pick(p, aeadName).open(flipBit(key, at), nonce, sealed, aad))).toEqual(refused);
    },
  );

  test.prop([bytes(0, 40), bytes(0, 30), bytes(0, 40)], { numRuns: 50 })('wrong key or nonce sizes are refused alike', (key, nonce, data) => {
    same((p) => pick(p, aeadName).seal(key, nonce, data, data));
    same((p) => pick(p, aeadName).open(key, nonce, data, data));
  });
});

describe('differential noble vs native: ML-KEM-768', () => {
  test.prop([bytes(64, 64), b32, fc.nat()], { numRuns: 15 })('keygen, encapsulate, decapsulate, tampered ciphertexts', (seed, m, at) => {
    const { publicKey, secretKey } = noble.mlkem768KeyGen(seed);
    same((p) => p.mlkem768KeyGen(seed).publicKey);
    same((p) => p.mlkem768KeyGen(seed).secretKey);
    const enc = noble.mlkem768Encapsulate(publicKey, m);
    same((p) => p.mlkem768Encapsulate(publicKey, m).ciphertext);
    expect(same((p) => p.mlkem768Encapsulate(publicKey, m).sharedSecret)).toEqual({ ok: toHex(enc.sharedSecret) });
    expect(same((p) => p.mlkem768Decapsulate(enc.ciphertext, secretKey))).toEqual({ ok: toHex(enc.sharedSecret) });
    // Implicit rejection: a tampered ciphertext gives a different, but identical-across-providers, secret.
    const tampered = same((p) => p.mlkem768Decapsulate(flipBit(enc.ciphertext, at), secretKey));
    expect(tampered).not.toEqual({ ok: toHex(enc.sharedSecret) });
    same((p) => p.mlkem768Decapsulate(enc.ciphertext.subarray(0, at % enc.ciphertext.length), secretKey));
    same((p) => p.mlkem768Decapsulate(enc.ciphertext, flipBit(secretKey, at)));
  });

  test.prop([bytes(1180, 1188), b32], { numRuns: 15 })('encapsulation to random (mostly invalid) public keys', (ek, m) => {
    same((p) => p.mlkem768Encapsulate(ek, m).ciphertext);
  });
});
