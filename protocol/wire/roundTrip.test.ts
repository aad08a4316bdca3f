// Every wire and stored format of the protocol, as a property (docs/conventions.md: strict decoding,
// one encoding per value): decode(encode(x)) = x for generated values, and for mutated encodings
// (bit flips, cuts, inserted and dropped bytes, fields saturated to 0xff) the decoder either returns
// a value that encodes back to exactly those bytes, or refuses with a ProtocolError. Runs are few
// (each value is mutated a dozen times) so the file takes seconds.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decodeContent, encodeContent } from '../content/content.ts';
import { isProtocolError } from '../errors.ts';
import { messageId, roomId } from '../ids.ts';
import { decodeRatchetState, encodeRatchetState } from '../ratchet/stateCodec.ts';
import { sessionCodec, type Session } from '../session/session.ts';
import { decodeChatMessage, encodeChatMessage } from '../variants/shipped2014/chatMessage.ts';
import { bytesToBigInt } from '../variants/shipped2014/bigint.ts';
import { decodeRoomKeyMessage, encodeRoomKeyMessage } from '../variants/shipped2014/roomKeyMessage.ts';
import { decodeRsaPublicKey, encodeRsaPublicKey, RSA_MODULUS_BYTES } from '../variants/shipped2014/rsaKey.ts';
import { ByteWriter, decodeMessage } from './codec.ts';
import { decodeGroupMessage, encodeGroupMessage } from './groupMessage.ts';
import { decodeGroupPairwise, encodeGroupPairwise } from './groupPairwise.ts';
import { decodeGroupState, encodeGroupState } from './groupState.ts';
import { decodeInitialMessage, encodeInitialMessage } from './initialMessage.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from './pairwiseMessage.ts';
import { decodePreKeyBundle, encodePreKeyBundle } from './preKeyBundle.ts';
import { decodeRatchetMessage, encodeRatchetMessage } from './ratchetMessage.ts';
import {
  bytesOf,
  checkRoundTrip,
  contentArb,
  expectCanonicalOrRefused,
  groupMessageArb,
  groupPairwiseArb,
  groupStateArb,
  initialMessageArb,
  mutationsArb,
  pairwiseMessageArb,
  preKeyBundleArb,
  ratchetMessageArb,
  ratchetStateArb,
  sessionArb,
  type Format,
} from '../../test/kits/wireArbitraries.ts';

const RUNS = { numRuns: 40 };

const session: Format<Session> = {
  encode(v) {
    const w = new ByteWriter();
    sessionCodec.encode(v, w);
    return w.finish();
  },
  decode: (b) => decodeMessage(sessionCodec, b, 1 << 20),
};

interface Case {
  readonly format: Format<unknown>;
  readonly arb: fc.Arbitrary<unknown>;
}

/** One format with its values: the arbitrary's type must be the format's. */
function entry<T>(encode: (v: T) => Uint8Array, decode: (b: Uint8Array) => T, arb: fc.Arbitrary<T>): Case {
  return { format: { encode, decode } as Format<unknown>, arb };
}

const formats: Record<string, Case> = {
  'ratchet message': entry(encodeRatchetMessage, decodeRatchetMessage, ratchetMessageArb),
  'initial (setup) message': entry(encodeInitialMessage, decodeInitialMessage, initialMessageArb),
  'pairwise message': entry(encodePairwiseMessage, decodePairwiseMessage, pairwiseMessageArb),
  'prekey bundle': entry(encodePreKeyBundle, decodePreKeyBundle, preKeyBundleArb),
  content: entry(encodeContent, decodeContent, contentArb),
  'group pairwise payload': entry(encodeGroupPairwise, decodeGroupPairwise, groupPairwiseArb),
  'group message': entry(encodeGroupMessage, decodeGroupMessage, groupMessageArb),
  'group state (stored)': entry(encodeGroupState, decodeGroupState, groupStateArb),
  'ratchet state (stored)': entry(encodeRatchetState, decodeRatchetState, ratchetStateArb),
  'session (stored)': entry(session.encode, session.decode, sessionArb),
  'shipped-2014 chat message': entry(encodeChatMessage, decodeChatMessage, fc.record({ messageId: fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }), ciphertext: fc.uint8Array({ maxLength: 64 }) })),
  'shipped-2014 room-key message': entry(encodeRoomKeyMessage, decodeRoomKeyMessage, fc.record({ wrappedForPeer: bytesOf(256), wrappedForSelf: bytesOf(256) })),
  'shipped-2014 directory public key': entry(
    encodeRsaPublicKey,
    decodeRsaPublicKey,
    // The shape the decoder checks: an odd modulus of exactly 2048 bits, an odd exponent of at least 3.
    fc.record({
      n: bytesOf(RSA_MODULUS_BYTES).map((b) => bytesToBigInt(b) | (1n << 2047n) | 1n),
      e: fc.integer({ min: 1, max: 0x7fff_ffff }).map((k) => BigInt(2 * k + 1)),
    }),
  ),
};

describe('every wire and stored format round-trips and decodes canonically', () => {
  for (const [name, { format, arb }] of Object.entries(formats)) {
    test.prop([arb, mutationsArb], RUNS)(`${name}: decode(encode(x)) = x; a mutated encoding is canonical or a ProtocolError`, (value, mutations) => {
      checkRoundTrip(format, value, mutations);
    });
    test.prop([fc.uint8Array({ maxLength: 96 })], RUNS)(`${name}: arbitrary bytes are canonical or a ProtocolError`, (bytes) => {
      expectCanonicalOrRefused(format, bytes);
    });
  }
});

describe('values a decoder used to accept but its encoder could not write back', () => {
  const text = { kind: 'text', messageId: messageId('m'), roomId: roomId('r'), sentAtMs: 0, evaporation: { mode: 'view-once' }, body: new Uint8Array(3) } as const;
  const codeOf = (f: () => unknown): string => {
    try {
      f();
      return 'accepted';
    } catch (e) {
      return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
    }
  };

  test('a sentAtMs above 2^53 - 1 is refused WIRE_BAD_VALUE, not clamped', () => {
    const bytes = encodeContent(text);
    const at = bytes.length - 3 - 4 - 1 - 8; // body, its length, the evaporation tag, then the u64 time
    for (const top of [0xff, 0x00_20]) {
      const over = bytes.slice();
      over.fill(0, at, at + 8);
      if (top === 0xff) over.fill(0xff, at, at + 8);
      else over[at + 1] = top; // exactly 2^53
      expect(codeOf(() => decodeContent(over))).toBe('WIRE_BAD_VALUE');
    }
    const largest = { ...text, sentAtMs: Number.MAX_SAFE_INTEGER };
    expect(decodeContent(encodeContent(largest))).toEqual(largest);
  });

  test('an evaporation timer of 2^32 - 1 ms (which the device store cannot write) is refused WIRE_BAD_VALUE', () => {
    const bytes = encodeContent({ ...text, evaporation: { mode: 'timer', ms: 0xffff_fffe } });
    const over = bytes.slice();
    over[bytes.length - 3 - 4 - 1] = 0xff; // the timer's last byte: 0xfffffffe → 0xffffffff
    expect(codeOf(() => decodeContent(over))).toBe('WIRE_BAD_VALUE');
    expect(() => encodeContent({ ...text, evaporation: { mode: 'timer', ms: 0xffff_ffff } })).toThrow(TypeError);
  });
});
