// AES-256-GCM (NIST SP 800-38D) on every provider: Wycheproof aes_gcm_test.json, every case. Out-of-profile parameter
// sets (other key, nonce or tag sizes) must be refused by input validation; see test/wycheproof.ts.
import { describe, expect, test } from 'vitest';
import { runAeadFile } from '../../test/wycheproof.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

const FILE = 'aes_gcm_test.json';

describe.each(PROVIDER_NAMES)('aes256gcm [%s]', (name) => {
  test(`wycheproof ${FILE} [${name}] (SEC-INTEGRITY)`, () => {
    const counts = runAeadFile(FILE, name, getProvider(name).aes256gcm);
    expect(counts.valid).toBeGreaterThan(0);
    expect(counts.invalid).toBeGreaterThan(0);
  });
});
