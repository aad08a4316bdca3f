// The MLS cipher suite the engine runs, MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (RFC 9420 §17.1,
// suite 0x0001), written over @noble only and drawing every random byte from one seeded stream.
//
// Why not ts-mls's own providers: both reach WebCrypto for X25519 or Ed25519 key generation, whose
// randomness never passes through a replaceable generator, and WebCrypto's calls go through the thread
// pool. This suite has no such call: a device's keys, path secrets, reuse guards and HPKE ephemerals all
// come from its DRBG (protocol/random/drbg.ts), so one seed replays a device byte for byte, and every
// await settles in microtasks.
//
// HPKE (RFC 9180) is written out for the one mode MLS uses: mode_base, single-shot seal/open and the
// single-shot secret export (§6.1, §6.2), with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM.
import { gcm } from '@noble/ciphers/aes.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { CiphersuiteImpl, Hpke, PrivateKey, PublicKey } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';
import { concatBytes, equalBytes, utf8 } from '../../protocol/bytes.ts';

export const SUITE_NAME = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;

/** Where the suite's random bytes come from: the device's seeded stream. */
export interface ByteSource {
  bytes(length: number): Uint8Array;
}

const EMPTY = new Uint8Array(0);
/** RFC 9180 §7.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM. */
const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const AEAD_ID = 0x0001;
const N_SECRET = 32;
const N_KEY = 16;
const N_NONCE = 12;
const N_HASH = 32;
const X25519_BYTES = 32;

function i2osp(value: number, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = v & 0xff;
    v >>>= 8;
  }
  return out;
}

