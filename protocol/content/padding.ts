// Plaintext padding so a ciphertext's length reveals only its bucket: append 0x80 then
// zeros up to the next multiple of PADDING_BLOCK_BYTES (ISO/IEC 7816-4 style, as Signal pads). An
// exact multiple still gains a block, so unpadding is never ambiguous. Only the minimal padding is
// accepted. What is padded is an encoded content, so the bound is MAX_CONTENT_BYTES (a welcome fits).
import { ProtocolError, UsageError } from '../errors.ts';
import { MAX_CONTENT_BYTES, PADDING_BLOCK_BYTES } from '../limits.ts';

const MARKER = 0x80;

/** Padded length of a payload of `length` bytes: the next multiple of the block strictly above it. */
export function paddedLength(length: number): number {
  return (Math.floor(length / PADDING_BLOCK_BYTES) + 1) * PADDING_BLOCK_BYTES;
}

/** Largest padded plaintext: the decoder's size cap. */
export const MAX_PADDED_BYTES = paddedLength(MAX_CONTENT_BYTES);

/** Sending more than MAX_CONTENT_BYTES is a caller bug (UsageError). */
export function pad(payload: Uint8Array): Uint8Array {
  if (!(payload instanceof Uint8Array)) throw new UsageError('pad: expected Uint8Array');
  if (payload.length > MAX_CONTENT_BYTES) throw new UsageError(`pad: ${payload.length} bytes exceeds MAX_CONTENT_BYTES = ${MAX_CONTENT_BYTES}`);
  const out = new Uint8Array(paddedLength(payload.length));
  out.set(payload);
  out[payload.length] = MARKER;
  return out;
}

/**
 * Strict inverse of `pad`: the length must be a non-zero multiple of the block, at most
 * MAX_PADDED_BYTES, and the last block must hold 0x80 followed only by zeros (else WIRE_BAD_VALUE); a
 * payload over MAX_CONTENT_BYTES (too long a buffer, or a marker late in the last bucket) is WIRE_TOO_LARGE.
 */
export function unpad(padded: Uint8Array): Uint8Array {
  if (!(padded instanceof Uint8Array)) throw new UsageError('unpad: expected Uint8Array');
  if (padded.length > MAX_PADDED_BYTES) throw new ProtocolError('WIRE_TOO_LARGE', `padded plaintext of ${padded.length} bytes exceeds ${MAX_PADDED_BYTES}`);
  if (padded.length === 0 || padded.length % PADDING_BLOCK_BYTES !== 0) {
    throw new ProtocolError('WIRE_BAD_VALUE', `padded length ${padded.length} is not a positive multiple of ${PADDING_BLOCK_BYTES}`);
  }
  let at = padded.length - 1;
  const floor = padded.length - PADDING_BLOCK_BYTES;
  while (at >= floor && padded[at] === 0) at--;
  if (at < floor || padded[at] !== MARKER) throw new ProtocolError('WIRE_BAD_VALUE', 'padding: no 0x80 marker in the last block');
  // The last bucket also holds lengths just above the limit: the limit is on the payload itself.
  if (at > MAX_CONTENT_BYTES) throw new ProtocolError('WIRE_TOO_LARGE', `plaintext of ${at} bytes exceeds MAX_CONTENT_BYTES = ${MAX_CONTENT_BYTES}`);
  return padded.slice(0, at);
}
