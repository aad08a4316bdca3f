// Properties of the wire codec combinators (codec.ts; docs/conventions.md): random schemas built from every
// combinator round-trip random values; random and mutated bytes never crash a decoder (a value or a
// ProtocolError, nothing else) and any accepted input is the canonical encoding of what it decodes
// to; and one test per rejection code.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { utf8 } from '../bytes.ts';
import { isProtocolError, ProtocolError, UsageError, type ProtocolErrorCode } from '../errors.ts';
import { bool, decodeMessage, encodeMessage, fixedBytes, listOf, optional, struct, taggedUnion, u16, u32, u64, u8, utf8String, varBytes, versioned, type Codec } from './codec.ts';

// ---- random schemas -----------------------------------------------------------------------------

type Schema =
  | { readonly t: 'u8' | 'u16' | 'u32' | 'u64' | 'bool' }
  | { readonly t: 'fixed'; readonly n: number }
  | { readonly t: 'var'; readonly max: number; readonly prefix: 'u16' | 'u32' }
  | { readonly t: 'utf8'; readonly max: number }
  | { readonly t: 'opt'; readonly inner: Schema }
  | { readonly t: 'list'; readonly item: Schema; readonly max: number }
  | { readonly t: 'struct'; readonly fields: readonly Schema[] }
  | { readonly t: 'versioned'; readonly version: number; readonly inner: Schema }
  | { readonly t: 'union'; readonly variants: readonly { readonly tag: number; readonly fields: readonly Schema[] }[] };

/** Large enough for any value the schemas below produce; the cap itself has its own test. */
const TEST_MESSAGE_CAP = 1 << 20;
const byte = fc.integer({ min: 0, max: 255 });

const { schema: schemaArb } = fc.letrec<{ schema: Schema; leaf: Schema }>((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom<Schema>({ t: 'u8' }, { t: 'u16' }, { t: 'u32' }, { t: 'u64' }, { t: 'bool' }),
    fc.record({ t: fc.constant('fixed' as const), n: fc.integer({ min: 0, max: 8 }) }),
    fc.record({ t: fc.constant('var' as const), max: fc.integer({ min: 0, max: 16 }), prefix: fc.constantFrom('u16' as const, 'u32' as const) }),
    fc.record({ t: fc.constant('utf8' as const), max: fc.integer({ min: 0, max: 24 }) }),
  ),
  schema: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    tie('leaf'),
    fc.record({ t: fc.constant('opt' as const), inner: tie('schema') }),
    fc.record({ t: fc.constant('list' as const), item: tie('schema'), max: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ t: fc.constant('struct' as const), fields: fc.array(tie('schema'), { maxLength: 4 }) }),
    fc.record({ t: fc.constant('versioned' as const), version: byte, inner: tie('schema') }),
    fc.record({
      t: fc.constant('union' as const),
      variants: fc.uniqueArray(fc.record({ tag: byte, fields: fc.array(tie('schema'), { maxLength: 3 }) }), {
        minLength: 1,
        maxLength: 4,
        selector: (v) => v.tag,
      }),
    }),
  ),
}));

const fieldName = (i: number): string => `f${i}`;
const kindName = (i: number): string => `k${i}`;

function structCodec(name: string, fields: readonly Schema[]): Codec<Record<string, unknown>> {
  return struct<Record<string, unknown>>(name, Object.fromEntries(fields.map((f, i) => [fieldName(i), codecOf(f)])));
}

function codecOf(s: Schema): Codec<unknown> {
  switch (s.t) {
    case 'u8':
      return u8 as Codec<unknown>;
    case 'u16':
      return u16 as Codec<unknown>;
    case 'u32':
      return u32 as Codec<unknown>;
    case 'u64':
      return u64 as Codec<unknown>;
    case 'bool':
      return bool('b') as Codec<unknown>;
    case 'fixed':
      return fixedBytes('fixed', s.n) as Codec<unknown>;
    case 'var':
      return varBytes('var', s.max, s.prefix === 'u16' ? u16 : u32) as Codec<unknown>;
    case 'utf8':
      return utf8String('str', s.max) as Codec<unknown>;
    case 'opt':
      return optional(codecOf(s.inner)) as Codec<unknown>;
    case 'list':
      return listOf(codecOf(s.item), s.max) as Codec<unknown>;
    case 'struct':
      return structCodec('S', s.fields) as Codec<unknown>;
    case 'versioned':
      return versioned(s.version, codecOf(s.inner));
    case 'union': {
      const variants = Object.fromEntries(s.variants.map((v, i) => [kindName(i), { tag: v.tag, body: structCodec(`V${i}`, v.fields) }]));
      return taggedUnion('U', variants as never) as Codec<unknown>;
    }
  }
}

