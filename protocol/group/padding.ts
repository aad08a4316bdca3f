// Group plaintext padding (ISO/IEC 7816-4: 0x80 then zeros up to a multiple of PADDING_BLOCK_BYTES), so
// the server learns a group message's size only by bucket, as for 1:1 messages.
import { ProtocolError, UsageError } from '../errors.ts';
import { MAX_PLAINTEXT_BYTES, PADDING_BLOCK_BYTES } from '../limits.ts';

export function padPlaintext(plaintext: Uint8Array): Uint8Array {
  if (!(plaintext instanceof Uint8Array)) throw new UsageError('plaintext: expected Uint8Array');
  if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new UsageError(`plaintext: ${plaintext.length} bytes exceeds MAX_PLAINTEXT_BYTES`);
  const padded = new Uint8Array((Math.floor(plaintext.length / PADDING_BLOCK_BYTES) + 1) * PADDING_BLOCK_BYTES);
  padded.set(plaintext);
  padded[plaintext.length] = 0x80;
  return padded;
}

/** Refuses (INVALID_MESSAGE) anything a padPlaintext output cannot be. */
export function unpadPlaintext(padded: Uint8Array): Uint8Array {
  if (padded.length === 0 || padded.length % PADDING_BLOCK_BYTES !== 0) throw new ProtocolError('INVALID_MESSAGE', 'group plaintext: bad padded length');
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end--;
  if (padded[end] !== 0x80 || padded.length - end > PADDING_BLOCK_BYTES) throw new ProtocolError('INVALID_MESSAGE', 'group plaintext: bad padding');
  if (end > MAX_PLAINTEXT_BYTES) throw new ProtocolError('INVALID_MESSAGE', 'group plaintext: too long');
  return padded.slice(0, end);
}
