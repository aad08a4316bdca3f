// Crypto-core benchmarks on both providers: AEADs at 64 B, 1 KiB and 64 KiB,
// X25519 keygen and DH, Ed25519 sign and verify, HKDF and HMAC, ML-KEM-768 keygen/encaps/decaps.
// Inputs come from a seeded DRBG, so both providers see the same bytes.
import { getProvider, PROVIDER_NAMES, type CryptoProvider, type ProviderName } from '../../protocol/crypto/index.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase, BenchFn, CaseParams, ImplName } from '../harness/types.ts';

const AEAD_SIZES = [64, 1_024, 65_536] as const;
const AEADS = ['chacha20poly1305', 'aes256gcm', 'xchacha20poly1305'] as const;
/** Message signed and MACed: a typical small protocol input. */
const SMALL_INPUT_BYTES = 64;

export function implOf(provider: ProviderName): ImplName {
  return provider === 'noble' ? 'sealroom-noble' : 'sealroom-native';
}

function primitive(provider: ProviderName, op: string, params: CaseParams, unit: string, make: (p: CryptoProvider) => BenchFn): BenchCase {
  const impl = implOf(provider);
  return { id: caseId('primitives', op, params, impl), suite: 'primitives', op, impl, params, unit, prepare: () => make(getProvider(provider)) };
}

function aeadCases(provider: ProviderName): BenchCase[] {
  return AEADS.flatMap((name) =>
    AEAD_SIZES.map((bytes) =>
      primitive(provider, `aead-seal.${name}`, { bytes }, 'seal', (p) => {
        const rng = createDrbg(`bench/aead/${name}/${bytes}`);
        const aead = p[name];
        const key = rng.bytes(aead.keyLength);
        const nonce = rng.bytes(aead.nonceLength);
        const plaintext = rng.bytes(bytes);
        const aad = rng.bytes(16);
        return () => {
          if (aead.seal(key, nonce, plaintext, aad).length !== bytes + 16) throw new Error('AEAD: wrong output length');
        };
      }),
    ),
  );
}

function curveCases(provider: ProviderName): BenchCase[] {
  return [
    primitive(provider, 'x25519-keygen', {}, 'key pair', (p) => {
      const rng = createDrbg('bench/x25519-keygen');
      return () => p.x25519PublicKey(rng.bytes(32));
    }),
    primitive(provider, 'x25519-dh', {}, 'agreement', (p) => {
      const rng = createDrbg('bench/x25519-dh');
      const secret = rng.bytes(32);
      const peer = p.x25519PublicKey(rng.bytes(32));
      return () => p.x25519(secret, peer);
    }),
    primitive(provider, 'ed25519-sign', { bytes: SMALL_INPUT_BYTES }, 'signature', (p) => {
      const rng = createDrbg('bench/ed25519-sign');
      const seed = rng.bytes(32);
      const msg = rng.bytes(SMALL_INPUT_BYTES);
      return () => p.ed25519Sign(seed, msg);
    }),
    primitive(provider, 'ed25519-verify', { bytes: SMALL_INPUT_BYTES }, 'verification', (p) => {
      const rng = createDrbg('bench/ed25519-verify');
      const seed = rng.bytes(32);
      const msg = rng.bytes(SMALL_INPUT_BYTES);
      const pub = p.ed25519PublicKey(seed);
      const sig = p.ed25519Sign(seed, msg);
      return () => {
        if (!p.ed25519Verify(pub, msg, sig)) throw new Error('Ed25519: valid signature refused');
      };
    }),
  ];
}

function kdfCases(provider: ProviderName): BenchCase[] {
  return [
    primitive(provider, 'hkdf-sha256', { bytes: 64 }, 'derivation (32 B ikm → 64 B)', (p) => {
      const rng = createDrbg('bench/hkdf');
      const ikm = rng.bytes(32);
      const salt = rng.bytes(32);
      const info = rng.bytes(16);
      return () => p.hkdfSha256(ikm, salt, info, 64);
    }),
    primitive(provider, 'hmac-sha256', { bytes: SMALL_INPUT_BYTES }, 'MAC', (p) => {
      const rng = createDrbg('bench/hmac');
      const key = rng.bytes(32);
      const data = rng.bytes(SMALL_INPUT_BYTES);
      return () => p.hmacSha256(key, data);
    }),
  ];
}

function kemCases(provider: ProviderName): BenchCase[] {
  return [
    primitive(provider, 'mlkem768-keygen', {}, 'key pair', (p) => {
      const rng = createDrbg('bench/mlkem-keygen');
      return () => p.mlkem768KeyGen(rng.bytes(64));
    }),
    primitive(provider, 'mlkem768-encaps', {}, 'encapsulation', (p) => {
      const rng = createDrbg('bench/mlkem-encaps');
      const kp = p.mlkem768KeyGen(rng.bytes(64));
      return () => p.mlkem768Encapsulate(kp.publicKey, rng.bytes(32));
    }),
    primitive(provider, 'mlkem768-decaps', {}, 'decapsulation', (p) => {
      const rng = createDrbg('bench/mlkem-decaps');
      const kp = p.mlkem768KeyGen(rng.bytes(64));
      const enc = p.mlkem768Encapsulate(kp.publicKey, rng.bytes(32));
      return () => p.mlkem768Decapsulate(enc.ciphertext, kp.secretKey);
    }),
  ];
}

export function primitiveCases(): BenchCase[] {
  return PROVIDER_NAMES.flatMap((provider) => [...aeadCases(provider), ...curveCases(provider), ...kdfCases(provider), ...kemCases(provider)]);
}
