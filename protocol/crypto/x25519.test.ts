// X25519 (RFC 7748) on every provider: Wycheproof x25519_test.json, RFC 7748 §5.2/§6.1 vectors and
// libsignal's curve25519_agreement known answer. Vectors: test/vectors/ (MANIFEST.md).
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../bytes.ts';
import { readVectorJson } from '../../test/vectors.ts';
import { casesOf, caseLabel, expectProtocolError, loadWycheproof, tally, type WycheproofCase, type WycheproofGroup } from '../../test/wycheproof.ts';
import { isAllZero } from './checks.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

/**
 * Decision for Wycheproof's `acceptable` X25519 cases (RFC 7748 §6.1 leaves them to the implementation):
 * - low-order public keys, i.e. every case whose shared secret is all zero: REJECTED with
 *   ProtocolError('BAD_PUBLIC_KEY') (SEC-MITM: a peer must not force a known shared secret);
 * - twist points, non-canonical u (u >= p, bit 255 set) and other edge cases with a non-zero
 *   result: COMPUTED, and the result must equal the vector (RFC 7748 §5 masks bit 255 and reduces u mod p).
 */
const X25519_ACCEPTABLE_DECISION = { lowOrder: 'reject BAD_PUBLIC_KEY', otherwise: 'compute' } as const;

interface XdhCase extends WycheproofCase {
  readonly public: string;
  readonly private: string;
  readonly shared: string;
}

const FILE = 'x25519_test.json';
const SLOW = process.env['SEALROOM_SLOW_VECTORS'] === '1';

interface Rfc7748 {
  section_5_2_x25519: { scalar: string; u: string; output: string }[];
  section_5_2_x25519_iterated: { initial: string; after_1: string; after_1000: string; after_1000000: string };
  section_6_1_x25519_dh: { alice_private: string; alice_public: string; bob_private: string; bob_public: string; shared_secret: string };
}

interface Agreement {
  alice_public: string;
  alice_private: string;
  bob_public: string;
  bob_private: string;
  shared: string;
}

/** libsignal serializes Curve25519 public keys as a 0x05 type byte then the 32-byte u-coordinate. */
function stripSignalKeyType(serialized: string): Uint8Array {
  const bytes = fromHex(serialized);
  expect(bytes.length).toBe(33);
  expect(bytes[0]).toBe(0x05);
  return bytes.subarray(1);
}

describe.each(PROVIDER_NAMES)('x25519 [%s]', (name) => {
  const provider = getProvider(name);

  test(`wycheproof ${FILE} [${name}]`, () => {
    const file = loadWycheproof<WycheproofGroup<XdhCase>>(FILE);
    const t = tally(FILE, name);
    let rejectedLowOrder = 0;
    for (const { test: tc } of casesOf(file)) {
      const label = caseLabel(FILE, name, tc);
      const sk = fromHex(tc.private);
      const pk = fromHex(tc.public);
      const expected = fromHex(tc.shared);
      if (tc.result === 'acceptable' && isAllZero(expected)) {
        expectProtocolError(() => provider.x25519(sk, pk), 'BAD_PUBLIC_KEY', label);
        rejectedLowOrder += 1;
      } else {
        expect(tc.result, label).not.toBe('invalid'); // the file has none; a new one would need a decision
        expect(toHex(provider.x25519(sk, pk)), label).toBe(tc.shared);
      }
      t.count(tc.result);
    }
    const counts = t.finish(
      file.numberOfTests,
      `${rejectedLowOrder} low-order: ${X25519_ACCEPTABLE_DECISION.lowOrder}; ${t.counts.acceptable - rejectedLowOrder} others: ${X25519_ACCEPTABLE_DECISION.otherwise}`,
    );
    expect(rejectedLowOrder).toBeGreaterThan(0);
    expect(counts.acceptable).toBeGreaterThan(rejectedLowOrder);
  });

  test(`rfc7748 §5.2 scalar multiplication vectors [${name}]`, () => {
    const v = readVectorJson<Rfc7748>('rfc/rfc7748_x25519.json');
    for (const c of v.section_5_2_x25519) {
      expect(toHex(provider.x25519(fromHex(c.scalar), fromHex(c.u)))).toBe(c.output);
    }
  });

  test(`rfc7748 §5.2 iterated, 1 and 1,000 iterations [${name}]`, () => {
    const v = readVectorJson<Rfc7748>('rfc/rfc7748_x25519.json').section_5_2_x25519_iterated;
    let k = fromHex(v.initial);
    let u = fromHex(v.initial);
    for (let i = 1; i <= 1000; i++) {
      [k, u] = [provider.x25519(k, u), k];
      if (i === 1) expect(toHex(k)).toBe(v.after_1);
    }
    expect(toHex(k)).toBe(v.after_1000);
  });

  test.runIf(SLOW)(
    `rfc7748 §5.2 iterated, 1,000,000 iterations (SEALROOM_SLOW_VECTORS=1) [${name}]`,
    () => {
      const v = readVectorJson<Rfc7748>('rfc/rfc7748_x25519.json').section_5_2_x25519_iterated;
      let k = fromHex(v.initial);
      let u = fromHex(v.initial);
      for (let i = 1; i <= 1_000_000; i++) [k, u] = [provider.x25519(k, u), k];
      expect(toHex(k)).toBe(v.after_1000000);
    },
    3_600_000,
  );

  test(`rfc7748 §6.1 Diffie-Hellman [${name}]`, () => {
    const v = readVectorJson<Rfc7748>('rfc/rfc7748_x25519.json').section_6_1_x25519_dh;
    const alice = fromHex(v.alice_private);
    const bob = fromHex(v.bob_private);
    expect(toHex(provider.x25519PublicKey(alice))).toBe(v.alice_public);
    expect(toHex(provider.x25519PublicKey(bob))).toBe(v.bob_public);
    expect(toHex(provider.x25519(alice, fromHex(v.bob_public)))).toBe(v.shared_secret);
    expect(toHex(provider.x25519(bob, fromHex(v.alice_public)))).toBe(v.shared_secret);
  });

  test(`libsignal curve25519_agreement KAT [${name}]`, () => {
    const v = readVectorJson<{ curve25519_agreement: Agreement }>('signal/libsignal_kats.json').curve25519_agreement;
    const alicePublic = stripSignalKeyType(v.alice_public);
    const bobPublic = stripSignalKeyType(v.bob_public);
    expect(toHex(provider.x25519PublicKey(fromHex(v.alice_private)))).toBe(toHex(alicePublic));
    expect(toHex(provider.x25519PublicKey(fromHex(v.bob_private)))).toBe(toHex(bobPublic));
    expect(toHex(provider.x25519(fromHex(v.alice_private), bobPublic))).toBe(v.shared);
    expect(toHex(provider.x25519(fromHex(v.bob_private), alicePublic))).toBe(v.shared);
  });
});
