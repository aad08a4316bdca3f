// What the relay carries: an envelope (opaque end-to-end ciphertext plus routing metadata), its
// binary encoding (used for at-rest records, the curious archive and the "everything seen" record),
// and the size bucket the metadata log keeps instead of an exact length. The decoder is strict like
// every wire codec (docs/conventions.md §8): an unknown kind or a time above 2^53 - 1 is a
// ProtocolError, so whatever decodes encodes back to the same bytes.
import { ProtocolError, UsageError } from '../../protocol/errors.ts';
import type { DeviceId, RoomId } from '../../protocol/ids.ts';
import { MAX_WIRE_MESSAGE_BYTES } from '../../protocol/limits.ts';
import { type Codec, decodeMessage, encodeMessage, optional, safeUint, struct, u8, utf8String, varBytes, versioned } from '../../protocol/wire/codec.ts';
import { MAX_SIM_ID_BYTES } from '../engine/limits.ts';

const ENVELOPE_KINDS = ['pairwise', 'group', 'control'] as const;
export type EnvelopeKind = (typeof ENVELOPE_KINDS)[number];

export interface Envelope {
  /** The sender's id for the envelope (the server assigns its own serverId on storing). */
  readonly id: string;
  readonly from: DeviceId;
  readonly to: DeviceId;
  readonly roomId?: RoomId;
  readonly kind: EnvelopeKind;
  readonly body: Uint8Array;
  readonly sentAtMs: number;
}

/** An envelope as the server keeps it: with the server's id and the time it was stored. */
export interface StoredEnvelope {
  readonly serverId: string;
  readonly storedAtMs: number;
  readonly envelope: Envelope;
}

/** Largest encoded stored envelope: a maximal body plus ids and framing. */
const MAX_STORED_ENVELOPE_BYTES = MAX_WIRE_MESSAGE_BYTES + 8 * MAX_SIM_ID_BYTES;

interface WireEnvelope {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly roomId: string | undefined;
  readonly kind: EnvelopeKind;
  readonly body: Uint8Array;
  readonly sentAtMs: number;
}

/** The kind as one byte, its index in ENVELOPE_KINDS; any other byte is refused WIRE_UNKNOWN_TAG. */
const envelopeKind: Codec<EnvelopeKind> = {
  name: 'Envelope.kind',
  encode(v, w) {
    const tag = ENVELOPE_KINDS.indexOf(v);
    if (tag < 0) throw new UsageError(`Envelope.kind: unknown ${String(v)}`);
    u8.encode(tag, w);
  },
  decode(r) {
    const tag = u8.decode(r);
    const kind = ENVELOPE_KINDS[tag];
    if (kind === undefined) throw new ProtocolError('WIRE_UNKNOWN_TAG', `Envelope.kind: unknown tag ${tag}`);
    return kind;
  },
};

const idString = (name: string) => utf8String(name, MAX_SIM_ID_BYTES);

const wireEnvelope = struct<WireEnvelope>('Envelope', {
  id: idString('Envelope.id'),
  from: idString('Envelope.from'),
  to: idString('Envelope.to'),
  roomId: optional(idString('Envelope.roomId')),
  kind: envelopeKind,
  body: varBytes('Envelope.body', MAX_WIRE_MESSAGE_BYTES),
  sentAtMs: safeUint('Envelope.sentAtMs'),
});

const storedCodec = versioned(
  1,
  struct<{ serverId: string; storedAtMs: number; envelope: WireEnvelope }>('StoredEnvelope', {
    serverId: idString('StoredEnvelope.serverId'),
    storedAtMs: safeUint('StoredEnvelope.storedAtMs'),
    envelope: wireEnvelope,
  }),
);

function toWire(e: Envelope): WireEnvelope {
  return { id: e.id, from: e.from, to: e.to, roomId: e.roomId, kind: e.kind, body: e.body, sentAtMs: e.sentAtMs };
}

function fromWire(w: WireEnvelope): Envelope {
  const base = { id: w.id, from: w.from as DeviceId, to: w.to as DeviceId, kind: w.kind, body: w.body, sentAtMs: w.sentAtMs };
  return w.roomId === undefined ? base : { ...base, roomId: w.roomId as RoomId };
}

export function encodeStoredEnvelope(s: StoredEnvelope): Uint8Array {
  return encodeMessage(storedCodec, { serverId: s.serverId, storedAtMs: s.storedAtMs, envelope: toWire(s.envelope) }, MAX_STORED_ENVELOPE_BYTES);
}

/** Decodes a stored envelope; a ProtocolError (WIRE_*) for anything the encoder would not have written. */
export function decodeStoredEnvelope(bytes: Uint8Array): StoredEnvelope {
  const w = decodeMessage(storedCodec, bytes, MAX_STORED_ENVELOPE_BYTES);
  return { serverId: w.serverId, storedAtMs: w.storedAtMs, envelope: fromWire(w.envelope) };
}

/** Checks an envelope handed to the server (by a device or an adversary action); UsageError names the field. */
export function checkEnvelope(e: Envelope): Envelope {
  if (typeof e.id !== 'string' || e.id.length === 0) throw new UsageError('envelope.id: expected a non-empty string');
  if (!(ENVELOPE_KINDS as readonly string[]).includes(e.kind)) throw new UsageError(`envelope.kind: unknown ${String(e.kind)}`);
  if (!(e.body instanceof Uint8Array)) throw new UsageError('envelope.body: expected Uint8Array');
  if (e.body.length > MAX_WIRE_MESSAGE_BYTES) throw new UsageError(`envelope.body: ${e.body.length} bytes exceeds MAX_WIRE_MESSAGE_BYTES`);
  if (!Number.isSafeInteger(e.sentAtMs) || e.sentAtMs < 0) throw new UsageError(`envelope.sentAtMs: expected a non-negative integer`);
  return e;
}

/** Smallest size bucket the metadata log records; below it every envelope looks the same. */
const MIN_SIZE_BUCKET_BYTES = 256;

/** The metadata log's size field: the smallest power of two >= the body length (at least 256). */
export function sizeBucket(byteLength: number): number {
  let bucket = MIN_SIZE_BUCKET_BYTES;
  while (bucket < byteLength) bucket *= 2;
  return bucket;
}
