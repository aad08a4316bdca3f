// Sealed records: a labelled payload sealed with XChaCha20-Poly1305 under a storage key and
// written as one or more frames (frame.ts). Each chunk's plaintext names its record — label, write
// sequence number, chunk index and count — so a forensic scan can put found chunks back together.
import { concatBytes, utf8 } from '../../protocol/bytes.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { isProtocolError, ProtocolError, UsageError } from '../../protocol/errors.ts';
import type { Rng } from '../../protocol/random/rng.ts';
import { encodeFrame, findFrames, FRAME_HEADER_BYTES, FRAME_NONCE_BYTES, FRAME_TAG_BYTES, MAX_FRAME_BYTES, splitFrames, type Frame } from './frame.ts';

const CHUNK_FORMAT = 1;
/** Longest record label: labels are short paths such as `record/s12` or `inbox/alice-m3`. */
const MAX_LABEL_BYTES = 200;
const CHUNK_HEADER_BYTES = 1 + 2 + MAX_LABEL_BYTES + 4 + 2 + 2;
/** Payload bytes per chunk, so that every frame stays within MAX_FRAME_BYTES. */
export const CHUNK_DATA_BYTES = MAX_FRAME_BYTES - FRAME_HEADER_BYTES - FRAME_NONCE_BYTES - FRAME_TAG_BYTES - CHUNK_HEADER_BYTES;
/** Chunks per record (u16 count): bounds a record at about 200 MiB, above every store cap. */
const MAX_RECORD_CHUNKS = 0xffff;

/** Associated data of at-rest records on the server's disk. */
export const AT_REST_DOMAIN = utf8('sealroom at-rest record v1');
/** Associated data of the rows of a phone's device store. */
export const DEVICE_ROW_DOMAIN = utf8('sealroom device row v1');

export interface SealKey {
  readonly provider: CryptoProvider;
  readonly key: Uint8Array;
  readonly domain: Uint8Array;
}

/** Strict: a label that is not UTF-8 is refused, never replaced with U+FFFD (it would not name its record). */
const LABEL_DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Chunk {
  readonly label: string;
  readonly seq: number;
  readonly index: number;
  readonly count: number;
  readonly data: Uint8Array;
}

function encodeChunk(c: Chunk): Uint8Array {
  const label = utf8(c.label);
  const head = new Uint8Array(1 + 2 + label.length + 8);
  const v = new DataView(head.buffer);
  v.setUint8(0, CHUNK_FORMAT);
  v.setUint16(1, label.length);
  head.set(label, 3);
  v.setUint32(3 + label.length, c.seq);
  v.setUint16(7 + label.length, c.index);
  v.setUint16(9 + label.length, c.count);
  return concatBytes(head, c.data);
}

function decodeChunk(plain: Uint8Array): Chunk {
  const v = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (plain.length < 3 || v.getUint8(0) !== CHUNK_FORMAT) throw new ProtocolError('STORE_CORRUPT', 'record chunk: bad format byte');
  const n = v.getUint16(1);
  if (n > MAX_LABEL_BYTES || plain.length < 11 + n) throw new ProtocolError('STORE_CORRUPT', 'record chunk: truncated header');
  let label: string;
  try {
    label = LABEL_DECODER.decode(plain.subarray(3, 3 + n));
  } catch {
    throw new ProtocolError('STORE_CORRUPT', 'record chunk: label is not valid UTF-8');
  }
  const chunk = { label, seq: v.getUint32(3 + n), index: v.getUint16(7 + n), count: v.getUint16(9 + n), data: plain.subarray(11 + n) };
  if (chunk.count < 1 || chunk.index >= chunk.count) throw new ProtocolError('STORE_CORRUPT', `record chunk ${label}: index ${chunk.index} of ${chunk.count}`);
  return chunk;
}

