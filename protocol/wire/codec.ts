// Building blocks for every sealroom wire and storage format. Encoding is total; decoding is strict
// (docs/conventions.md): the whole-message size cap is checked first, then each field reads only the
// bytes it owns, lengths are checked against their own caps before allocation, and decodeMessage
// refuses trailing bytes. Every refusal is a ProtocolError with its own code.
import { ProtocolError, UsageError } from '../errors.ts';

/** Append-only output buffer used by encoders. Local to one encode call, never shared. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Cursor over untrusted input used by decoders. Local to one decode call. */
class ByteReader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    readonly what: string,
  ) {}
  get remaining(): number {
    return this.bytes.length - this.at;
  }
  take(n: number): Uint8Array {
    if (n > this.remaining) throw new ProtocolError('WIRE_TRUNCATED', `${this.what}: needs ${n} more bytes, ${this.remaining} left`);
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u8(): number {
    if (this.remaining < 1) throw new ProtocolError('WIRE_TRUNCATED', `${this.what}: needs 1 more byte, 0 left`);
    return this.bytes[this.at++] as number;
  }
}

export interface Codec<T> {
  /** Human name used in error messages, e.g. "RatchetMessage.header". */
  readonly name: string;
  encode(value: T, w: ByteWriter): void;
  decode(r: ByteReader): T;
}

function uint(name: string, width: 1 | 2 | 4): Codec<number> {
  const max = 2 ** (8 * width) - 1;
  return {
    name,
    encode(v, w) {
      if (!Number.isInteger(v) || v < 0 || v > max) throw new UsageError(`${name}: ${v} is not an integer in 0..${max}`);
      for (let i = width - 1; i >= 0; i--) w.u8(Math.floor(v / 2 ** (8 * i)) & 0xff);
    },
    decode(r) {
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + r.u8();
      return v;
    },
  };
}

/** Big-endian unsigned integers. */
export const u8 = uint('u8', 1);
export const u16 = uint('u16', 2);
export const u32 = uint('u32', 4);
export const u64: Codec<bigint> = {
  name: 'u64',
  encode(v, w) {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new UsageError(`u64: ${String(v)} out of range`);
    for (let i = 7n; i >= 0n; i--) w.u8(Number((v >> (8n * i)) & 0xffn));
  },
  decode(r) {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(r.u8());
    return v;
  },
};

/**
 * A time in milliseconds (or another count held as a JS number) written as a u64. Only non-negative
 * safe integers exist on either side: a larger u64 is refused (WIRE_BAD_VALUE) instead of rounded,
 * so every value that decodes encodes back to the same bytes and every stored one can be saved again.
 */
export function safeUint(name: string): Codec<number> {
  return {
    name,
    encode(v, w) {
      if (!Number.isSafeInteger(v) || v < 0) throw new UsageError(`${name}: ${v} is not a non-negative safe integer`);
      u64.encode(BigInt(v), w);
    },
    decode(r) {
      const v = u64.decode(r);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('WIRE_BAD_VALUE', `${name}: ${v} is above 2^53 - 1`);
      return Number(v);
    },
  };
}

/** Exactly `length` bytes, no prefix (keys, tags, nonces). */
export function fixedBytes(name: string, length: number): Codec<Uint8Array> {
  return {
    name,
    encode(v, w) {
      if (!(v instanceof Uint8Array) || v.length !== length) throw new UsageError(`${name}: expected ${length} bytes`);
      w.raw(v);
    },
    decode: (r) => r.take(length),
  };
}

/** A length-prefixed byte string (u16 or u32 prefix) whose length must not exceed `maxLength`. */
export function varBytes(name: string, maxLength: number, prefix: Codec<number> = u32): Codec<Uint8Array> {
  return {
    name,
    encode(v, w) {
      if (!(v instanceof Uint8Array)) throw new UsageError(`${name}: expected Uint8Array`);
      if (v.length > maxLength) throw new UsageError(`${name}: ${v.length} bytes exceeds the limit of ${maxLength}`);
      prefix.encode(v.length, w);
      w.raw(v);
    },
    decode(r) {
      const length = prefix.decode(r);
      if (length > maxLength) throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `${name}: length ${length} exceeds the limit of ${maxLength}`);
      return r.take(length);
    },
  };
}

