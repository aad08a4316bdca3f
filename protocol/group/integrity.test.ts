// SEC-INTEGRITY for group messages: forged (bad signature, wrong signing key), replayed, tampered,
// truncated and misdirected group messages are refused with typed codes, and the receiver's encoded
// state is byte-for-byte what it was before. Also: a used message key leaves the state at once.
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { toHex, utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError } from '../errors.ts';
import { decodeGroupMessage, encodeGroupMessage, groupMessageSignedBytes } from '../wire/groupMessage.ts';
import { encodeGroupState } from '../wire/groupState.ts';
import { createGroup, decodeGroupPairwise, decryptGroupMessage, encryptGroupMessage, receivePairwise } from './index.ts';
import { createdRoom, ctxOf, makeWorld, party, runStep, type World } from '../../test/kits/groupHarness.ts';
import { messageKeys, stepChain } from './senderChain.ts';

function setup(): World {
  return createdRoom('group-integrity', ['a', 'b', 'c']);
}

function send(world: World, from: string, text: string): Uint8Array {
  const p = party(world, from);
  const r = encryptGroupMessage(ctxOf(world, p), p.state!, utf8(text));
  p.state = r.state;
  return r.message;
}

/** Runs a receive that must fail; returns its code and asserts the encoded state did not change. */
function refusedCode(world: World, to: string, message: Uint8Array): string {
  const p = party(world, to);
  const before = encodeGroupState(p.state!);
  try {
    decryptGroupMessage(ctxOf(world, p), p.state!, message);
  } catch (e) {
    expect(encodeGroupState(p.state!)).toEqual(before);
    if (isProtocolError(e)) return e.code;
    throw e;
  }
  return 'accepted';
}

function accept(world: World, to: string, message: Uint8Array): string {
  const p = party(world, to);
  const r = decryptGroupMessage(ctxOf(world, p), p.state!, message);
  p.state = r.state;
  return new TextDecoder().decode(r.plaintext);
}