/** Seals `payload` as record `label` (write number `seq`): its frames, back to back. */
export function sealRecord(k: SealKey, rng: Rng, label: string, seq: number, payload: Uint8Array): Uint8Array {
  if (utf8(label).length > MAX_LABEL_BYTES) throw new UsageError(`sealed record: label longer than ${MAX_LABEL_BYTES} bytes: ${label}`);
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > 0xffff_ffff) throw new UsageError(`sealed record ${label}: seq ${seq} is not a u32`);
  const count = Math.max(1, Math.ceil(payload.length / CHUNK_DATA_BYTES));
  if (count > MAX_RECORD_CHUNKS) throw new UsageError(`sealed record ${label}: ${payload.length} bytes is over ${MAX_RECORD_CHUNKS} chunks`);
  const frames: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const data = payload.subarray(index * CHUNK_DATA_BYTES, (index + 1) * CHUNK_DATA_BYTES);
    const nonce = rng.bytes(FRAME_NONCE_BYTES);
    frames.push(encodeFrame(nonce, k.provider.xchacha20poly1305.seal(k.key, nonce, encodeChunk({ label, seq, index, count, data }), k.domain)));
  }
  return concatBytes(...frames);
}

function openFrame(k: SealKey, f: Frame): Chunk {
  let plain: Uint8Array;
  try {
    plain = k.provider.xchacha20poly1305.open(k.key, f.nonce, f.ciphertext, k.domain);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_BAD_KEY', 'sealed record does not open with this key (wrong key or tampered)');
    throw e;
  }
  return decodeChunk(plain);
}

/** Opens record `label` as stored: STORE_CORRUPT unless it is exactly that record's frames, in order. */
export function openRecord(k: SealKey, label: string, value: Uint8Array): Uint8Array {
  const frames = splitFrames(value);
  if (frames === undefined || frames.length === 0) throw new ProtocolError('STORE_CORRUPT', `sealed record ${label}: not a sequence of frames`);
  const chunks = frames.map((f) => openFrame(k, f.frame));
  chunks.forEach((c, i) => {
    const first = chunks[0] as Chunk;
    if (c.label !== label || c.seq !== first.seq || c.index !== i || c.count !== frames.length)
      throw new ProtocolError('STORE_CORRUPT', `sealed record ${label}: chunk ${i} belongs to ${c.label}#${c.seq} (${c.index}/${c.count})`);
  });
  return concatBytes(...chunks.map((c) => c.data));
}

interface RecoveredRecord {
  readonly label: string;
  readonly seq: number;
  readonly payload: Uint8Array;
}

export interface Recovery {
  /** Whole records, one per (label, seq), sorted by label then seq. */
  readonly records: readonly RecoveredRecord[];
  /** Chunks of records whose other chunks are gone: their plaintext, in the same order. */
  readonly fragments: readonly { readonly label: string; readonly seq: number; readonly data: Uint8Array }[];
}

/** Forensic recovery: every frame in `haystacks` that opens under the key, reassembled where whole. */
export function recoverRecords(k: SealKey, haystacks: readonly Uint8Array[]): Recovery {
  const groups = new Map<string, Map<number, Chunk>>();
  for (const bytes of haystacks) {
    for (const f of findFrames(bytes)) {
      let c: Chunk;
      try {
        c = openFrame(k, f);
      } catch (e) {
        if (isProtocolError(e)) continue; // another key, a torn frame, or noise
        throw e;
      }
      const id = `${c.label}\u0000${c.seq}\u0000${c.count}`;
      const g = groups.get(id) ?? new Map<number, Chunk>();
      g.set(c.index, c);
      groups.set(id, g);
    }
  }
  const records: RecoveredRecord[] = [];
  const fragments: { label: string; seq: number; data: Uint8Array }[] = [];
  for (const g of groups.values()) {
    const chunks = [...g.values()].sort((a, b) => a.index - b.index);
    const first = chunks[0] as Chunk;
    if (chunks.length === first.count) records.push({ label: first.label, seq: first.seq, payload: concatBytes(...chunks.map((c) => c.data)) });
    else for (const c of chunks) fragments.push({ label: c.label, seq: c.seq, data: c.data.slice() });
  }
  const order = (a: { label: string; seq: number }, b: { label: string; seq: number }) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.seq - b.seq);
  return { records: records.sort(order), fragments: fragments.sort(order) };
}
