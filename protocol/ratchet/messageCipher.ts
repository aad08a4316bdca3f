// Message encryption (Signal Double Ratchet spec §3.1 ENCRYPT/DECRYPT with an AEAD, §5.2): ChaCha20-
// Poly1305 under cipher_key, nonce = iv[0:12], AD = the session's associated data || the encoded
// header. libsignal uses AES-CBC + HMAC-SHA256 here; sealroom uses an AEAD instead.
import type { CryptoProvider } from '../crypto/provider.ts';
import { wipe } from '../bytes.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import { withRatchetHeader, type RatchetHeader } from '../wire/ratchetMessage.ts';
import { deriveMessageKeys } from './kdf.ts';

const NONCE_BYTES = 12;

function messageAd(associatedData: Uint8Array, header: RatchetHeader): Uint8Array {
  return withRatchetHeader(associatedData, header);
}

/**
 * Why a derived nonce is safe: every message key comes from its own seed (a fresh chain step, or a
 * unique (sender role, counter) in the no-ratchet variant) and encrypts exactly one message, so no
 * (key, nonce) pair is ever used twice; the nonce needs no uniqueness of its own.
 * Why mac_key is unused: Poly1305 already authenticates ciphertext and AD; a second MAC adds nothing.
 */
export function sealWithSeed(provider: CryptoProvider, seed: Uint8Array, associatedData: Uint8Array, header: RatchetHeader, payload: Uint8Array): Uint8Array {
  const keys = deriveMessageKeys(provider, seed);
  try {
    return provider.chacha20poly1305.seal(keys.cipherKey, keys.iv.subarray(0, NONCE_BYTES), payload, messageAd(associatedData, header));
  } finally {
    wipe(keys.cipherKey, keys.macKey, keys.iv);
  }
}

/** Returns the payload, or throws ProtocolError('INVALID_MESSAGE') if the tag does not verify. */
export function openWithSeed(provider: CryptoProvider, seed: Uint8Array, associatedData: Uint8Array, header: RatchetHeader, ciphertext: Uint8Array): Uint8Array {
  const keys = deriveMessageKeys(provider, seed);
  try {
    return provider.chacha20poly1305.open(keys.cipherKey, keys.iv.subarray(0, NONCE_BYTES), ciphertext, messageAd(associatedData, header));
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('INVALID_MESSAGE', 'ratchet message failed authentication');
    throw e;
  } finally {
    wipe(keys.cipherKey, keys.macKey, keys.iv);
  }
}

/**
 * Whether the message key from `seed` opens the message under any of `associatedData` (a key trial's
 * question, docs/properties.md): the keys are derived once for all of them. Never throws on a failed tag.
 */
export function opensWithSeed(provider: CryptoProvider, seed: Uint8Array, associatedData: readonly Uint8Array[], header: RatchetHeader, ciphertext: Uint8Array): boolean {
  const keys = deriveMessageKeys(provider, seed);
  const nonce = keys.iv.subarray(0, NONCE_BYTES);
  try {
    // The tag check alone: nothing is decrypted and a miss, the usual answer, raises nothing.
    return associatedData.some((ad) => provider.chacha20poly1305.authenticates(keys.cipherKey, nonce, ciphertext, messageAd(ad, header)));
  } finally {
    wipe(keys.cipherKey, keys.macKey, keys.iv);
  }
}
