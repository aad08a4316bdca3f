// Ed25519 (RFC 8032) on every provider: Wycheproof ed25519_test.json, RFC 8032 §7.1 vectors, and the
// strict-verification rules (checks.ts) that make OpenSSL decide exactly as noble with zip215: false.
import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, test } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../bytes.ts';
import { readVectorJson } from '../../test/vectors.ts';
import { casesOf, caseLabel, loadWycheproof, tally, type WycheproofCase, type WycheproofGroup } from '../../test/wycheproof.ts';
import { ED25519_SMALL_ORDER_ENCODINGS, ed25519EncodingIsCanonical, ed25519InputsAreStrict } from './checks.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

const FILE = 'ed25519_test.json';

interface EddsaCase extends WycheproofCase {
  readonly msg: string;
  readonly sig: string;
}
interface EddsaGroup extends WycheproofGroup<EddsaCase> {
  readonly publicKey: { readonly pk: string };
}
interface Rfc8032 {
  tests: { name: string; secret_key: string; public_key: string; message: string; signature: string }[];
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (b: Uint8Array): bigint => BigInt(`0x${toHex(Uint8Array.from(b).reverse()) || '0'}`);
const le32 = (n: bigint): Uint8Array => fromHex(n.toString(16).padStart(64, '0')).reverse();

/** OpenSSL's own decision, without the shared pre-check: what the native provider would say unguarded. */
function opensslRaw(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]), format: 'der', type: 'spki' });
    return opensslVerify(null, message, key, signature);
  } catch {
    return false;
  }
}

/**
 * Signs with a mixed-order public key A' = aB + T (T of order 8), as only a deliberate signer can.
 * noble's cofactored equation accepts such signatures; OpenSSL's cofactorless one refuses them
 * unless 8 divides k. This is the one place the two verifiers differ after the pre-check.
 */
function mixedOrderSignature(seed: Uint8Array, message: Uint8Array): { publicKey: Uint8Array; signature: Uint8Array } {
  const { scalar, prefix } = ed25519.utils.getExtendedPublicKey(seed);
  const torsion = ed25519.Point.fromBytes(ED25519_SMALL_ORDER_ENCODINGS[4] as Uint8Array);
  const publicKey = ed25519.Point.BASE.multiply(scalar).add(torsion).toBytes();
  const r = le(sha512(concatBytes(prefix, message))) % L;
  const R = ed25519.Point.BASE.multiply(r).toBytes();
  const k = le(sha512(concatBytes(R, publicKey, message))) % L;
  return { publicKey, signature: concatBytes(R, le32((r + k * scalar) % L)) };
}

test('the eight small-order encodings are exactly the canonical encodings of E[8]', () => {
  const seen = new Set<string>();
  for (const enc of ED25519_SMALL_ORDER_ENCODINGS) {
    expect(ed25519EncodingIsCanonical(enc)).toBe(true);
    const p = ed25519.Point.fromBytes(enc);
    expect(p.isSmallOrder()).toBe(true);
    seen.add(p.toHex());
  }
  expect(seen.size).toBe(8);
});

test('OpenSSL alone agrees with every Wycheproof ed25519 decision (the pre-check is for inputs Wycheproof lacks)', () => {
  const file = loadWycheproof<EddsaGroup>(FILE);
  for (const { group, test: tc } of casesOf(file)) {
    const pk = fromHex(group.publicKey.pk);
    expect(opensslRaw(pk, fromHex(tc.msg), fromHex(tc.sig)), caseLabel(FILE, 'openssl', tc)).toBe(tc.result === 'valid');
  }
});

