// SEC-INTEGRITY: u32 counters under hostile input. A member that hands out a sender chain near the end
// of the u32 index space and then sends a message at index 2^32 - 1 must not make the chain's next
// index (2^32) overflow its stored field: that one message would leave every member's state
// unsavable and deny service to the whole room. It is refused INVALID_MESSAGE, the state is
// unchanged and saves, and the room keeps working. Likewise the last epoch.
import { describe, expect, test } from 'vitest';
import { utf8, wipe } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { MAX_GROUP_EPOCH, MAX_GROUP_MESSAGE_INDEX, MAX_SENDER_CHAIN_INDEX } from '../limits.ts';
import { encodeGroupMessage, groupMessageAd, groupMessageSignedBytes, type GroupMessageHeader } from '../wire/groupMessage.ts';
import { decodeGroupState, encodeGroupState, type GroupState } from '../wire/groupState.ts';
import { ctxOf, makeWorld, party, runStep, type World } from '../../test/kits/groupHarness.ts';
import { addMember, createGroup, decryptGroupMessage, encryptGroupMessage } from './index.ts';
import { padPlaintext } from './padding.ts';
import { distributeOwnChain } from './rekey.ts';
import { messageKeys, newOwnChain, stepChain } from './senderChain.ts';

function room(): World {
  const world = makeWorld('group-counters', ['a', 'b', 'c', 'z']);
  const a = party(world, 'a');
  const step = createGroup(
    ctxOf(world, a),
    a.identity,
    world.roomId,
    ['a', 'b', 'c'].map((id) => party(world, id).peer),
  );
  runStep(world, a, step, (s) => s.to !== 'z');
  return world;
}

/**
 * What a hostile sender can sign with its own chain: any index, even one `encryptGroupMessage`
 * refuses. The key is the chain's for `index` when that is a few steps ahead; a message the receiver
 * must refuse before deriving any key gets the chain's current one.
 */
function signedAt(world: World, from: string, index: number, text: string): Uint8Array {
  const s = party(world, from).state!;
  const { provider } = ctxOf(world, party(world, from));
  const header: GroupMessageHeader = { roomId: s.roomId, senderId: s.self, epoch: s.epoch, transcriptHash: s.transcriptHash, chainId: s.ownChain.chainId, index };
  let step = stepChain(provider, s.ownChain.chainKey);
  for (let i = s.ownChain.index; i < index && index - s.ownChain.index <= 8; i++) step = stepChain(provider, step.next);
  const keys = messageKeys(provider, step.seed);
  const ciphertext = provider.chacha20poly1305.seal(keys.key, keys.nonce, padPlaintext(utf8(text)), groupMessageAd(header));
  wipe(keys.key, keys.nonce);
  return encodeGroupMessage({ ...header, ciphertext, signature: provider.ed25519Sign(s.ownChain.signingSeed, groupMessageSignedBytes(header, ciphertext)) });
}

/** `to` receives `m`: the plaintext, or the refusal code with the state checked unchanged and still savable. */
function receive(world: World, to: string, m: Uint8Array): string {
  const p = party(world, to);
  const before = encodeGroupState(p.state!);
  try {
    const r = decryptGroupMessage(ctxOf(world, p), p.state!, m);
    p.state = decodeGroupState(encodeGroupState(r.state)); // the store writes and reads it back
    return new TextDecoder().decode(r.plaintext);
  } catch (e) {
    if (!isProtocolError(e)) throw e;
    expect(encodeGroupState(p.state!)).toEqual(before);
    return e.code;
  }
}

describe('group counters at the end of the u32 space', () => {
  test('SEC-INTEGRITY: a hostile sender-key index (2^32 - 1) is refused INVALID_MESSAGE, every state still saves, and the room keeps working', () => {
    const world = room();
    const b = party(world, 'b');
    // b hands out a fresh chain that claims to start 3 messages before the end of the index space.
    const near: GroupState = { ...b.state!, ownChain: { ...newOwnChain(ctxOf(world, b)), index: MAX_SENDER_CHAIN_INDEX - 3 } };
    b.state = near;
    runStep(world, b, { state: near, outgoing: distributeOwnChain(near), events: [] });
    for (const id of ['a', 'c']) expect(party(world, id).pairwiseRefusals).toEqual([]);

    for (const id of ['a', 'c']) expect(receive(world, id, signedAt(world, 'b', MAX_SENDER_CHAIN_INDEX, 'overflow'))).toBe('INVALID_MESSAGE');
    // Straight at a fresh chain too: refused for the index itself, not only as a jump too far.
    expect(receive(world, 'b', signedAt(world, 'a', MAX_SENDER_CHAIN_INDEX, 'overflow'))).toBe('INVALID_MESSAGE');

    // The room keeps working: a and c talk, and b's own last messages still arrive.
    const fromC = encryptGroupMessage(ctxOf(world, party(world, 'c')), party(world, 'c').state!, utf8('still here'));
    party(world, 'c').state = fromC.state;
    expect(receive(world, 'a', fromC.message)).toBe('still here');
    expect(receive(world, 'a', signedAt(world, 'b', MAX_GROUP_MESSAGE_INDEX, 'last one'))).toBe('last one');
    const chainOfB = party(world, 'a').state!.receiving.find((r) => r.memberId === 'b')!.chains[0]!;
    expect(chainOfB.index).toBe(MAX_SENDER_CHAIN_INDEX);
    expect(chainOfB.skipped.map((k) => k.index)).toEqual([MAX_SENDER_CHAIN_INDEX - 3, MAX_SENDER_CHAIN_INDEX - 2]);
    expect(receive(world, 'a', signedAt(world, 'b', MAX_SENDER_CHAIN_INDEX, 'overflow'))).toBe('INVALID_MESSAGE');
    // b's chain is spent: it must rekey before sending again (a local refusal, not the peers' problem).
    b.state = { ...b.state!, ownChain: { ...b.state!.ownChain, index: MAX_SENDER_CHAIN_INDEX } };
    expect(() => encryptGroupMessage(ctxOf(world, b), b.state!, utf8('more'))).toThrow(TypeError);
  });

  test('a room at the last epoch refuses a membership change STALE_EPOCH instead of overflowing the next epoch', () => {
    const world = room();
    const a = party(world, 'a');
    const last: GroupState = { ...a.state!, epoch: MAX_GROUP_EPOCH };
    let code = 'accepted';
    try {
      addMember(ctxOf(world, a), a.identity, last, party(world, 'z').peer);
    } catch (e) {
      if (!isProtocolError(e)) throw e;
      code = e.code;
    }
    expect(code).toBe('STALE_EPOCH');
    expect(decodeGroupState(encodeGroupState(last)).epoch).toBe(MAX_GROUP_EPOCH);
  });
});
