// Test support for the shipped-2014 model: a few fixture install keys (generated once per test
// process through the seed cache) and their import into node:crypto for interop checks (JWK,
// RFC 7518 §6.3). Deterministic only: node:crypto is used here to import keys, never for randomness.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { bigIntToBytes, bitLength } from '../../protocol/variants/shipped2014/bigint.ts';
import { generateInstallKey, type InstallKey } from '../../protocol/variants/shipped2014/installKey.ts';
import { decodeRsaPrivateKey, decodeRsaPublicKey } from '../../protocol/variants/shipped2014/rsaKey.ts';

export type FixtureName = 'alice' | 'bob' | 'server';

/** The install key of a named fixture party; the same bytes in every run. */
export function fixtureKey(name: FixtureName): InstallKey {
  return generateInstallKey(createDrbg(`shipped-2014 fixture ${name}`));
}

/** JWK integers are unsigned big-endian without leading zero bytes (RFC 7518 §2 "Base64urlUInt"). */
function b64u(x: bigint): string {
  return Buffer.from(bigIntToBytes(x, Math.max(1, Math.ceil(bitLength(x) / 8)))).toString('base64url');
}

export function nodePrivateKey(privateKey: Uint8Array): KeyObject {
  const k = decodeRsaPrivateKey(privateKey);
  const jwk = { kty: 'RSA', n: b64u(k.n), e: b64u(k.e), d: b64u(k.d), p: b64u(k.p), q: b64u(k.q), dp: b64u(k.dp), dq: b64u(k.dq), qi: b64u(k.qInv) };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

export function nodePublicKey(publicKey: Uint8Array): KeyObject {
  const k = decodeRsaPublicKey(publicKey);
  return createPublicKey({ key: { kty: 'RSA', n: b64u(k.n), e: b64u(k.e) }, format: 'jwk' });
}