function structValue(fields: readonly Schema[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(...fields.map(valueOf)).map((vals) => Object.fromEntries(vals.map((v, i) => [fieldName(i), v])));
}

/** Strings that fit in `max` UTF-8 bytes: any code point (<= 4 bytes each), ASCII, and a leading BOM. */
function stringValue(max: number): fc.Arbitrary<string> {
  const options = [fc.string({ unit: 'binary', maxLength: Math.floor(max / 4) }), fc.string({ unit: 'binary-ascii', maxLength: Math.floor(max / 2) })];
  if (max >= 3) options.push(fc.string({ unit: 'binary-ascii', maxLength: Math.floor((max - 3) / 2) }).map((x) => `\uFEFF${x}`));
  return fc.oneof(...options);
}

function valueOf(s: Schema): fc.Arbitrary<unknown> {
  switch (s.t) {
    case 'u8':
      return byte;
    case 'u16':
      return fc.integer({ min: 0, max: 0xffff });
    case 'u32':
      return fc.oneof(fc.nat({ max: 0xffffffff }), fc.constantFrom(0, 0xffffffff));
    case 'u64':
      return fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 64n - 1n));
    case 'bool':
      return fc.boolean();
    case 'fixed':
      return fc.uint8Array({ minLength: s.n, maxLength: s.n });
    case 'var':
      return fc.uint8Array({ maxLength: s.max });
    case 'utf8':
      return stringValue(s.max);
    case 'opt':
      return fc.option(valueOf(s.inner), { nil: undefined });
    case 'list':
      return fc.array(valueOf(s.item), { maxLength: s.max });
    case 'struct':
      return structValue(s.fields);
    case 'versioned':
      return valueOf(s.inner);
    case 'union':
      return fc.oneof(...s.variants.map((v, i) => structValue(v.fields).map((body) => ({ kind: kindName(i), ...body }))));
  }
}

const schemaAndValue = schemaArb.chain((s) => valueOf(s).map((v) => ({ schema: s, value: v })));

/** Decodes untrusted bytes: returns the value, or the ProtocolError; any other exception fails the test. */
function decodeOrRefuse(codec: Codec<unknown>, bytes: Uint8Array): { value: unknown } | { refused: ProtocolError } {
  try {
    return { value: decodeMessage(codec, bytes, TEST_MESSAGE_CAP) };
  } catch (e) {
    if (e instanceof ProtocolError) return { refused: e };
    throw e;
  }
}

/** Strict decoding is canonical: whatever a decoder accepts re-encodes to exactly the input. */
function expectCanonicalOrRefused(codec: Codec<unknown>, bytes: Uint8Array): void {
  const r = decodeOrRefuse(codec, bytes);
  if ('value' in r) expect(encodeMessage(codec, r.value, TEST_MESSAGE_CAP)).toEqual(bytes);
}

type Mutation = { op: 'flip'; at: number; bit: number } | { op: 'cut'; at: number } | { op: 'insert'; at: number; bytes: Uint8Array } | { op: 'drop'; at: number; n: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
);

function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  const at = b.length === 0 ? 0 : m.at % (b.length + 1);
  const arr = Array.from(b);
  if (m.op === 'flip' && at < arr.length) arr[at] = (arr[at] as number) ^ (1 << m.bit);
  if (m.op === 'cut') arr.length = at;
  if (m.op === 'insert') arr.splice(at, 0, ...m.bytes);
  if (m.op === 'drop') arr.splice(at, m.n);
  return Uint8Array.from(arr);
}

