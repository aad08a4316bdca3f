// Known answers for the ratchet KDFs (libsignal chain_key_v3) and the root KDF's HKDF layout.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, test } from 'vitest';
import { readVectorJson } from '../../test/vectors.ts';
import { fromHex, toHex, utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { deriveMessageKeys, kdfChainKey, kdfRootKey, staticMessageSeed } from './kdf.ts';

interface ChainKeyKat {
  readonly chain_key: string;
  readonly cipher_key: string;
  readonly mac_key: string;
  readonly next_chain_key: string;
}

describe('ratchet KDFs', () => {
  test('KAT libsignal chain_key_v3: message keys and next chain key', () => {
    const kat = readVectorJson<{ chain_key_v3: ChainKeyKat }>('signal/libsignal_kats.json').chain_key_v3;
    const { seed, nextChainKey } = kdfChainKey(nobleProvider, fromHex(kat.chain_key));
    const keys = deriveMessageKeys(nobleProvider, seed);
    expect(toHex(keys.cipherKey)).toBe(kat.cipher_key);
    expect(toHex(keys.macKey)).toBe(kat.mac_key);
    expect(toHex(nextChainKey)).toBe(kat.next_chain_key);
    expect(keys.iv.length).toBe(16);
  });

  test('KDF_RK is HKDF-SHA256(salt = root key, ikm = dh_out, "WhisperRatchet") split 32 | 32', () => {
    const rk = new Uint8Array(32).fill(7);
    const dh = new Uint8Array(32).fill(9);
    const okm = hkdf(sha256, dh, rk, utf8('WhisperRatchet'), 64);
    const out = kdfRootKey(nobleProvider, rk, dh);
    expect(toHex(out.rootKey)).toBe(toHex(okm.slice(0, 32)));
    expect(toHex(out.chainKey)).toBe(toHex(okm.slice(32)));
  });

  test('no-ratchet static seeds differ by direction and counter', () => {
    const ck = new Uint8Array(32).fill(1);
    const seeds = [
      staticMessageSeed(nobleProvider, ck, 'initiator', 0),
      staticMessageSeed(nobleProvider, ck, 'responder', 0),
      staticMessageSeed(nobleProvider, ck, 'initiator', 1),
      kdfChainKey(nobleProvider, ck).seed,
    ].map(toHex);
    expect(new Set(seeds).size).toBe(4);
  });
});
