// The native provider's own contract beyond bit-for-bit agreement (native.ts header): provider lookup
// by name, a bounded public-key cache keyed by content, no cache of secret keys, and outputs that own
// their memory (never a view of Node's shared Buffer pool).
import { describe, expect, test } from 'vitest';
import { toHex } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { createDrbg } from '../random/drbg.ts';
import { defaultProvider, getProvider, PROVIDER_NAMES, type ProviderName } from './index.ts';
import { nativeProvider, nativePublicKeyCacheSize, PUBLIC_KEY_CACHE_ENTRIES } from './native.ts';
import { nobleProvider } from './noble.ts';

describe('provider registry (index.ts)', () => {
  test('names, lookup and the default', () => {
    expect(PROVIDER_NAMES).toEqual(['noble', 'native']);
    for (const name of PROVIDER_NAMES) expect(getProvider(name).name).toBe(name);
    expect(getProvider('native')).toBe(nativeProvider);
    expect(defaultProvider).toBe(nobleProvider);
    expect(() => getProvider('openssl' as ProviderName)).toThrow(UsageError);
  });
});

describe('native key handling', () => {
  test('the public-key cache stays bounded, and evicted keys still compute correctly', () => {
    const rng = createDrbg('native cache');
    const sk = rng.bytes(32);
    const keys = Array.from({ length: PUBLIC_KEY_CACHE_ENTRIES + 50 }, () => rng.bytes(32));
    const first = nativeProvider.x25519(sk, keys[0] as Uint8Array);
    for (const pk of keys) nativeProvider.x25519(sk, pk);
    expect(nativePublicKeyCacheSize()).toBeLessThanOrEqual(PUBLIC_KEY_CACHE_ENTRIES);
    expect(toHex(nativeProvider.x25519(sk, keys[0] as Uint8Array))).toBe(toHex(first)); // re-imported after eviction
  });

  test('secret keys are never cached (SEC-FS): secret-only operations leave the cache size unchanged', () => {
    const rng = createDrbg('native secrets');
    nativeProvider.x25519PublicKey(rng.bytes(32)); // caches the one public input: the base point 9
    const before = nativePublicKeyCacheSize();
    for (let i = 0; i < 20; i++) {
      const seed = rng.bytes(32);
      nativeProvider.x25519PublicKey(seed);
      nativeProvider.ed25519PublicKey(seed);
      nativeProvider.ed25519Sign(seed, rng.bytes(10));
    }
    expect(nativePublicKeyCacheSize()).toBe(before);
  });

  test('the cache is keyed by content: mutating a key array after use cannot poison later calls', () => {
    const rng = createDrbg('native poison');
    const sk = rng.bytes(32);
    const pk = rng.bytes(32);
    const original = toHex(pk);
    nativeProvider.x25519(sk, pk);
    pk[0] = (pk[0] as number) ^ 0x40;
    expect(toHex(nativeProvider.x25519(sk, pk))).toBe(toHex(nobleProvider.x25519(sk, pk)));
    pk[0] = (pk[0] as number) ^ 0x40;
    expect(toHex(pk)).toBe(original);
    expect(toHex(nativeProvider.x25519(sk, pk))).toBe(toHex(nobleProvider.x25519(sk, pk)));
  });

  test('outputs own their memory: plain Uint8Arrays, never views of a shared pool', () => {
    const rng = createDrbg('native outputs');
    const [key, nonce, data] = [rng.bytes(32), rng.bytes(12), rng.bytes(5)];
    const sealed = nativeProvider.chacha20poly1305.seal(key, nonce, data, data);
    const outputs = [
      nativeProvider.sha256(data),
      nativeProvider.sha512(data),
      nativeProvider.hmacSha256(key, data),
      nativeProvider.hkdfSha256(key, data, data, 42),
      nativeProvider.x25519PublicKey(key),
      nativeProvider.x25519(key, nativeProvider.x25519PublicKey(rng.bytes(32))),
      nativeProvider.ed25519PublicKey(key),
      nativeProvider.ed25519Sign(key, data),
      sealed,
      nativeProvider.chacha20poly1305.open(key, nonce, sealed, data),
      nativeProvider.aes256gcm.seal(key, nonce, data, data),
    ];
    for (const out of outputs) {
      expect(Buffer.isBuffer(out)).toBe(false);
      expect([out.byteOffset, out.buffer.byteLength]).toEqual([0, out.length]);
    }
  });
});