describe('codec properties', () => {
  test.prop([schemaAndValue], { numRuns: 300 })('encode then decode returns the value, for every combinator nested', ({ schema, value }) => {
    const codec = codecOf(schema);
    const bytes = encodeMessage(codec, value, TEST_MESSAGE_CAP);
    expect(decodeMessage(codec, bytes, TEST_MESSAGE_CAP)).toStrictEqual(value);
  });

  test.prop([schemaArb, fc.uint8Array({ maxLength: 64 })], { numRuns: 300 })('SEC-INTEGRITY random bytes: a value (canonically encoded) or a ProtocolError, never a crash', (schema, bytes) =>
    expectCanonicalOrRefused(codecOf(schema), bytes),
  );

  test.prop([schemaAndValue, fc.array(mutationArb, { minLength: 1, maxLength: 3 })], { numRuns: 300 })(
    'SEC-INTEGRITY mutated encodings: a value (canonically encoded) or a ProtocolError, never a crash',
    ({ schema, value }, mutations) => {
      const codec = codecOf(schema);
      const bytes = mutations.reduce(mutate, encodeMessage(codec, value, TEST_MESSAGE_CAP));
      expectCanonicalOrRefused(codec, bytes);
    },
  );
});

// ---- one test per rejection code ----------------------------------------------------------------