describe('SEC-INTEGRITY group messages', () => {
  test('SEC-INTEGRITY: a replayed group message is refused DUPLICATE_MESSAGE, state unchanged', () => {
    const world = setup();
    const m = send(world, 'b', 'once');
    expect(accept(world, 'a', m)).toBe('once');
    expect(refusedCode(world, 'a', m)).toBe('DUPLICATE_MESSAGE');
  });

  test('SEC-INTEGRITY: a replay of a skipped-then-used message is refused; the used key left the state', () => {
    const world = setup();
    const m0 = send(world, 'b', 'zero');
    const m1 = send(world, 'b', 'one');
    expect(accept(world, 'a', m1)).toBe('one');
    expect(
      party(world, 'a')
        .state!.receiving.find((r) => r.memberId === 'b')!
        .chains[0]!.skipped.map((k) => k.index),
    ).toEqual([0]);
    expect(accept(world, 'a', m0)).toBe('zero');
    expect(party(world, 'a').state!.receiving.find((r) => r.memberId === 'b')!.chains[0]!.skipped).toEqual([]);
    expect(refusedCode(world, 'a', m0)).toBe('DUPLICATE_MESSAGE');
  });

  test('SEC-INTEGRITY: a message signed with another key (forged by a member who knows the chain key) is refused BAD_SIGNATURE', () => {
    const world = setup();
    const m = decodeGroupMessage(send(world, 'b', 'real'));
    // c holds b's chain key and could make a valid AEAD ciphertext, but not b's signature.
    const forgerSeed = new Uint8Array(32).fill(7);
    const forged = encodeGroupMessage({ ...m, signature: nobleProvider.ed25519Sign(forgerSeed, groupMessageSignedBytes(m, m.ciphertext)) });
    expect(refusedCode(world, 'a', forged)).toBe('BAD_SIGNATURE');
    expect(accept(world, 'a', encodeGroupMessage(m))).toBe('real');
  });

  describe('tampering', () => {
    const world = setup();
    const m = send(world, 'b', 'tamper me');
    fcTest.prop([fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 60 })('SEC-INTEGRITY: any single-byte tamper is refused with a typed code and leaves state unchanged', (position, flip) => {
      const bad = m.slice();
      const at = position % bad.length;
      bad[at] = (bad[at] as number) ^ flip;
      expect(refusedCode(world, 'a', bad)).not.toBe('accepted');
    });
    test('SEC-INTEGRITY: the untampered original is still accepted afterwards', () => {
      expect(accept(world, 'a', m)).toBe('tamper me');
    });
  });

  test('SEC-INTEGRITY: truncated and extended group messages are refused by the decoder', () => {
    const world = setup();
    const m = send(world, 'b', 'x');
    expect(refusedCode(world, 'a', m.slice(0, m.length - 1))).toBe('WIRE_TRUNCATED');
    expect(refusedCode(world, 'a', new Uint8Array([...m, 0]))).toBe('WIRE_TRAILING_BYTES');
    expect(refusedCode(world, 'a', new Uint8Array(0))).toBe('WIRE_TRUNCATED');
  });

  test('SEC-INTEGRITY: a header rewritten to another epoch or room is refused before any key is used', () => {
    const world = setup();
    const m = decodeGroupMessage(send(world, 'b', 'x'));
    expect(refusedCode(world, 'a', encodeGroupMessage({ ...m, epoch: 5 }))).toBe('STALE_EPOCH');
    expect(refusedCode(world, 'a', encodeGroupMessage({ ...m, transcriptHash: new Uint8Array(32) }))).toBe('GROUP_VIEW_MISMATCH');
    expect(refusedCode(world, 'a', encodeGroupMessage({ ...m, roomId: 'room-2' as typeof m.roomId }))).toBe('GROUP_VIEW_MISMATCH');
    expect(refusedCode(world, 'a', encodeGroupMessage({ ...m, chainId: new Uint8Array(16) }))).toBe('NO_SENDER_KEY');
    expect(refusedCode(world, 'a', encodeGroupMessage({ ...m, index: 1 }))).toBe('BAD_SIGNATURE');
  });

  test('SEC-EVAPORATE (group): after a message is read, the stored state holds neither its seed, its key nor the chain key that made it', () => {
    const world = setup();
    const m = send(world, 'b', 'view once');
    const chainBefore = party(world, 'a').state!.receiving.find((r) => r.memberId === 'b')!.chains[0]!;
    const seed = stepChain(nobleProvider, chainBefore.chainKey).seed;
    const keys = messageKeys(nobleProvider, seed);
    expect(accept(world, 'a', m)).toBe('view once');
    const stored = toHex(encodeGroupState(party(world, 'a').state!));
    for (const secret of [seed, keys.key, chainBefore.chainKey]) expect(stored.includes(toHex(secret))).toBe(false);
  });

  test('SEC-INTEGRITY: a replayed sender-key distribution is refused DUPLICATE_MESSAGE (it would rewind the chain)', () => {
    const world = makeWorld('group-skdm-replay', ['a', 'b']);
    const a = party(world, 'a');
    const b = party(world, 'b');
    const created = createGroup(ctxOf(world, a), a.identity, world.roomId, [a.peer, b.peer]);
    runStep(world, a, created);
    const skdm = created.outgoing.find((s) => s.to === 'b' && decodeGroupPairwise(s.payload).kind === 'sender-key')!;
    const m = send(world, 'a', 'once');
    expect(accept(world, 'b', m)).toBe('once');
    const before = encodeGroupState(b.state!);
    let code = 'accepted';
    try {
      receivePairwise(ctxOf(world, b), b.peer, b.state, a.peer, skdm.payload);
    } catch (e) {
      if (isProtocolError(e)) code = e.code;
    }
    expect(code).toBe('DUPLICATE_MESSAGE');
    expect(encodeGroupState(b.state!)).toEqual(before);
    expect(refusedCode(world, 'b', m)).toBe('DUPLICATE_MESSAGE');
  });

  test('SEC-INTEGRITY: our own message echoed back is not accepted as new', () => {
    const world = setup();
    const m = send(world, 'b', 'mine');
    expect(refusedCode(world, 'b', m)).toBe('DUPLICATE_MESSAGE');
  });
});