/** A lone UTF-16 surrogate: TextEncoder would silently turn it into U+FFFD, so it could not round-trip. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-8 string with a byte-length cap; invalid UTF-8 is refused. Encoding is exact: decode(encode(s)) === s. */
export function utf8String(name: string, maxBytes: number): Codec<string> {
  const inner = varBytes(name, maxBytes, u16);
  const enc = new TextEncoder();
  // ignoreBOM: keep a leading U+FEFF as a character; the default would strip it and break round trips.
  const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return {
    name,
    encode(v, w) {
      if (typeof v !== 'string') throw new UsageError(`${name}: expected a string`);
      if (LONE_SURROGATE.test(v)) throw new UsageError(`${name}: string has a lone surrogate (not encodable as UTF-8)`);
      inner.encode(enc.encode(v), w);
    },
    decode(r) {
      const b = inner.decode(r);
      try {
        return dec.decode(b);
      } catch {
        throw new ProtocolError('WIRE_BAD_VALUE', `${name}: not valid UTF-8`);
      }
    },
  };
}

export function bool(name: string): Codec<boolean> {
  return {
    name,
    encode: (v, w) => w.u8(v ? 1 : 0),
    decode(r) {
      const b = r.u8();
      if (b > 1) throw new ProtocolError('WIRE_BAD_VALUE', `${name}: boolean byte ${b}`);
      return b === 1;
    },
  };
}

/**
 * A value that may be absent: one presence byte (0 or 1), then the value. Presence 1 followed by an
 * inner value that is itself `undefined` (a nested optional) is refused: it would re-encode as the
 * single absent byte, so accepting it would make two encodings of one value (docs/conventions.md).
 */
export function optional<T>(inner: Codec<T>): Codec<T | undefined> {
  return {
    name: `${inner.name}?`,
    encode(v, w) {
      if (v === undefined) w.u8(0);
      else {
        w.u8(1);
        inner.encode(v, w);
      }
    },
    decode(r) {
      const b = r.u8();
      if (b === 0) return undefined;
      if (b !== 1) throw new ProtocolError('WIRE_BAD_VALUE', `${inner.name}: presence byte ${b}`);
      const v = inner.decode(r);
      if (v === undefined) throw new ProtocolError('WIRE_BAD_VALUE', `${inner.name}: present but empty (non-canonical)`);
      return v;
    },
  };
}

/** A u32-counted list with a cap on the count, checked before any element is decoded. */
export function listOf<T>(item: Codec<T>, maxCount: number, name = `${item.name}[]`): Codec<readonly T[]> {
  return {
    name,
    encode(v, w) {
      if (!Array.isArray(v)) throw new UsageError(`${name}: expected an array`);
      if (v.length > maxCount) throw new UsageError(`${name}: ${v.length} items exceeds the limit of ${maxCount}`);
      u32.encode(v.length, w);
      for (const x of v) item.encode(x, w);
    },
    decode(r) {
      const count = u32.decode(r);
      if (count > maxCount) throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `${name}: ${count} items exceeds the limit of ${maxCount}`);
      const out: T[] = [];
      for (let i = 0; i < count; i++) out.push(item.decode(r));
      return out;
    },
  };
}

type CodecFields<T> = { readonly [K in keyof T]: Codec<T[K]> };

