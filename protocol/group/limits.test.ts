// Group limits, each with an over-the-limit test: MAX_GROUP_MEMBERS (and a 1,000-member room that
// works), MAX_GROUP_FORWARD_JUMP, MAX_GROUP_SKIPPED_KEYS and MAX_GROUP_ROOM_SKIPPED_KEYS; plus
// MAX_GROUP_PAST_EPOCHS for late messages.
import { describe, expect, test } from 'vitest';
import { utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError } from '../errors.ts';
import { deviceId } from '../ids.ts';
import { MAX_GROUP_FORWARD_JUMP, MAX_GROUP_MEMBERS, MAX_GROUP_PAST_EPOCHS, MAX_GROUP_ROOM_SKIPPED_KEYS, MAX_GROUP_SKIPPED_KEYS } from '../limits.ts';
import { encodeGroupPairwise } from '../wire/groupPairwise.ts';
import { decodeGroupState, encodeGroupState, type GroupState } from '../wire/groupState.ts';
import { addMember, createGroup, decodeGroupPairwise, decryptGroupMessage, encryptGroupMessage, removeMember, type PairwisePeer } from './index.ts';
import { ctxOf, makeWorld, party, runStep, type World } from '../../test/kits/groupHarness.ts';
import { roomSkippedKeyCount } from './roomSkipped.ts';
import { stepChain } from './senderChain.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isProtocolError(e)) return e.code;
    throw e;
  }
  return 'accepted';
}

/** Members that never act: a valid-looking record is all a room needs of them. */
function filler(count: number): PairwisePeer[] {
  return Array.from({ length: count }, (_, i) => ({ id: deviceId(`m${String(i).padStart(4, '0')}`), identityKey: new Uint8Array(32).fill(1) }));
}

function setup(ids: readonly string[], extra = 0): World {
  const world = makeWorld('group-limits', [...ids, 'z']);
  const a = party(world, 'a');
  const step = createGroup(ctxOf(world, a), a.identity, world.roomId, [...ids.map((id) => party(world, id).peer), ...filler(extra)]);
  runStep(world, a, step, (s) => world.parties.has(s.to));
  return world;
}

/** Moves the sender's chain `n` steps on without sending (HMAC only; the skipped messages are never sent). */
function fastForward(state: GroupState, n: number): GroupState {
  let ck = state.ownChain.chainKey;
  for (let i = 0; i < n; i++) ck = stepChain(nobleProvider, ck).next;
  return { ...state, ownChain: { ...state.ownChain, chainKey: ck, index: state.ownChain.index + n } };
}

function send(world: World, from: string, text: string): Uint8Array {
  const p = party(world, from);
  const r = encryptGroupMessage(ctxOf(world, p), p.state!, utf8(text));
  p.state = r.state;
  return r.message;
}

function receive(world: World, to: string, m: Uint8Array): string {
  const p = party(world, to);
  const before = encodeGroupState(p.state!);
  try {
    const r = decryptGroupMessage(ctxOf(world, p), p.state!, m);
    p.state = r.state;
    return new TextDecoder().decode(r.plaintext);
  } catch (e) {
    expect(encodeGroupState(p.state!)).toEqual(before);
    if (isProtocolError(e)) return e.code;
    throw e;
  }
}

