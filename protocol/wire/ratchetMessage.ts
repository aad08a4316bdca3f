// A Double Ratchet message on the wire (Signal Double Ratchet spec §3.4: header + ciphertext), with a
// header tag (docs/architecture.md, "Header tags"). Header = the sender's current ratchet public key,
// the length of its previous sending chain (PN) and the message number (N). Type and strict versioned
// codec together; the encoded header is also AD.
import { AEAD_TAG_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import { ProtocolError, UsageError } from '../errors.ts';
import { MAX_WIRE_MESSAGE_BYTES } from '../limits.ts';
import { decodeMessage, encodeMessage, fixedBytes, struct, u32, varBytes, versioned, type Codec } from './codec.ts';

export interface RatchetHeader {
  /** The sender's current ratchet public key (X25519, 32 bytes). */
  readonly ratchetKey: Uint8Array;
  /** Messages in the sender's previous sending chain (PN). */
  readonly previousCounter: number;
  /** This message's index in the sender's current sending chain (N). */
  readonly counter: number;
}

export interface RatchetMessage {
  readonly header: RatchetHeader;
  /** HMAC of the header and the ciphertext's digest under the chain's header key (protocol/ratchet/headerTag.ts). */
  readonly headerTag: Uint8Array;
  /** AEAD output: encrypted payload || 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

/** 2: adds the header tag. */
const RATCHET_MESSAGE_VERSION = 2;
/** Version byte + ratchet key + two u32 counters. */
export const RATCHET_HEADER_BYTES = 1 + X25519_KEY_BYTES + 4 + 4;
/** A header tag: HMAC-SHA256 cut to 128 bits. */
export const HEADER_TAG_BYTES = 16;
/** The ciphertext's u32 length prefix. */
const CIPHERTEXT_PREFIX_BYTES = 4;
/** Largest ciphertext that still fits a wire message of MAX_WIRE_MESSAGE_BYTES. */
export const MAX_RATCHET_CIPHERTEXT_BYTES = MAX_WIRE_MESSAGE_BYTES - RATCHET_HEADER_BYTES - HEADER_TAG_BYTES - CIPHERTEXT_PREFIX_BYTES;
/** Largest payload ratchetEncrypt accepts (the AEAD adds its tag). */
export const MAX_RATCHET_PAYLOAD_BYTES = MAX_RATCHET_CIPHERTEXT_BYTES - AEAD_TAG_BYTES;

const headerBody: Codec<RatchetHeader> = struct<RatchetHeader>('RatchetMessage.header', {
  ratchetKey: fixedBytes('RatchetMessage.header.ratchetKey', X25519_KEY_BYTES),
  previousCounter: u32,
  counter: u32,
});

const ciphertextCodec: Codec<Uint8Array> = (() => {
  const inner = varBytes('RatchetMessage.ciphertext', MAX_RATCHET_CIPHERTEXT_BYTES);
  return {
    name: inner.name,
    encode: inner.encode,
    decode(r) {
      const ct = inner.decode(r);
      if (ct.length < AEAD_TAG_BYTES) throw new ProtocolError('WIRE_BAD_VALUE', `${inner.name}: ${ct.length} bytes is shorter than the AEAD tag`);
      return ct;
    },
  };
})();

export const ratchetMessageCodec: Codec<RatchetMessage> = versioned(
  RATCHET_MESSAGE_VERSION,
  struct<RatchetMessage>('RatchetMessage', { header: headerBody, headerTag: fixedBytes('RatchetMessage.headerTag', HEADER_TAG_BYTES), ciphertext: ciphertextCodec }),
);

export function encodeRatchetMessage(message: RatchetMessage): Uint8Array {
  return encodeMessage(ratchetMessageCodec, message, MAX_WIRE_MESSAGE_BYTES);
}

/** Strict decode of untrusted bytes: size cap, version, exact lengths, no trailing bytes (WIRE_* codes). */
export function decodeRatchetMessage(bytes: Uint8Array): RatchetMessage {
  return decodeMessage(ratchetMessageCodec, bytes, MAX_WIRE_MESSAGE_BYTES);
}

/** The version byte and header exactly as on the wire: the part of the message AD the sender controls. */
export function encodeRatchetHeader(header: RatchetHeader): Uint8Array {
  return withRatchetHeader(new Uint8Array(0), header);
}

const U32_MAX = 0xffff_ffff;

function requireU32(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > U32_MAX) throw new UsageError(`${name}: ${v} is not an integer in 0..${U32_MAX}`);
}

/**
 * `prefix` || encodeRatchetHeader(header) in one allocation, with `spareBytes` zero bytes after it
 * for the caller to fill (a header tag's input): the message AD is built once per message with no
 * intermediate copies. The same bytes as the header codec (ratchetMessage.test.ts pins them).
 */
export function withRatchetHeader(prefix: Uint8Array, header: RatchetHeader, spareBytes = 0): Uint8Array {
  const { ratchetKey, previousCounter, counter } = header;
  if (!(ratchetKey instanceof Uint8Array) || ratchetKey.length !== X25519_KEY_BYTES) throw new UsageError(`RatchetMessage.header.ratchetKey: expected ${X25519_KEY_BYTES} bytes`);
  requireU32('RatchetMessage.header.previousCounter', previousCounter);
  requireU32('RatchetMessage.header.counter', counter);
  const out = new Uint8Array(prefix.length + RATCHET_HEADER_BYTES + spareBytes);
  out.set(prefix);
  const at = prefix.length;
  out[at] = RATCHET_MESSAGE_VERSION;
  out.set(ratchetKey, at + 1);
  const view = new DataView(out.buffer);
  view.setUint32(at + 1 + X25519_KEY_BYTES, previousCounter); // big-endian, as the u32 codec writes
  view.setUint32(at + 5 + X25519_KEY_BYTES, counter);
  return out;
}
