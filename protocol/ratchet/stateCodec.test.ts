// The stored ratchet state's strict codec: a round trip restores a working session, and every
// malformed or over-the-limit encoding is refused with its WIRE_* code.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { isProtocolError, type ProtocolErrorCode } from '../errors.ts';
import { MAX_RECEIVER_CHAINS, MAX_SKIPPED_KEYS } from '../limits.ts';
import { ByteWriter, u32 } from '../wire/codec.ts';
import { ratchetDecrypt } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { ctxOf, makePair } from './fixture.ts';
import { decodeRatchetState, encodeRatchetState, MAX_RATCHET_STATE_BYTES } from './stateCodec.ts';
import type { RatchetState } from './state.ts';

function refusal(bytes: Uint8Array): ProtocolErrorCode | 'accepted' {
  try {
    decodeRatchetState(bytes);
    return 'accepted';
  } catch (e) {
    if (isProtocolError(e)) return e.code;
    throw e;
  }
}

/** A state with a receiving chain and skipped keys, after a little traffic. */
function busyState(): { state: RatchetState } {
  const pair = makePair('codec');
  const { alice, bob } = pair;
  const msgs = [0, 1, 2].map((i) => {
    const r = ratchetEncrypt(bob.state, utf8(`b${i}`), ctxOf(bob, pair.flags));
    bob.state = r.state;
    return r.message;
  });
  alice.state = ratchetDecrypt(alice.state, msgs[2]!, ctxOf(alice, pair.flags, 123)).state;
  return { state: alice.state };
}

describe('ratchet state codec', () => {
  test('round trip is exact and the decoded state keeps working', () => {
    const pair = makePair('codec-rt');
    const { alice, bob } = pair;
    const m = ratchetEncrypt(bob.state, utf8('late'), ctxOf(bob, pair.flags));
    bob.state = m.state;
    const m2 = ratchetEncrypt(bob.state, utf8('now'), ctxOf(bob, pair.flags));
    alice.state = ratchetDecrypt(alice.state, m2.message, ctxOf(alice, pair.flags, 5)).state;
    const bytes = encodeRatchetState(alice.state);
    const back = decodeRatchetState(bytes);
    expect(encodeRatchetState(back)).toEqual(bytes);
    expect(back.skipped[0]?.storedAtMs).toBe(5);
    const r = ratchetDecrypt(back, m.message, ctxOf(alice, pair.flags, 6));
    expect(new TextDecoder().decode(r.payload)).toBe('late');
  });

  test('refuses truncation, trailing bytes, a wrong version and a bad role byte', () => {
    const bytes = encodeRatchetState(busyState().state);
    expect(refusal(bytes.slice(0, bytes.length - 1))).toBe('WIRE_TRUNCATED');
    expect(refusal(Uint8Array.of(...bytes, 0))).toBe('WIRE_TRAILING_BYTES');
    const v = bytes.slice();
    v[0] = 9;
    expect(refusal(v)).toBe('WIRE_BAD_VERSION');
    const role = bytes.slice();
    role[1] = 2;
    expect(refusal(role)).toBe('WIRE_BAD_VALUE');
    expect(refusal(new Uint8Array(MAX_RATCHET_STATE_BYTES + 1))).toBe('WIRE_TOO_LARGE');
  });

  test('refuses a duplicated receiving chain or skipped key', () => {
    const { state } = busyState();
    const chain = state.receiving[0]!;
    expect(refusal(encodeRatchetState({ ...state, receiving: [chain, chain] }))).toBe('WIRE_BAD_VALUE');
    const key = state.skipped[0]!;
    expect(refusal(encodeRatchetState({ ...state, skipped: [key, key] }))).toBe('WIRE_BAD_VALUE');
  });

  test('over the limit: list counts above MAX_RECEIVER_CHAINS / MAX_SKIPPED_KEYS are refused before decoding items', () => {
    const { state } = busyState();
    const bytes = encodeRatchetState(state);
    // Offsets: version, role, rootKey, sending (32+32+32+32+4), previousCounter -> receiving count.
    const receivingAt = 1 + 1 + 32 + 132 + 4;
    const tooManyChains = bytes.slice();
    new DataView(tooManyChains.buffer).setUint32(receivingAt, MAX_RECEIVER_CHAINS + 1);
    expect(refusal(tooManyChains)).toBe('WIRE_LENGTH_OVER_LIMIT');
    const skippedAt = receivingAt + 4 + state.receiving.length * 100;
    const tooManyKeys = bytes.slice();
    new DataView(tooManyKeys.buffer).setUint32(skippedAt, MAX_SKIPPED_KEYS + 1);
    expect(refusal(tooManyKeys)).toBe('WIRE_LENGTH_OVER_LIMIT');
    const w = new ByteWriter();
    u32.encode(state.skipped.length, w);
    expect(bytes.slice(skippedAt, skippedAt + 4)).toEqual(w.finish());
  });
});
