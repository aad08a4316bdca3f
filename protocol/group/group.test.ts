// Group rooms, example-based: create, send, add, remove, rekey, welcome, the state codec, and the
// refusals with their events (SEC-GROUP, SEC-INTEGRITY). Property suites are in secGroup.test.ts and model.test.ts.
import { describe, expect, test } from 'vitest';
import { utf8, equalBytes } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { deviceId } from '../ids.ts';
import { protocolFlags } from '../variant.ts';
import { decodeGroupState, encodeGroupState, GROUP_STATE_VERSION } from '../wire/groupState.ts';
import { addMember, createGroup, decryptGroupMessage, encryptGroupMessage, groupEventsOf, receiveGroupMessage, removeMember } from './index.ts';
import { createdRoom, ctxOf, keyTrial, party, runStep, type World } from '../../test/kits/groupHarness.ts';

function setup(ids = ['a', 'b', 'c'], flags = protocolFlags('reference')): World {
  return createdRoom('group-basics', ids, flags, ['d', 'ghost']);
}

function send(world: World, from: string, text: string): Uint8Array {
  const p = party(world, from);
  const r = encryptGroupMessage(ctxOf(world, p), p.state!, utf8(text));
  p.state = r.state;
  return r.message;
}

function read(world: World, to: string, message: Uint8Array): string {
  const p = party(world, to);
  const r = decryptGroupMessage(ctxOf(world, p), p.state!, message);
  p.state = r.state;
  return new TextDecoder().decode(r.plaintext);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isProtocolError(e)) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('group rooms', () => {
  test('create: every member joins the same view and reads every other member', () => {
    const world = setup();
    const views = ['a', 'b', 'c'].map((id) => party(world, id).state!);
    for (const v of views) expect(equalBytes(v.transcriptHash, views[0]!.transcriptHash)).toBe(true);
    for (const id of ['a', 'b', 'c']) expect(party(world, id).pairwiseRefusals).toEqual([]);
    const m = send(world, 'b', 'hello');
    expect(read(world, 'a', m)).toBe('hello');
    expect(read(world, 'c', m)).toBe('hello');
  });

  test('SEC-GROUP: an added member reads later messages, not earlier ones', () => {
    const world = setup();
    const before = send(world, 'b', 'before');
    const a = party(world, 'a');
    runStep(world, a, addMember(ctxOf(world, a), a.identity, a.state!, party(world, 'd').peer));
    expect(party(world, 'd').state?.members.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(codeOf(() => read(world, 'd', before))).toBe('STALE_EPOCH');
    expect(keyTrial(world, party(world, 'd'), party(world, 'd').state!, before)).toBe(false);
    expect(read(world, 'c', before)).toBe('before'); // delayed across the rekey: still readable by a member
    const after = send(world, 'b', 'after');
    expect(read(world, 'd', after)).toBe('after');
  });

  test('SEC-GROUP: a removed member reads nothing sent after its removal (rekey on remove)', () => {
    const world = setup();
    const a = party(world, 'a');
    const c = party(world, 'c');
    read(world, 'c', send(world, 'b', 'warm-up'));
    runStep(world, a, removeMember(ctxOf(world, a), a.identity, a.state!, deviceId('c')));
    expect(c.state).toBeNull();
    expect(c.events.map((e) => e.kind)).toContain('removed-from-group');
    const later = send(world, 'b', 'secret');
    expect(read(world, 'a', later)).toBe('secret');
    expect(keyTrial(world, c, c.retained[0]!, later)).toBe(false);
  });

  test('SEC-GROUP negative control: group-no-rekey-on-remove lets a removed member read later messages', () => {
    const world = setup(['a', 'b', 'c'], protocolFlags('group-no-rekey-on-remove'));
    const a = party(world, 'a');
    const c = party(world, 'c');
    runStep(world, a, removeMember(ctxOf(world, a), a.identity, a.state!, deviceId('c')));
    const later = send(world, 'b', 'secret');
    expect(read(world, 'a', later)).toBe('secret');
    expect(keyTrial(world, c, c.retained[0]!, later)).toBe(true);
  });

  test('SEC-GROUP: a member can leave; the last admin cannot be removed while others remain', () => {
    const world = setup();
    const b = party(world, 'b');
    runStep(world, b, removeMember(ctxOf(world, b), b.identity, b.state!, deviceId('b')));
    expect(b.state).toBeNull();
    expect(party(world, 'a').state!.members.map((m) => m.id)).toEqual(['a', 'c']);
    const a = party(world, 'a');
    expect(codeOf(() => removeMember(ctxOf(world, a), a.identity, a.state!, deviceId('a')))).toBe('UNAUTHORISED_MEMBERSHIP_CHANGE');
  });

  test('SEC-GROUP: a non-admin cannot add or remove; the refusal is reported to every member', () => {
    const world = setup();
    const b = party(world, 'b');
    expect(codeOf(() => addMember(ctxOf(world, b), b.identity, b.state!, party(world, 'd').peer))).toBe('UNAUTHORISED_MEMBERSHIP_CHANGE');
    // A modified client signs anyway: every member refuses it and is told.
    const cBefore = encodeGroupState(party(world, 'c').state!);
    const forged = { ...b.state!, members: b.state!.members.map((m) => (m.id === 'b' ? { ...m, admin: true } : m)) };
    runStep(world, b, { ...addMember(ctxOf(world, b), b.identity, forged, party(world, 'd').peer), state: b.state });
    const c = party(world, 'c');
    expect(c.pairwiseRefusals.map((r) => r.code)).toContain('UNAUTHORISED_MEMBERSHIP_CHANGE');
    expect(c.events.map((e) => e.kind)).toContain('unauthorised-change');
    expect(encodeGroupState(c.state!)).toEqual(cBefore);
    // The invitee cannot tell (it trusts the welcome's list), but no honest member gives it a key.
    const d = party(world, 'd');
    expect(d.state?.receiving.map((r) => r.memberId)).toEqual(['b']);
    const m = send(world, 'a', 'not for d');
    expect(codeOf(() => read(world, 'd', m))).toBe('STALE_EPOCH');
    expect(keyTrial(world, d, d.state!, m)).toBe(false);
  });

  test('SEC-GROUP: a server-injected sender is refused NOT_A_MEMBER and reported as unknown-sender', () => {
    const world = setup();
    const ghost = party(world, 'ghost');
    const fake = createGroup(
      ctxOf(world, ghost),
      ghost.identity,
      world.roomId,
      ['a', 'b', 'c', 'ghost'].map((id) => party(world, id).peer),
    );
    runStep(world, ghost, fake); // its welcome and sender key reach the members, who refuse them
    for (const id of ['a', 'b', 'c']) {
      expect(party(world, id).pairwiseRefusals.every((r) => r.code === 'NOT_A_MEMBER')).toBe(true);
      expect(party(world, id).events.some((e) => e.kind === 'unknown-sender' && e.from === 'ghost')).toBe(true);
    }
    const m = send(world, 'ghost', 'i am in');
    const r = receiveGroupMessage(ctxOf(world, party(world, 'a')), party(world, 'a').state!, m);
    expect(r.accepted).toBe(false);
    if (!r.accepted) {
      expect(r.error.code).toBe('NOT_A_MEMBER');
      expect(r.events).toEqual([{ kind: 'unknown-sender', from: 'ghost' }]);
    }
    // and the ghost reads nothing the members send
    const real = send(world, 'a', 'members only');
    expect(codeOf(() => read(world, 'ghost', real))).toBe('GROUP_VIEW_MISMATCH');
    expect(keyTrial(world, ghost, ghost.state!, real)).toBe(false);
  });

  test('SEC-GROUP: a forked view (equivocating signer) is refused both ways with fork-detected', () => {
    const world = setup();
    const a = party(world, 'a');
    const ctx = ctxOf(world, a);
    const forkStep = addMember(ctx, a.identity, a.state!, party(world, 'ghost').peer); // shown to c only
    runStep(world, a, { ...forkStep, state: a.state }, (s) => s.to === 'c' || s.to === 'ghost');
    runStep(world, a, addMember(ctx, a.identity, a.state!, party(world, 'd').peer)); // shown to everyone
    const c = party(world, 'c');
    expect(c.events.some((e) => e.kind === 'fork-detected')).toBe(true);
    expect(party(world, 'b').events.some((e) => e.kind === 'view-behind' && e.from === 'c')).toBe(true);
    const fromC = send(world, 'c', 'forked');
    const r = receiveGroupMessage(ctxOf(world, party(world, 'b')), party(world, 'b').state!, fromC);
    expect(r.accepted ? 'accepted' : r.error.code).toBe('GROUP_VIEW_MISMATCH');
    expect(r.events.map((e) => e.kind)).toEqual(['fork-detected']);
    const fromB = send(world, 'b', 'main');
    expect(codeOf(() => read(world, 'c', fromB))).toBe('GROUP_VIEW_MISMATCH');
    expect(codeOf(() => read(world, 'ghost', fromB))).toBe('GROUP_VIEW_MISMATCH');
  });

  test('group state codec round-trips and refuses trailing bytes and bad versions', () => {
    const world = setup();
    read(world, 'c', send(world, 'b', 'x'));
    const bytes = encodeGroupState(party(world, 'c').state!);
    expect(encodeGroupState(decodeGroupState(bytes))).toEqual(bytes);
    expect(codeOf(() => decodeGroupState(new Uint8Array([...bytes, 0])))).toBe('WIRE_TRAILING_BYTES');
    expect(codeOf(() => decodeGroupState(bytes.slice(0, bytes.length - 1)))).toBe('WIRE_TRUNCATED');
    expect(codeOf(() => decodeGroupState(new Uint8Array([GROUP_STATE_VERSION + 1, ...bytes.slice(1)])))).toBe('WIRE_BAD_VERSION');
  });

  test('refusal events survive groupEventsOf on a thrown error', () => {
    const world = setup();
    const ghost = party(world, 'ghost');
    ghost.state = createGroup(ctxOf(world, ghost), ghost.identity, world.roomId, [ghost.peer]).state;
    const m = send(world, 'ghost', 'x');
    try {
      read(world, 'a', m);
      expect.unreachable();
    } catch (e) {
      expect(groupEventsOf(e)).toEqual([{ kind: 'unknown-sender', from: 'ghost' }]);
    }
  });
});