describe('group limits', () => {
  test('MAX_GROUP_MEMBERS: a 1,000-member room is created, one message sent, a few members read it', () => {
    const world = setup(['a', 'b', 'c', 'd'], 996);
    expect(party(world, 'a').state!.members).toHaveLength(1000);
    for (const id of ['b', 'c', 'd']) {
      expect(party(world, id).state!.members).toHaveLength(1000);
      expect(party(world, id).pairwiseRefusals).toEqual([]);
    }
    const m = send(world, 'a', 'hello thousand');
    for (const id of ['b', 'c', 'd']) expect(receive(world, id, m)).toBe('hello thousand');
    expect(encodeGroupState(party(world, 'b').state!).length).toBeLessThan(200_000);
  });

  test('MAX_GROUP_MEMBERS: creating or growing a room past the limit is refused GROUP_TOO_LARGE', () => {
    const world = makeWorld('group-limits-big', ['a', 'z']);
    const a = party(world, 'a');
    expect(codeOf(() => createGroup(ctxOf(world, a), a.identity, world.roomId, [a.peer, ...filler(MAX_GROUP_MEMBERS)]))).toBe('GROUP_TOO_LARGE');
    const full = createGroup(ctxOf(world, a), a.identity, world.roomId, [a.peer, ...filler(MAX_GROUP_MEMBERS - 1)]);
    expect(full.state!.members).toHaveLength(MAX_GROUP_MEMBERS);
    expect(codeOf(() => addMember(ctxOf(world, a), a.identity, full.state!, party(world, 'z').peer))).toBe('GROUP_TOO_LARGE');
    // A welcome listing more than the limit is refused by the decoder before anything else.
    const welcome = decodeGroupPairwise(full.outgoing[0]!.payload);
    if (welcome.kind !== 'welcome') throw new Error('expected a welcome');
    const bytes = encodeGroupPairwise(welcome);
    const countAt = 2; // version byte, tag byte, then the u32 member count
    const over = bytes.slice();
    new DataView(over.buffer).setUint32(countAt, MAX_GROUP_MEMBERS + 1);
    expect(codeOf(() => decodeGroupPairwise(over))).toBe('WIRE_LENGTH_OVER_LIMIT');
  });

  test('MAX_GROUP_FORWARD_JUMP: a jump of exactly the limit is accepted, one more is refused TOO_FAR_IN_FUTURE', () => {
    const world = setup(['a', 'b', 'c']);
    const b = party(world, 'b');
    b.state = fastForward(b.state!, MAX_GROUP_FORWARD_JUMP + 1);
    expect(receive(world, 'a', send(world, 'b', 'too far'))).toBe('TOO_FAR_IN_FUTURE');
    const world2 = setup(['a', 'b', 'c']);
    const b2 = party(world2, 'b');
    b2.state = fastForward(b2.state!, MAX_GROUP_FORWARD_JUMP);
    expect(receive(world2, 'a', send(world2, 'b', 'just right'))).toBe('just right');
  });

  test('MAX_GROUP_SKIPPED_KEYS: the oldest skipped keys are dropped past the limit (and such a message is refused)', () => {
    const world = setup(['a', 'b', 'c']);
    const b = party(world, 'b');
    const m0 = send(world, 'b', 'first');
    const m1 = send(world, 'b', 'second');
    b.state = fastForward(b.state!, MAX_GROUP_FORWARD_JUMP - 2);
    expect(receive(world, 'a', send(world, 'b', 'far'))).toBe('far');
    const chain = () => party(world, 'a').state!.receiving.find((r) => r.memberId === 'b')!.chains[0]!;
    expect(chain().skipped).toHaveLength(MAX_GROUP_SKIPPED_KEYS);
    b.state = fastForward(b.state!, 1);
    expect(receive(world, 'a', send(world, 'b', 'further'))).toBe('further');
    expect(chain().skipped).toHaveLength(MAX_GROUP_SKIPPED_KEYS);
    expect(receive(world, 'a', m0)).toBe('DUPLICATE_MESSAGE'); // evicted: its key is gone
    expect(receive(world, 'a', m1)).toBe('second');
  });

  test('MAX_GROUP_ROOM_SKIPPED_KEYS: members that each skip a full chain are held to the room bound, the oldest keys dropped first', () => {
    const senders = ['b', 'c', 'd', 'e', 'f', 'g'];
    const perSender = MAX_GROUP_FORWARD_JUMP;
    expect(senders.length * perSender).toBeGreaterThan(MAX_GROUP_ROOM_SKIPPED_KEYS);
    const world = setup(['a', ...senders]);
    const early = new Map<string, Uint8Array>();
    for (const id of senders) {
      world.nowMs += 1_000; // each member's keys are stored a second after the previous member's
      early.set(id, send(world, id, `early from ${id}`));
      party(world, id).state = fastForward(party(world, id).state!, perSender - 1);
      expect(receive(world, 'a', send(world, id, `far from ${id}`))).toBe(`far from ${id}`);
    }
    const a = party(world, 'a');
    const skippedOf = (id: string) => a.state!.receiving.find((r) => r.memberId === id)!.chains[0]!.skipped.length;
    expect(roomSkippedKeyCount(a.state!.receiving)).toBe(MAX_GROUP_ROOM_SKIPPED_KEYS);
    expect(senders.map(skippedOf)).toEqual([0, ...senders.slice(1).map(() => perSender)]);
    expect(receive(world, 'a', early.get('b')!)).toBe('DUPLICATE_MESSAGE'); // its key was the oldest: gone
    expect(receive(world, 'a', early.get('c')!)).toBe('early from c');
    // A stored state over the bound is refused when loaded.
    const fullChain = a.state!.receiving.find((r) => r.memberId === 'd')!.chains[0]!;
    const over = { ...a.state!, receiving: a.state!.receiving.map((r) => (r.memberId === 'b' ? { ...r, chains: [{ ...r.chains[0]!, skipped: fullChain.skipped }] } : r)) };
    expect(roomSkippedKeyCount(over.receiving)).toBeGreaterThan(MAX_GROUP_ROOM_SKIPPED_KEYS);
    expect(codeOf(() => decodeGroupState(encodeGroupState(over)))).toBe('WIRE_LENGTH_OVER_LIMIT');
  });

  test('MAX_GROUP_PAST_EPOCHS: a message delayed across that many membership changes decrypts, one more is STALE_EPOCH', () => {
    const world = setup(['a', 'b', 'c', 'd']);
    const a = party(world, 'a');
    const late = send(world, 'b', 'late');
    const later = send(world, 'b', 'later');
    const churn = (): void => {
      runStep(world, a, addMember(ctxOf(world, a), a.identity, a.state!, party(world, 'z').peer));
      runStep(world, a, removeMember(ctxOf(world, a), a.identity, a.state!, deviceId('z')));
    };
    for (let i = 0; i < MAX_GROUP_PAST_EPOCHS / 2; i++) churn();
    expect(party(world, 'c').state!.epoch).toBe(MAX_GROUP_PAST_EPOCHS);
    expect(receive(world, 'c', late)).toBe('late');
    runStep(world, a, addMember(ctxOf(world, a), a.identity, a.state!, party(world, 'z').peer));
    expect(receive(world, 'd', later)).toBe('STALE_EPOCH');
  });
});