describe.each(PROVIDER_NAMES)('ed25519 [%s]', (name) => {
  const provider = getProvider(name);

  test(`wycheproof ${FILE} [${name}]`, () => {
    const file = loadWycheproof<EddsaGroup>(FILE);
    const t = tally(FILE, name);
    for (const { group, test: tc } of casesOf(file)) {
      const label = caseLabel(FILE, name, tc);
      const accepted = provider.ed25519Verify(fromHex(group.publicKey.pk), fromHex(tc.msg), fromHex(tc.sig));
      expect(tc.result, label).not.toBe('acceptable'); // the file has none; a new one would need a decision
      expect(accepted, label).toBe(tc.result === 'valid');
      t.count(tc.result);
    }
    t.finish(file.numberOfTests);
  });

  test(`rfc8032 §7.1 test vectors [${name}]`, () => {
    const v = readVectorJson<Rfc8032>('rfc/rfc8032_ed25519.json');
    expect(v.tests.length).toBe(5);
    for (const c of v.tests) {
      const seed = fromHex(c.secret_key);
      const msg = fromHex(c.message);
      expect(toHex(provider.ed25519PublicKey(seed)), c.name).toBe(c.public_key);
      expect(toHex(provider.ed25519Sign(seed, msg)), c.name).toBe(c.signature);
      expect(provider.ed25519Verify(fromHex(c.public_key), msg, fromHex(c.signature)), c.name).toBe(true);
    }
  });

  test(`SEC-MITM small-order public keys are refused although OpenSSL alone accepts them [${name}]`, () => {
    const identity = ED25519_SMALL_ORDER_ENCODINGS[0] as Uint8Array;
    const forged = concatBytes(identity, new Uint8Array(32)); // R = identity, S = 0
    const message = utf8('any message at all');
    expect(opensslRaw(identity, message, forged)).toBe(true); // the universal forgery the pre-check stops
    for (const pk of ED25519_SMALL_ORDER_ENCODINGS) expect(provider.ed25519Verify(pk, message, forged)).toBe(false);
  });

  test(`non-canonical encodings of A and R and S >= L are refused [${name}]`, () => {
    const seed = new Uint8Array(32).fill(7);
    const message = utf8('strict');
    const pk = provider.ed25519PublicKey(seed);
    const sig = provider.ed25519Sign(seed, message);
    expect(provider.ed25519Verify(pk, message, sig)).toBe(true);
    // S + L: the classic malleation, same point equation, non-canonical scalar.
    const malleated = concatBytes(sig.subarray(0, 32), le32(le(sig.subarray(32)) + L));
    expect(ed25519InputsAreStrict(pk, malleated)).toBe(false);
    expect(provider.ed25519Verify(pk, message, malleated)).toBe(false);
    // y = p + 1 encodes the identity non-canonically, so OpenSSL reads it as the identity.
    const nonCanonicalIdentity = fromHex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
    const forged = concatBytes(ED25519_SMALL_ORDER_ENCODINGS[0] as Uint8Array, new Uint8Array(32));
    expect(opensslRaw(nonCanonicalIdentity, message, forged)).toBe(true);
    expect(provider.ed25519Verify(nonCanonicalIdentity, message, forged)).toBe(false);
    const badR = concatBytes(nonCanonicalIdentity, sig.subarray(32));
    expect(provider.ed25519Verify(pk, message, badR)).toBe(false);
    // x = 0 with the sign bit set (the "negative zero" encoding of the identity).
    const negativeZero = fromHex('0100000000000000000000000000000000000000000000000000000000000080');
    expect(ed25519EncodingIsCanonical(negativeZero)).toBe(false);
    expect(provider.ed25519Verify(negativeZero, message, forged)).toBe(false);
  });

  test(`mixed-order keys: the cofactored rule decides, identically on every provider [${name}]`, () => {
    let opensslDisagreed = 0;
    for (let i = 0; i < 8; i++) {
      const message = utf8(`mixed-order ${i}`);
      const { publicKey, signature } = mixedOrderSignature(new Uint8Array(32).fill(i + 1), message);
      expect(ed25519.verify(signature, message, publicKey, { zip215: false })).toBe(true);
      expect(provider.ed25519Verify(publicKey, message, signature)).toBe(true);
      if (!opensslRaw(publicKey, message, signature)) opensslDisagreed += 1;
    }
    expect(opensslDisagreed).toBeGreaterThan(0); // the tie-break in native.ts is needed, not decorative
  });
});
