// Aead.authenticates, the tag check without decryption that key trials ask thousands of times: on
// every provider and AEAD it answers exactly what open does (SEC-INTEGRITY), on Wycheproof's
// ChaCha20-Poly1305 cases and on random, tampered, truncated and wrong-AAD inputs.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concatBytes, fromHex } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { loadWycheproof, type WycheproofCase, type WycheproofGroup } from '../../test/wycheproof.ts';
import { getProvider, PROVIDER_NAMES } from './index.ts';
import type { Aead } from './provider.ts';

interface AeadCase extends WycheproofCase {
  readonly key: string;
  readonly iv: string;
  readonly aad: string;
  readonly ct: string;
  readonly tag: string;
}
interface AeadGroup extends WycheproofGroup<AeadCase> {
  readonly ivSize: number;
  readonly keySize: number;
  readonly tagSize: number;
}

const AEADS = ['chacha20poly1305', 'xchacha20poly1305', 'aes256gcm'] as const;
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

function opens(aead: Aead, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): boolean {
  try {
    aead.open(key, nonce, sealed, aad);
    return true;
  } catch (e) {
    if (isProtocolError(e, 'AEAD_TAG_MISMATCH')) return false;
    throw e;
  }
}

function flipBit(b: Uint8Array, at: number): Uint8Array {
  if (b.length === 0) return Uint8Array.of(1);
  const out = b.slice();
  const i = at % (b.length * 8);
  out[i >> 3] = (out[i >> 3] as number) ^ (1 << (i & 7));
  return out;
}

describe.each(PROVIDER_NAMES)('Aead.authenticates [%s]', (name) => {
  test(`SEC-INTEGRITY: wycheproof chacha20_poly1305_test.json, every in-profile case [${name}]`, () => {
    const aead = getProvider(name).chacha20poly1305;
    const file = loadWycheproof<AeadGroup>('chacha20_poly1305_test.json');
    let checked = 0;
    for (const group of file.testGroups) {
      if (group.ivSize !== 96 || group.keySize !== 256 || group.tagSize !== 128) continue;
      for (const c of group.tests) {
        const sealed = concatBytes(fromHex(c.ct), fromHex(c.tag));
        expect(aead.authenticates(fromHex(c.key), fromHex(c.iv), sealed, fromHex(c.aad)), `tcId ${c.tcId}`).toBe(c.result === 'valid');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  describe.each(AEADS)('%s', (aeadName) => {
    const aead = getProvider(name)[aeadName];
    test.prop([bytes(32, 32), bytes(aead.nonceLength, aead.nonceLength), bytes(0, 300), bytes(0, 64), fc.nat(), fc.nat()], { numRuns: 60 })(
      'SEC-INTEGRITY: answers what open answers, on genuine and tampered input',
      (key, nonce, pt, aad, at, cut) => {
        const sealed = aead.seal(key, nonce, pt, aad);
        const inputs: [Uint8Array, Uint8Array, Uint8Array][] = [
          [key, sealed, aad],
          [key, flipBit(sealed, at), aad],
          [key, sealed.subarray(0, cut % (sealed.length + 1)), aad],
          [key, sealed, flipBit(aad, at)],
          [flipBit(key, at), sealed, aad],
        ];
        for (const [k, s, a] of inputs) expect(aead.authenticates(k, nonce, s, a)).toBe(opens(aead, k, nonce, s, a));
        expect(aead.authenticates(key, nonce, sealed, aad)).toBe(true);
      },
    );
  });
});
