// ChaCha20-Poly1305 (RFC 8439) on every provider: Wycheproof chacha20_poly1305_test.json, every case,
// and the RFC 8439 §2.8.2 AEAD vector. Out-of-profile parameter sets (other nonce sizes) must be
// refused by input validation; see test/wycheproof.ts.
import { describe, expect, test } from 'vitest';
import { concatBytes, fromHex, toHex } from '../bytes.ts';
import { readVectorJson } from '../../test/vectors.ts';
import { expectProtocolError, runAeadFile } from '../../test/wycheproof.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';

const FILE = 'chacha20_poly1305_test.json';

interface Rfc8439 {
  tests: { name: string; key: string; nonce: string; aad: string; plaintext: string; ciphertext: string; tag: string }[];
}

describe.each(PROVIDER_NAMES)('chacha20poly1305 [%s]', (name) => {
  test(`wycheproof ${FILE} [${name}] (SEC-INTEGRITY)`, () => {
    const counts = runAeadFile(FILE, name, getProvider(name).chacha20poly1305);
    expect(counts.valid).toBeGreaterThan(0);
    expect(counts.invalid).toBeGreaterThan(0);
  });

  test(`rfc8439 §2.8.2 AEAD_CHACHA20_POLY1305 [${name}]`, () => {
    const aead = getProvider(name).chacha20poly1305;
    const v = readVectorJson<Rfc8439>('rfc/rfc8439_chacha20poly1305_aead.json');
    expect(v.tests.length).toBe(1);
    for (const c of v.tests) {
      const [key, nonce, aad] = [fromHex(c.key), fromHex(c.nonce), fromHex(c.aad)];
      const sealed = aead.seal(key, nonce, fromHex(c.plaintext), aad);
      expect(toHex(sealed)).toBe(c.ciphertext + c.tag);
      expect(toHex(aead.open(key, nonce, sealed, aad))).toBe(c.plaintext);
      const flipped = concatBytes(sealed.subarray(0, 5), Uint8Array.of((sealed[5] as number) ^ 1), sealed.subarray(6));
      expectProtocolError(() => aead.open(key, nonce, flipped, aad), 'AEAD_TAG_MISMATCH', `${c.name} bit flip`);
    }
  });
});
