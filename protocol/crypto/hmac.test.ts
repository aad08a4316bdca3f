// HMAC-SHA256 (RFC 2104) on every provider: Wycheproof hmac_sha256_test.json. The API returns the full
// 32-byte tag; a verifier compares the first tagSize/8 bytes in constant time, as this test does.
import { describe, expect, test } from 'vitest';
import { equalBytes, fromHex } from '../bytes.ts';
import { casesOf, caseLabel, loadWycheproof, tally, type WycheproofCase, type WycheproofGroup } from '../../test/wycheproof.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

const FILE = 'hmac_sha256_test.json';

interface MacCase extends WycheproofCase {
  readonly key: string;
  readonly msg: string;
  readonly tag: string;
}
interface MacGroup extends WycheproofGroup<MacCase> {
  readonly keySize: number;
  readonly tagSize: number;
}

describe.each(PROVIDER_NAMES)('hmac-sha256 [%s]', (name) => {
  const provider = getProvider(name);

  test(`wycheproof ${FILE} [${name}] (SEC-INTEGRITY)`, () => {
    const file = loadWycheproof<MacGroup>(FILE);
    const t = tally(FILE, name);
    for (const { group, test: tc } of casesOf(file)) {
      const label = caseLabel(FILE, name, tc);
      const full = provider.hmacSha256(fromHex(tc.key), fromHex(tc.msg));
      expect(full.length, label).toBe(32);
      const matches = equalBytes(full.subarray(0, group.tagSize / 8), fromHex(tc.tag));
      expect(tc.result, label).not.toBe('acceptable'); // the file has none; a new one would need a decision
      expect(matches, label).toBe(tc.result === 'valid');
      t.count(tc.result);
    }
    t.finish(file.numberOfTests);
  });
});
