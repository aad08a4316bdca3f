// Message encryption of the shipped-2014 model: AES-256-CTR under the room key K with the counter
// block of roomKey.ts, and NO MAC (docs/weak-variants.md "shipped-2014"). Decryption cannot fail:
// any bytes decrypt to something, a flipped ciphertext bit flips the same plaintext bit, and the
// same ciphertext decrypts again and again. Those are the published flaws, kept on purpose.
import { ctr } from '@noble/ciphers/aes.js';
import { requireBytes } from '../../bytes.ts';
import { ProtocolError, UsageError } from '../../errors.ts';
import { MAX_PLAINTEXT_BYTES } from '../../limits.ts';
import { counterBlock, roomKey } from './roomKey.ts';

function applyKeystream(messageKey: Uint8Array, messageId: bigint, input: Uint8Array): Uint8Array {
  return ctr(messageKey, counterBlock(messageKey, messageId)).encrypt(input);
}

/** Encrypts under an already derived room key K (saves the PBKDF2 per message). */
export function encryptWithRoomKey(messageKey: Uint8Array, messageId: bigint, plaintext: Uint8Array): Uint8Array {
  requireBytes(plaintext, 'plaintext');
  if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new UsageError(`plaintext: ${plaintext.length} bytes over MAX_PLAINTEXT_BYTES`);
  return applyKeystream(messageKey, messageId, plaintext);
}

/** Decrypts under K. Unauthenticated: only an over-long input is refused; everything else "succeeds". */
export function decryptWithRoomKey(messageKey: Uint8Array, messageId: bigint, ciphertext: Uint8Array): Uint8Array {
  requireBytes(ciphertext, 'ciphertext');
  if (ciphertext.length > MAX_PLAINTEXT_BYTES) {
    throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `ciphertext: ${ciphertext.length} bytes over MAX_PLAINTEXT_BYTES`);
  }
  return applyKeystream(messageKey, messageId, ciphertext);
}

export function encryptMessage(roomSecret: Uint8Array, messageId: bigint, plaintext: Uint8Array): Uint8Array {
  return encryptWithRoomKey(roomKey(roomSecret), messageId, plaintext);
}

export function decryptMessage(roomSecret: Uint8Array, messageId: bigint, ciphertext: Uint8Array): Uint8Array {
  return decryptWithRoomKey(roomKey(roomSecret), messageId, ciphertext);
}