const HPKE_V1 = utf8('HPKE-v1');
const KEM_SUITE_ID = concatBytes(utf8('KEM'), i2osp(KEM_ID, 2));
const HPKE_SUITE_ID = concatBytes(utf8('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(AEAD_ID, 2));

/** RFC 9180 §4: LabeledExtract and LabeledExpand, under one suite id. */
function labeledExtract(suiteId: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array {
  return extract(sha256, concatBytes(HPKE_V1, suiteId, utf8(label), ikm), salt);
}
function labeledExpand(suiteId: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number): Uint8Array {
  return expand(sha256, prk, concatBytes(i2osp(length, 2), HPKE_V1, suiteId, utf8(label), info), length);
}

/** RFC 9180 §7.1.3: DeriveKeyPair for X25519 (the private key is the expanded bytes as they are). */
function deriveKeyPair(ikm: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array } {
  const prk = labeledExtract(KEM_SUITE_ID, EMPTY, 'dkp_prk', ikm);
  const sk = labeledExpand(KEM_SUITE_ID, prk, 'sk', EMPTY, X25519_BYTES);
  return { privateKey: sk, publicKey: x25519.getPublicKey(sk) };
}

/** DH with the all-zero output refused (RFC 9180 §7.1.4); noble also throws on low-order points. */
function dh(sk: Uint8Array, pk: Uint8Array): Uint8Array {
  if (pk.length !== X25519_BYTES) throw new CryptoError('X25519: public key of the wrong length');
  const z = x25519.getSharedSecret(sk, pk);
  if (equalBytes(z, new Uint8Array(X25519_BYTES))) throw new CryptoError('X25519: all-zero shared secret');
  return z;
}

/** RFC 9180 §4.1: ExtractAndExpand over the DH output and kem_context = enc || pkR. */
function kemSharedSecret(z: Uint8Array, enc: Uint8Array, pkR: Uint8Array): Uint8Array {
  const prk = labeledExtract(KEM_SUITE_ID, EMPTY, 'eae_prk', z);
  return labeledExpand(KEM_SUITE_ID, prk, 'shared_secret', concatBytes(enc, pkR), N_SECRET);
}

/** RFC 9180 §5.1, mode_base (no PSK): the AEAD key, base nonce and exporter secret. */
function keySchedule(sharedSecret: Uint8Array, info: Uint8Array): { key: Uint8Array; nonce: Uint8Array; exporter: Uint8Array } {
  const context = concatBytes(new Uint8Array([0x00]), labeledExtract(HPKE_SUITE_ID, EMPTY, 'psk_id_hash', EMPTY), labeledExtract(HPKE_SUITE_ID, EMPTY, 'info_hash', info));
  const secret = labeledExtract(HPKE_SUITE_ID, sharedSecret, 'secret', EMPTY);
  return {
    key: labeledExpand(HPKE_SUITE_ID, secret, 'key', context, N_KEY),
    nonce: labeledExpand(HPKE_SUITE_ID, secret, 'base_nonce', context, N_NONCE),
    exporter: labeledExpand(HPKE_SUITE_ID, secret, 'exp', context, N_HASH),
  };
}

/** Runs `f`, turning whatever it throws into ts-mls's CryptoError (the adapter maps refusals by class). */
function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CryptoError) throw e;
    throw new CryptoError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ts-mls types HPKE keys as WebCrypto CryptoKeys; this suite keeps them as their raw 32 bytes.
const asPrivate = (k: Uint8Array) => k as unknown as PrivateKey;
const asPublic = (k: Uint8Array) => k as unknown as PublicKey;
const raw = (k: PrivateKey | PublicKey) => k as unknown as Uint8Array;

/** The suite for one device: every random byte from `random`. */
export function seededSuite(random: ByteSource): CiphersuiteImpl {
  const encap = (pkR: Uint8Array) => {
    const eph = deriveKeyPair(random.bytes(X25519_BYTES));
    return { enc: eph.publicKey, sharedSecret: kemSharedSecret(dh(eph.privateKey, pkR), eph.publicKey, pkR) };
  };
  const decap = (skR: Uint8Array, enc: Uint8Array) => kemSharedSecret(dh(skR, enc), enc, x25519.getPublicKey(skR));
  const aead = (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array | undefined) => gcm(key, nonce, aad ?? EMPTY);

  const hpke: Hpke = {
    seal: async (publicKey, plaintext, info, aad) =>
      guarded('hpke seal', () => {
        const { enc, sharedSecret } = encap(raw(publicKey));
        const k = keySchedule(sharedSecret, info);
        return { ct: aead(k.key, k.nonce, aad).encrypt(plaintext), enc };
      }),
    open: async (privateKey, kemOutput, ciphertext, info, aad) =>
      guarded('hpke open', () => {
        const k = keySchedule(decap(raw(privateKey), kemOutput), info);
        return aead(k.key, k.nonce, aad).decrypt(ciphertext);
      }),
    exportSecret: async (publicKey, exporterContext, length, info) =>
      guarded('hpke export', () => {
        const { enc, sharedSecret } = encap(raw(publicKey));
        return { enc, secret: labeledExpand(HPKE_SUITE_ID, keySchedule(sharedSecret, info).exporter, 'sec', exporterContext, length) };
      }),
    importSecret: async (privateKey, exporterContext, kemOutput, length, info) =>
      guarded('hpke import', () => labeledExpand(HPKE_SUITE_ID, keySchedule(decap(raw(privateKey), kemOutput), info).exporter, 'sec', exporterContext, length)),
    importPrivateKey: async (k) => {
      if (k.length !== X25519_BYTES) throw new CryptoError('X25519: private key of the wrong length');
      return asPrivate(k);
    },
    importPublicKey: async (k) => {
      if (k.length !== X25519_BYTES) throw new CryptoError('X25519: public key of the wrong length');
      return asPublic(k);
    },
    exportPublicKey: async (k) => raw(k),
    exportPrivateKey: async (k) => raw(k),
    encryptAead: async (key, nonce, aad, plaintext) => guarded('aead seal', () => aead(key, nonce, aad).encrypt(plaintext)),
    decryptAead: async (key, nonce, aad, ciphertext) => guarded('aead open', () => aead(key, nonce, aad).decrypt(ciphertext)),
    deriveKeyPair: async (ikm) => {
      const kp = deriveKeyPair(ikm);
      return { privateKey: asPrivate(kp.privateKey), publicKey: asPublic(kp.publicKey) };
    },
    generateKeyPair: async () => {
      const kp = deriveKeyPair(random.bytes(X25519_BYTES));
      return { privateKey: asPrivate(kp.privateKey), publicKey: asPublic(kp.publicKey) };
    },
    keyLength: N_KEY,
    nonceLength: N_NONCE,
  };

  return {
    name: SUITE_NAME,
    rng: { randomBytes: (n) => random.bytes(n) },
    hpke,
    kdf: {
      extract: async (salt, ikm) => extract(sha256, ikm, salt),
      expand: async (prk, info, length) => expand(sha256, prk, info, length),
      size: N_HASH,
    },
    hash: {
      digest: async (data) => sha256(data),
      mac: async (key, data) => hmac(sha256, key, data),
      verifyMac: async (key, mac, data) => equalBytes(mac, hmac(sha256, key, data)),
    },
    signature: {
      sign: async (signKey, message) => guarded('ed25519 sign', () => ed25519.sign(message, signKey)),
      // RFC 8032 verification (no ZIP-215 leniency); a malformed key or signature is a failed check.
      verify: async (publicKey, message, signature) => {
        try {
          return ed25519.verify(signature, message, publicKey, { zip215: false });
        } catch {
          return false;
        }
      },
      keygen: async () => {
        const signKey = random.bytes(32);
        return { signKey, publicKey: ed25519.getPublicKey(signKey) };
      },
    },
  };
}
