// The ChaCha20-Poly1305 tag check alone (RFC 8439 §2.6 one-time key, §2.8 MAC data), for callers
// that ask only whether a ciphertext opens under a key, such as a key trial over thousands of
// (key, message) pairs. Nothing is decrypted and a mismatch raises no exception: both providers
// answer Aead.authenticates with this (OpenSSL's decipher costs about twice as much per failed try).
import { chacha20 } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { equalBytes, wipe } from '../bytes.ts';
import { AEAD_TAG_BYTES } from './provider.ts';

const POLY1305_KEY_BYTES = 32;

const padded16 = (length: number): number => Math.ceil(length / 16) * 16;

/** True exactly when `sealed` (ciphertext || tag) carries the right tag. Arguments checked by the caller. */
export function chacha20poly1305Authenticates(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): boolean {
  if (sealed.length < AEAD_TAG_BYTES) return false;
  const ciphertextLength = sealed.length - AEAD_TAG_BYTES;
  // aad || pad16 || ciphertext || pad16 || le64(|aad|) || le64(|ciphertext|), built once: one
  // Poly1305 pass over one buffer costs about half of feeding it piece by piece.
  const at = padded16(aad.length);
  const lengthsAt = at + padded16(ciphertextLength);
  const macData = new Uint8Array(lengthsAt + 16);
  macData.set(aad);
  macData.set(sealed.subarray(0, ciphertextLength), at);
  const view = new DataView(macData.buffer);
  view.setUint32(lengthsAt, aad.length, true); // both lengths are far below 2^32: high words stay 0
  view.setUint32(lengthsAt + 8, ciphertextLength, true);
  const oneTimeKey = chacha20(key, nonce, new Uint8Array(POLY1305_KEY_BYTES), undefined, 0);
  const tag = poly1305(macData, oneTimeKey);
  wipe(oneTimeKey);
  return equalBytes(tag, sealed.subarray(ciphertextLength));
}
