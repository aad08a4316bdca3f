// The reference crypto provider: @noble/* only, pure TypeScript, audited. Every other provider is
// checked against this one (protocol/crypto/differential.test.ts).
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { gcm } from '@noble/ciphers/aes.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { equalBytes, requireBytes, wipe } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import {
  AEAD_KEY_BYTES,
  AEAD_TAG_BYTES,
  ED25519_SEED_BYTES,
  MLKEM768_CIPHERTEXT_BYTES,
  MLKEM768_ENCAPS_RANDOM_BYTES,
  MLKEM768_PUBLIC_BYTES,
  MLKEM768_SECRET_BYTES,
  MLKEM768_SEED_BYTES,
  X25519_BASE_POINT,
  X25519_KEY_BYTES,
  type Aead,
  type CryptoProvider,
} from './provider.ts';
import { chacha20poly1305Authenticates } from './chachaTag.ts';
import { checkAeadArgs, checkHkdfLength, opensByDecrypting, type TagCheck, checkMlkemSecretKey, ed25519InputsAreStrict, isAllZero, mlkemPublicKeyIsCanonical } from './checks.ts';

type NobleAeadFactory = (
  key: Uint8Array,
  nonce: Uint8Array,
  aad?: Uint8Array,
) => {
  encrypt(pt: Uint8Array): Uint8Array;
  decrypt(ct: Uint8Array): Uint8Array;
};

function nobleAead(name: string, factory: NobleAeadFactory, nonceLength: number, tagCheck?: TagCheck): Aead {
  return {
    keyLength: AEAD_KEY_BYTES,
    nonceLength,
    seal(key, nonce, plaintext, aad) {
      checkAeadArgs(name, key, nonce, nonceLength, plaintext, aad);
      return factory(key, nonce, aad).encrypt(plaintext);
    },
    open(key, nonce, sealed, aad) {
      checkAeadArgs(name, key, nonce, nonceLength, sealed, aad);
      if (sealed.length < AEAD_TAG_BYTES) throw new ProtocolError('AEAD_TAG_MISMATCH', `${name}: sealed input shorter than the tag`);
      try {
        return factory(key, nonce, aad).decrypt(sealed);
      } catch {
        throw new ProtocolError('AEAD_TAG_MISMATCH', `${name}: authentication failed`);
      }
    },
    authenticates(key, nonce, sealed, aad) {
      checkAeadArgs(name, key, nonce, nonceLength, sealed, aad);
      return tagCheck === undefined ? opensByDecrypting(this, key, nonce, sealed, aad) : tagCheck(key, nonce, sealed, aad);
    },
  };
}

export const nobleProvider: CryptoProvider = {
  name: 'noble',

  x25519PublicKey(secretKey) {
    requireBytes(secretKey, 'x25519 secretKey', X25519_KEY_BYTES);
    return x25519.getPublicKey(secretKey);
  },
  x25519(secretKey, publicKey) {
    requireBytes(secretKey, 'x25519 secretKey', X25519_KEY_BYTES);
    requireBytes(publicKey, 'x25519 publicKey', X25519_KEY_BYTES);
    let shared: Uint8Array;
    try {
      shared = x25519.getSharedSecret(secretKey, publicKey);
    } catch {
      // noble refuses an all-zero result (a low-order point); we report it the same way as below.
      throw new ProtocolError('BAD_PUBLIC_KEY', 'x25519: low-order public key');
    }
    if (isAllZero(shared)) throw new ProtocolError('BAD_PUBLIC_KEY', 'x25519: low-order public key');
    return shared;
  },
  x25519Each(secretKey, publicKeys) {
    requireBytes(secretKey, 'x25519 secretKey', X25519_KEY_BYTES);
    publicKeys.forEach((k, i) => requireBytes(k, `x25519 publicKeys[${i}]`, X25519_KEY_BYTES));
    const out: Uint8Array[] = [];
    try {
      // The base point takes noble's fixed-base path (getPublicKey), the others the ladder through
      // this.x25519, so a provider built by spreading this one and replacing x25519 sees every DH.
      for (const k of publicKeys) out.push(equalBytes(k, X25519_BASE_POINT) ? x25519.getPublicKey(secretKey) : this.x25519(secretKey, k));
    } catch (e) {
      wipe(...out);
      throw e;
    }
    return out;
  },

  ed25519PublicKey(seed) {
    requireBytes(seed, 'ed25519 seed', ED25519_SEED_BYTES);
    return ed25519.getPublicKey(seed);
  },
  ed25519Sign(seed, message) {
    requireBytes(seed, 'ed25519 seed', ED25519_SEED_BYTES);
    requireBytes(message, 'ed25519 message');
    return ed25519.sign(message, seed);
  },
  ed25519Verify(publicKey, message, signature) {
    requireBytes(publicKey, 'ed25519 publicKey');
    requireBytes(message, 'ed25519 message');
    requireBytes(signature, 'ed25519 signature');
    // Shared strict pre-check (checks.ts): the same inputs are refused by every provider.
    if (!ed25519InputsAreStrict(publicKey, signature)) return false;
    try {
      // zip215: false = RFC 8032 strict: canonical point encodings and S < L only.
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },

  sha256: (data) => sha256(requireBytes(data, 'sha256 data')),
  sha512: (data) => sha512(requireBytes(data, 'sha512 data')),
  hmacSha256: (key, data) => hmac(sha256, requireBytes(key, 'hmac key'), requireBytes(data, 'hmac data')),
  hkdfSha256(ikm, salt, info, length) {
    requireBytes(ikm, 'hkdf ikm');
    requireBytes(salt, 'hkdf salt');
    requireBytes(info, 'hkdf info');
    checkHkdfLength(length);
    if (length === 0) return new Uint8Array(0);
    return hkdf(sha256, ikm, salt.length === 0 ? undefined : salt, info, length);
  },

  chacha20poly1305: nobleAead('chacha20poly1305', chacha20poly1305, 12, chacha20poly1305Authenticates),
  xchacha20poly1305: nobleAead('xchacha20poly1305', xchacha20poly1305, 24),
  aes256gcm: nobleAead('aes256gcm', gcm, 12),

  mlkem768KeyGen(seed) {
    requireBytes(seed, 'mlkem seed', MLKEM768_SEED_BYTES);
    const { publicKey, secretKey } = ml_kem768.keygen(seed);
    return { publicKey, secretKey };
  },
  mlkem768Encapsulate(publicKey, randomness) {
    requireBytes(randomness, 'mlkem randomness', MLKEM768_ENCAPS_RANDOM_BYTES);
    requireBytes(publicKey, 'mlkem publicKey');
    if (publicKey.length !== MLKEM768_PUBLIC_BYTES || !mlkemPublicKeyIsCanonical(publicKey)) {
      throw new ProtocolError('KEM_BAD_PUBLIC_KEY', 'mlkem768: encapsulation key fails the FIPS 203 input check');
    }
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey, randomness);
    return { ciphertext: cipherText, sharedSecret };
  },
  mlkem768Decapsulate(ciphertext, secretKey) {
    requireBytes(secretKey, 'mlkem secretKey', MLKEM768_SECRET_BYTES);
    checkMlkemSecretKey(secretKey);
    requireBytes(ciphertext, 'mlkem ciphertext');
    if (ciphertext.length !== MLKEM768_CIPHERTEXT_BYTES) {
      throw new ProtocolError('KEM_BAD_CIPHERTEXT', `mlkem768: ciphertext must be ${MLKEM768_CIPHERTEXT_BYTES} bytes`);
    }
    return ml_kem768.decapsulate(ciphertext, secretKey);
  },
};