/** Fields in declaration order, no framing between them. */
export function struct<T extends object>(name: string, fields: CodecFields<T>): Codec<T> {
  const entries = Object.entries(fields) as [keyof T & string, Codec<unknown>][];
  return {
    name,
    encode(v, w) {
      for (const [k, c] of entries) c.encode((v as Record<string, unknown>)[k], w);
    },
    decode(r) {
      const out: Record<string, unknown> = {};
      for (const [k, c] of entries) out[k] = c.decode(r);
      return out as T;
    },
  };
}

/** One version byte in front; any other version is refused before the body is read. */
export function versioned<T>(version: number, inner: Codec<T>): Codec<T> {
  requireByte(version, `${inner.name} version`);
  return {
    name: inner.name,
    encode(v, w) {
      w.u8(version);
      inner.encode(v, w);
    },
    decode(r) {
      const got = r.u8();
      if (got !== version) throw new ProtocolError('WIRE_BAD_VERSION', `${inner.name}: version ${got}, expected ${version}`);
      return inner.decode(r);
    },
  };
}

/**
 * A union discriminated by a `kind` string, encoded as a one-byte tag. Unknown tags are refused.
 * `variants` maps each kind to its tag byte and its body codec (the body excludes `kind`).
 */
export function taggedUnion<K extends string, T extends { readonly kind: K }>(
  name: string,
  variants: { readonly [P in K]: { readonly tag: number; readonly body: Codec<Omit<Extract<T, { kind: P }>, 'kind'>> } },
): Codec<T> {
  const byTag = new Map<number, [K, Codec<unknown>]>();
  for (const kind of Object.keys(variants) as K[]) {
    const v = variants[kind];
    requireByte(v.tag, `${name} tag of ${kind}`);
    if (byTag.has(v.tag)) throw new UsageError(`${name}: duplicate tag ${v.tag}`);
    byTag.set(v.tag, [kind, v.body as Codec<unknown>]);
  }
  return {
    name,
    encode(v, w) {
      // Own properties only: a kind such as "toString" must not find Object.prototype's member.
      const kind = typeof v === 'object' && v !== null ? v.kind : undefined;
      if (kind === undefined || !Object.hasOwn(variants, kind)) throw new UsageError(`${name}: unknown kind ${String(kind)}`);
      const variant = variants[kind];
      w.u8(variant.tag);
      (variant.body as Codec<unknown>).encode(v, w);
    },
    decode(r) {
      const tag = r.u8();
      const hit = byTag.get(tag);
      if (hit === undefined) throw new ProtocolError('WIRE_UNKNOWN_TAG', `${name}: unknown tag ${tag}`);
      const body = hit[1].decode(r) as object;
      return { kind: hit[0], ...body } as unknown as T;
    },
  };
}

/** Version bytes and union tags are written with one byte: anything else is a bug in the format's definition. */
function requireByte(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new UsageError(`${what}: ${value} is not a byte value 0..255`);
}

/** Serialize a whole message; refuses (as a caller bug) one that would break its own size cap. */
export function encodeMessage<T>(codec: Codec<T>, value: T, maxBytes: number): Uint8Array {
  const w = new ByteWriter();
  codec.encode(value, w);
  const out = w.finish();
  if (out.length > maxBytes) throw new UsageError(`${codec.name}: encoded size ${out.length} exceeds the cap of ${maxBytes}`);
  return out;
}

/** Parse a whole untrusted message: size cap first, then the fields, then no trailing bytes. */
export function decodeMessage<T>(codec: Codec<T>, bytes: Uint8Array, maxBytes: number): T {
  if (!(bytes instanceof Uint8Array)) throw new UsageError(`${codec.name}: expected Uint8Array input`);
  if (bytes.length > maxBytes) throw new ProtocolError('WIRE_TOO_LARGE', `${codec.name}: ${bytes.length} bytes exceeds the cap of ${maxBytes}`);
  const r = new ByteReader(bytes, codec.name);
  const value = codec.decode(r);
  if (r.remaining !== 0) throw new ProtocolError('WIRE_TRAILING_BYTES', `${codec.name}: ${r.remaining} trailing bytes`);
  return value;
}
