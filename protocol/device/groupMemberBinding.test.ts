// Group secrets go only to the identity the signed member list names (groupControl.ts; flag
// groupMemberBinding, weak variant group-keys-to-any-session): a server that answers "bob"'s
// bundle request with Mallory's keys gets Carol's sender key with the flag off, and nothing with it on
// (Carol sees a 'group-member-mismatch' event). Received payloads are checked against the whole identity too.
import { describe, expect, it } from 'vitest';
import { bundleOf, makeCtx, makeDevice } from '../../test/devices.ts';
import { roomId } from '../ids.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { decodeGroupPairwise } from '../wire/groupPairwise.ts';
import { findGroup } from './groupStore.ts';
import { receivePairwise } from '../session/receive.ts';
import { decodePairwiseMessage } from '../wire/pairwiseMessage.ts';
import { decodeContent } from '../content/content.ts';
import { unpad } from '../content/padding.ts';
import { createRoom, openSession, receiveMessage, sendGroupControl, type DeviceState, type RoomMember } from './index.ts';

const ROOM = roomId('room-bind');
const member = (d: DeviceState): RoomMember => ({ deviceId: d.deviceId, identityKey: d.identity.publicKey });

function world(flags: ProtocolFlags) {
  const rng = createDrbg('group-binding');
  const ctx = (nowMs = 1_000) => makeCtx(rng, nowMs, flags);
  let alice = makeDevice('alice', 'gb', flags);
  const bob = makeDevice('bob', 'gb', flags);
  let carol = makeDevice('carol', 'gb', flags);
  const mallory = makeDevice('mallory', 'gb', flags);
  alice = openSession(alice, bob.userId, bundleOf(bob), ctx()).device;
  alice = openSession(alice, carol.userId, bundleOf(carol), ctx()).device;
  const created = createRoom(alice, ROOM, [member(bob), member(carol)], ctx());
  alice = created.device;
  const toCarol = created.wires.find((w) => w.to === carol.deviceId);
  if (toCarol === undefined) throw new Error('no welcome for carol');
  const heard = receiveMessage(carol, alice.deviceId, alice.userId, toCarol.wire, ctx(2_000));
  if (!heard.ok) throw heard.error;
  carol = heard.device;
  // Carol has no session with bob yet: the server answers the bundle request with Mallory's keys.
  const forged = { ...bundleOf(mallory), deviceId: bob.deviceId };
  carol = openSession(carol, bob.userId, forged, ctx(3_000)).device;
  return { carol, bob, mallory, outgoing: heard.groupOutgoing, ctx };
}

describe('group member binding', () => {
  it('weak: the sender key goes to whatever session holds the id "bob" (Mallory)', () => {
    const w = world({ ...REFERENCE_FLAGS, groupMemberBinding: false });
    const carry = sendGroupControl(w.carol, ROOM, w.outgoing, w.ctx(4_000));
    const toBob = carry.wires.filter((x) => x.to === w.bob.deviceId);
    expect(toBob.length).toBeGreaterThan(0);
    // Mallory reads it: her device opens the setup message addressed to "bob".
    const m = w.mallory;
    const r = receivePairwise({
      sessions: [],
      ourIdentity: m.identity,
      preKeys: m.preKeys,
      message: decodePairwiseMessage(toBob[0]!.wire),
      requirePq: true,
      ctx: w.ctx(5_000),
      // Mallory answers to bob's ids (they are bound into the session AD).
      ids: { initiatorUser: w.carol.userId, initiatorDevice: w.carol.deviceId, responderUser: w.bob.userId, responderDevice: w.bob.deviceId },
    });
    expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    const content = r.ok ? decodeContent(unpad(r.payload)) : undefined;
    expect(content?.kind).toBe('group-control');
    if (content?.kind === 'group-control') expect(decodeGroupPairwise(content.payload).kind).toBe('sender-key');
    expect(carry.events).toEqual([]);
  });

  it('reference: nothing goes to the contradicting contact, and the user is told', () => {
    const w = world(REFERENCE_FLAGS);
    const record = findGroup(w.carol, ROOM)?.members.find((m) => m.id === w.bob.deviceId);
    expect(record?.dh).toEqual(w.bob.identity.publicKey.dh); // the record binds the whole identity
    const carry = sendGroupControl(w.carol, ROOM, w.outgoing, w.ctx(4_000));
    expect(carry.wires.filter((x) => x.to === w.bob.deviceId)).toEqual([]);
    expect(carry.blocked).toContain(w.bob.deviceId);
    expect(carry.events).toEqual([{ kind: 'group-member-mismatch', roomId: ROOM, peer: w.bob.deviceId, atMs: 4_000 }]);
    // The real member (alice) still gets it.
    expect(carry.wires.some((x) => x.to === 'alice')).toBe(true);
  });
});
