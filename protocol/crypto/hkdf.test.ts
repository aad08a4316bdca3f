// HKDF-SHA256 (RFC 5869) on every provider: Wycheproof hkdf_sha256_test.json and RFC 5869 Appendix A
// test cases 1-3. Lengths above 255 * HashLen are refused (RFC 5869 §2.3) as a UsageError.
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../bytes.ts';
import { readVectorJson } from '../../test/vectors.ts';
import { casesOf, caseLabel, expectUsageError, loadWycheproof, tally, type WycheproofCase, type WycheproofGroup } from '../../test/wycheproof.ts';
import { HKDF_SHA256_MAX_LENGTH } from './checks.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

const FILE = 'hkdf_sha256_test.json';

interface HkdfCase extends WycheproofCase {
  readonly ikm: string;
  readonly salt: string;
  readonly info: string;
  readonly size: number;
  readonly okm: string;
}
interface Rfc5869 {
  tests: { rfc5869_test_case: number; ikm: string; salt: string; info: string; L: number; okm: string; prk?: string }[];
}

describe.each(PROVIDER_NAMES)('hkdf-sha256 [%s]', (name) => {
  const provider = getProvider(name);

  test(`wycheproof ${FILE} [${name}]`, () => {
    const file = loadWycheproof<WycheproofGroup<HkdfCase>>(FILE);
    const t = tally(FILE, name);
    for (const { test: tc } of casesOf(file)) {
      const label = caseLabel(FILE, name, tc);
      const run = () => provider.hkdfSha256(fromHex(tc.ikm), fromHex(tc.salt), fromHex(tc.info), tc.size);
      expect(tc.result, label).not.toBe('acceptable'); // the file has none; a new one would need a decision
      if (tc.result === 'valid') {
        expect(toHex(run()), label).toBe(tc.okm);
      } else {
        expect(tc.size, label).toBeGreaterThan(HKDF_SHA256_MAX_LENGTH); // the file's only invalid kind
        expectUsageError(run, label);
      }
      t.count(tc.result);
    }
    t.finish(file.numberOfTests);
  });

  test(`rfc5869 Appendix A test cases 1-3 [${name}]`, () => {
    const v = readVectorJson<Rfc5869>('rfc/rfc5869_hkdf_sha256.json');
    expect(v.tests.length).toBe(3);
    for (const c of v.tests) {
      const okm = provider.hkdfSha256(fromHex(c.ikm), fromHex(c.salt), fromHex(c.info), c.L);
      expect(toHex(okm), `TC${c.rfc5869_test_case}`).toBe(c.okm);
      // PRK = HMAC-SHA256(salt, IKM) (RFC 5869 §2.2), given for test case 1.
      if (c.prk !== undefined) expect(toHex(provider.hmacSha256(fromHex(c.salt), fromHex(c.ikm)))).toBe(c.prk);
    }
  });

  test(`lengths 0 and 255 * 32 are served, 255 * 32 + 1 and non-integers are refused [${name}]`, () => {
    const ikm = fromHex('0b0b0b0b');
    expect(provider.hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), 0).length).toBe(0);
    expect(provider.hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), HKDF_SHA256_MAX_LENGTH).length).toBe(HKDF_SHA256_MAX_LENGTH);
    for (const bad of [HKDF_SHA256_MAX_LENGTH + 1, -1, 1.5, Number.NaN]) {
      expectUsageError(() => provider.hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), bad), `length ${bad}`);
    }
  });
});
