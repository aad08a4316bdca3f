// Record framing on a storage medium: every sealed record is written as
// MAGIC ‖ u32 sealed length ‖ 24-byte nonce ‖ XChaCha20-Poly1305 ciphertext, so a forensic checker
// finds sealed records anywhere in raw bytes — live rows, free pages, WAL frames, journals.
import { concatBytes, equalBytes, utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';

/** Eight bytes that open every frame; a chance match in random bytes is 2^-64 per offset. */
const FRAME_MAGIC = utf8('SRSEAL01');
export const FRAME_NONCE_BYTES = 24;
export const FRAME_TAG_BYTES = 16;
const LENGTH_BYTES = 4;
export const FRAME_HEADER_BYTES = FRAME_MAGIC.length + LENGTH_BYTES;
/**
 * Largest frame (header included): small enough that a frame fits whole in one 4 KiB SQLite page
 * cell (a table leaf keeps up to 4061 payload bytes locally) next to its row key, so no frame is
 * ever split across overflow pages and a byte scan sees every frame whole.
 */
export const MAX_FRAME_BYTES = 3_584;
const MIN_SEALED_BYTES = FRAME_NONCE_BYTES + FRAME_TAG_BYTES;
const MAX_SEALED_BYTES = MAX_FRAME_BYTES - FRAME_HEADER_BYTES;

export interface Frame {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export function encodeFrame(nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (nonce.length !== FRAME_NONCE_BYTES) throw new UsageError(`frame: nonce must be ${FRAME_NONCE_BYTES} bytes`);
  const sealed = nonce.length + ciphertext.length;
  if (sealed < MIN_SEALED_BYTES || sealed > MAX_SEALED_BYTES) throw new UsageError(`frame: sealed length ${sealed} outside ${MIN_SEALED_BYTES}..${MAX_SEALED_BYTES}`);
  const len = new Uint8Array(LENGTH_BYTES);
  new DataView(len.buffer).setUint32(0, sealed);
  return concatBytes(FRAME_MAGIC, len, nonce, ciphertext);
}

/** The frame starting at `at`, or undefined if the bytes there are not a whole frame. */
function frameAt(bytes: Uint8Array, at: number): { frame: Frame; end: number } | undefined {
  if (at + FRAME_HEADER_BYTES > bytes.length || !equalBytes(bytes.subarray(at, at + FRAME_MAGIC.length), FRAME_MAGIC)) return undefined;
  const sealed = new DataView(bytes.buffer, bytes.byteOffset + at + FRAME_MAGIC.length, LENGTH_BYTES).getUint32(0);
  const start = at + FRAME_HEADER_BYTES;
  if (sealed < MIN_SEALED_BYTES || sealed > MAX_SEALED_BYTES || start + sealed > bytes.length) return undefined;
  const frame = { nonce: bytes.subarray(start, start + FRAME_NONCE_BYTES), ciphertext: bytes.subarray(start + FRAME_NONCE_BYTES, start + sealed) };
  return { frame, end: start + sealed };
}

/** Splits a value made of frames back to back; undefined if it is anything else. */
export function splitFrames(value: Uint8Array): { frame: Frame; bytes: Uint8Array }[] | undefined {
  const out: { frame: Frame; bytes: Uint8Array }[] = [];
  for (let at = 0; at < value.length; ) {
    const f = frameAt(value, at);
    if (f === undefined) return undefined;
    out.push({ frame: f.frame, bytes: value.subarray(at, f.end) });
    at = f.end;
  }
  return out;
}

/** Every whole frame anywhere in `bytes` (forensic scan: any offset, overlaps allowed). */
export function findFrames(bytes: Uint8Array): Frame[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Frame[] = [];
  for (let at = buf.indexOf(FRAME_MAGIC); at >= 0; at = buf.indexOf(FRAME_MAGIC, at + 1)) {
    const f = frameAt(bytes, at);
    if (f !== undefined) out.push(f.frame);
  }
  return out;
}