function expectCode(codec: Codec<unknown>, bytes: number[], code: ProtocolErrorCode, maxBytes = TEST_MESSAGE_CAP): void {
  let caught: unknown;
  try {
    decodeMessage(codec, Uint8Array.from(bytes), maxBytes);
  } catch (e) {
    caught = e;
  }
  expect(isProtocolError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
}

type Shape = { kind: 'a'; x: number } | { kind: 'b'; y: boolean };
const shape = taggedUnion<'a' | 'b', Shape>('Shape', {
  a: { tag: 1, body: struct('A', { x: u8 }) },
  b: { tag: 2, body: struct('B', { y: bool('y') }) },
});

describe('SEC-INTEGRITY one rejection code per failure', () => {
  test('WIRE_TOO_LARGE: the size cap is checked before any field', () => {
    expectCode(u8 as Codec<unknown>, [1, 2], 'WIRE_TOO_LARGE', 1);
    // Over the cap and also truncated: the cap wins, because nothing is read first.
    expectCode(u32 as Codec<unknown>, [1, 2], 'WIRE_TOO_LARGE', 1);
    expect(decodeMessage(u8, Uint8Array.of(7), 1)).toBe(7); // exactly at the cap is fine
  });

  test('WIRE_TRUNCATED: fixed-width, fixed-length and length-prefixed fields', () => {
    expectCode(u32 as Codec<unknown>, [0, 0, 1], 'WIRE_TRUNCATED');
    expectCode(u64 as Codec<unknown>, [], 'WIRE_TRUNCATED');
    expectCode(fixedBytes('k', 4) as Codec<unknown>, [1, 2, 3], 'WIRE_TRUNCATED');
    expectCode(varBytes('v', 16, u16) as Codec<unknown>, [0, 5, 1, 2], 'WIRE_TRUNCATED');
    expectCode(listOf(u16, 4) as Codec<unknown>, [0, 0, 0, 2, 0, 1], 'WIRE_TRUNCATED');
  });

  test('WIRE_TRAILING_BYTES: a whole message must be consumed', () => {
    expectCode(u8 as Codec<unknown>, [1, 0], 'WIRE_TRAILING_BYTES');
    expectCode(struct('P', { a: u8, b: u16 }) as Codec<unknown>, [1, 0, 2, 9], 'WIRE_TRAILING_BYTES');
  });

  test('WIRE_BAD_VERSION: checked before the body is read', () => {
    const v2 = versioned(2, struct('Body', { n: u32 })) as Codec<unknown>;
    expectCode(v2, [3, 0, 0, 0, 1], 'WIRE_BAD_VERSION');
    expectCode(v2, [1], 'WIRE_BAD_VERSION'); // wrong version and no body: the version decides
    expect(decodeMessage(v2, Uint8Array.of(2, 0, 0, 0, 1), 16)).toStrictEqual({ n: 1 });
  });

  test('WIRE_UNKNOWN_TAG: a tag no variant owns', () => {
    expectCode(shape as Codec<unknown>, [0, 1], 'WIRE_UNKNOWN_TAG');
    expectCode(shape as Codec<unknown>, [3], 'WIRE_UNKNOWN_TAG');
    expect(decodeMessage(shape, Uint8Array.of(2, 1), 16)).toStrictEqual({ kind: 'b', y: true });
  });

  test('WIRE_LENGTH_OVER_LIMIT: length and count caps are checked before allocation', () => {
    expectCode(varBytes('v', 4) as Codec<unknown>, [0, 0, 0, 5, 1, 2, 3, 4, 5], 'WIRE_LENGTH_OVER_LIMIT');
    // A 4 GiB length claim with only a few bytes present: refused by the cap, not by truncation.
    expectCode(varBytes('v', 4) as Codec<unknown>, [0xff, 0xff, 0xff, 0xff], 'WIRE_LENGTH_OVER_LIMIT');
    expectCode(listOf(u8, 2) as Codec<unknown>, [0, 0, 0, 3, 1, 2, 3], 'WIRE_LENGTH_OVER_LIMIT');
    expectCode(utf8String('s', 2) as Codec<unknown>, [0, 3, 0x61, 0x62, 0x63], 'WIRE_LENGTH_OVER_LIMIT');
  });

  test('WIRE_BAD_VALUE: booleans, presence bytes and UTF-8 are strict', () => {
    expectCode(bool('b') as Codec<unknown>, [2], 'WIRE_BAD_VALUE');
    expectCode(optional(u8) as Codec<unknown>, [2, 0], 'WIRE_BAD_VALUE');
    // A nested optional that is present but empty would re-encode as [0]: two encodings of one value.
    expectCode(optional(optional(u8)) as Codec<unknown>, [1, 0], 'WIRE_BAD_VALUE');
    expect(decodeMessage(optional(optional(u8)), Uint8Array.of(1, 1, 7), TEST_MESSAGE_CAP)).toBe(7);
    const s = utf8String('s', 8) as Codec<unknown>;
    expectCode(s, [0, 1, 0xff], 'WIRE_BAD_VALUE'); // never valid in UTF-8
    expectCode(s, [0, 2, 0xc0, 0x80], 'WIRE_BAD_VALUE'); // overlong NUL
    expectCode(s, [0, 3, 0xed, 0xa0, 0x80], 'WIRE_BAD_VALUE'); // encoded surrogate
    expectCode(s, [0, 2, 0xe2, 0x82], 'WIRE_BAD_VALUE'); // cut inside a code point
  });
});

describe('codec encoder contracts (caller misuse is a UsageError)', () => {
  const usage = (fn: () => unknown) => expect(fn).toThrow(UsageError);

  test('strings round-trip exactly, a leading BOM included; lone surrogates are refused', () => {
    const s = utf8String('s', 32);
    for (const v of ['\uFEFF', '\uFEFFabc', 'a\uFEFF', '\u{1F600}', '']) {
      expect(decodeMessage(s, encodeMessage(s, v, 64), 64)).toBe(v);
    }
    usage(() => encodeMessage(s, '\uD800', 64));
    usage(() => encodeMessage(s, 'x\uDC00y', 64));
    expect(utf8('\uD83D\uDE00').length).toBe(4); // a proper pair is fine
  });

  test('tags and versions must be byte values; kinds must be the union’s own', () => {
    usage(() => versioned(256, u8));
    usage(() => versioned(-1, u8));
    usage(() => taggedUnion<'a', { kind: 'a' }>('T', { a: { tag: 300, body: struct('A', {}) } }));
    usage(() => encodeMessage(shape, { kind: 'toString' } as unknown as Shape, 16));
    usage(() => encodeMessage(listOf(u8, 4), 'abc' as unknown as number[], 16));
  });

  test('encoders refuse out-of-range values and oversize output', () => {
    usage(() => encodeMessage(u8, 256, 16));
    usage(() => encodeMessage(u16, -1, 16));
    usage(() => encodeMessage(u32, 1.5, 16));
    usage(() => encodeMessage(u64, 2n ** 64n, 16));
    usage(() => encodeMessage(fixedBytes('k', 2), Uint8Array.of(1), 16));
    usage(() => encodeMessage(varBytes('v', 2), Uint8Array.of(1, 2, 3), 16));
    usage(() => encodeMessage(listOf(u8, 1), [1, 2], 16));
    usage(() => encodeMessage(varBytes('v', 100), new Uint8Array(20), 10));
  });

  test('decoded byte strings are copies, not views of the input', () => {
    const input = Uint8Array.of(0, 0, 0, 2, 7, 8);
    const out = decodeMessage(varBytes('v', 4), input, 16);
    out[0] = 99;
    expect(input[4]).toBe(7);
  });
});
