// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha) on every provider: Wycheproof xchacha20_poly1305_test.json, every case. Out-of-profile parameter
// sets (other key, nonce or tag sizes) must be refused by input validation; see test/wycheproof.ts.
import { describe, expect, test } from 'vitest';
import { runAeadFile } from '../../test/wycheproof.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

const FILE = 'xchacha20_poly1305_test.json';

describe.each(PROVIDER_NAMES)('xchacha20poly1305 [%s]', (name) => {
  test(`wycheproof ${FILE} [${name}] (SEC-INTEGRITY)`, () => {
    const counts = runAeadFile(FILE, name, getProvider(name).xchacha20poly1305);
    expect(counts.valid).toBeGreaterThan(0);
    expect(counts.invalid).toBeGreaterThan(0);
  });
});
