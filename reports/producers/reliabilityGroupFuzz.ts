// The mutation fuzzer's group paths: real inputs captured from a room of three phones (alice creates
// it with bob and carol over established 1:1 sessions, writes in it, then removes carol) — the welcome,
// alice's sender-key distribution and the removal op as bob receives them inside 1:1 messages, a
// sender-key group message, bob's stored room state and the payload codec — mutated and fed to the
// code that receives or loads them (reliabilityFuzzKit.ts). A mutated group payload is carried the
// way a hostile member would send it: encrypted on alice's real session to bob, so it reaches the
// group code (the 1:1 AEAD would refuse a mutated wire before it). Every refusal must be a
// ProtocolError and leave bob's device byte for byte unchanged (docs/conventions.md rule 2).
import { decodeGroupPairwise, encodeGroupPairwise, type GroupPairwisePayload } from '../../protocol/wire/groupPairwise.ts';
import { decodeGroupMessage, encodeGroupMessage } from '../../protocol/wire/groupMessage.ts';
import { decodeGroupState, encodeGroupState, type GroupState } from '../../protocol/wire/groupState.ts';
import { createRoom, findGroup, openSession, receiveGroupText, receiveMessage, removeRoomMember, sendControl, sendGroupText, sendText, type DeviceState } from '../../protocol/device/index.ts';
import type { RoomStep } from '../../protocol/device/groupRooms.ts';
import { messageId, roomId, type RoomId } from '../../protocol/ids.ts';
import { preKeyBundle } from '../../protocol/prekeys/bundle.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { ctxOf, decoderTarget, deviceTarget, NOW_MS, phone, type Phone, type Target } from './reliabilityFuzzKit.ts';

const ROOM: RoomId = roomId('fuzz-room');

function text(n: number, room: RoomId): Parameters<typeof sendText>[2] {
  return { kind: 'text', messageId: messageId(`group-fuzz-${n}`), roomId: room, sentAtMs: NOW_MS, evaporation: { mode: 'view-once' }, body: new Uint8Array(24).fill(n) };
}

/** `from` opens a session to `to` from its bundle; a text each way establishes it. */
function connect(from: Phone, to: Phone, n: number): void {
  from.device = openSession(from.device, to.device.userId, preKeyBundle(to.device.preKeys, to.device.deviceId, to.device.identity.publicKey), from.ctx).device;
  for (const [a, b] of [
    [from, to],
    [to, from],
  ] as const) {
    const out = sendText(a.device, b.device.deviceId, text(n, roomId('dm')), a.ctx);
    if (out.kind !== 'sent') throw new Error('group fuzz capture: send held');
    a.device = out.device;
    const r = receiveMessage(b.device, a.device.deviceId, a.device.userId, out.wire, b.ctx);
    if (!r.ok) throw new Error(`group fuzz capture: ${r.error.code}`);
    b.device = r.device;
  }
}

interface Received {
  /** Bob's state before this payload. */
  readonly before: DeviceState;
  readonly payload: Uint8Array;
  readonly kind: GroupPairwisePayload['kind'];
}

/** Alice adopts `step`; bob receives its wires to him in order, each payload recorded with his state before it. */
function carryToBob(alice: Phone, bob: Phone, step: RoomStep): Received[] {
  if (step.unsent.length > 0) throw new Error('group fuzz capture: a payload had no session');
  alice.device = step.device;
  const out: Received[] = [];
  for (const w of step.wires) {
    if (w.to !== bob.device.deviceId) continue;
    const before = bob.device;
    const r = receiveMessage(bob.device, alice.device.deviceId, alice.device.userId, w.wire, bob.ctx);
    if (!r.ok || r.content.kind !== 'group-control') throw new Error(`group fuzz capture: bob refused a group payload (${r.ok ? r.content.kind : r.error.code})`);
    bob.device = r.device;
    out.push({ before, payload: r.content.payload, kind: decodeGroupPairwise(r.content.payload).kind });
  }
  return out;
}

function capture(seed: string) {
  const alice = phone('group-alice', seed);
  const bob = phone('group-bob', seed);
  const carol = phone('group-carol', seed);
  connect(alice, bob, 1);
  connect(alice, carol, 2);
  const member = (p: Phone) => ({ deviceId: p.device.deviceId, identityKey: p.device.identity.publicKey });
  const created = carryToBob(alice, bob, createRoom(alice.device, ROOM, [member(bob), member(carol)], alice.ctx));
  const aliceAfterCreate = alice.device;
  const bobInRoom = bob.device;
  const sent = sendGroupText(alice.device, ROOM, text(3, ROOM), alice.ctx);
  alice.device = sent.device;
  const removed = carryToBob(alice, bob, removeRoomMember(alice.device, ROOM, carol.device.deviceId, alice.ctx));
  const find = (list: readonly Received[], kind: GroupPairwisePayload['kind']): Received => {
    const r = list.find((x) => x.kind === kind);
    if (r === undefined) throw new Error(`group fuzz capture: no ${kind} payload reached bob`);
    return r;
  };
  return {
    alice,
    bob,
    welcome: find(created, 'welcome'),
    senderKey: find(created, 'sender-key'),
    aliceAfterCreate,
    removal: find(removed, 'membership'),
    aliceAfterRemove: alice.device,
    message: sent.message,
    bobInRoom,
  };
}

/** A group payload as alice (in state `sender`) would carry it to bob over their 1:1 session, fed to receiveMessage on `before`. */
function carriedTarget(name: string, r: Received, sender: DeviceState, bob: DeviceState, seed: string): Target {
  const aliceCtx = ctxOf(createDrbg(`${seed}/${name}/sender`));
  const bobCtx = ctxOf(createDrbg(`${seed}/${name}/receiver`));
  return deviceTarget(name, r.payload, r.before, (payload) => {
    const wire = sendControl(sender, bob.deviceId, { kind: 'group-control', roomId: ROOM, payload }, aliceCtx).wire;
    const out = receiveMessage(r.before, sender.deviceId, sender.userId, wire, bobCtx);
    return out.ok ? out : { ok: false, device: out.device, code: out.error.code };
  });
}

/** The group receive and load paths, each with its captured original. */
export function groupTargets(seed: string): Target[] {
  const c = capture(seed);
  const groupCtx = ctxOf(createDrbg(`${seed}/group message/receiver`));
  const room = findGroup(c.bobInRoom, ROOM) as GroupState;
  return [
    carriedTarget('group welcome (over 1:1) → receiveMessage', c.welcome, c.aliceAfterCreate, c.bob.device, seed),
    carriedTarget('group sender key (over 1:1) → receiveMessage', c.senderKey, c.aliceAfterCreate, c.bob.device, seed),
    carriedTarget('group removal op (over 1:1) → receiveMessage', c.removal, c.aliceAfterRemove, c.bob.device, seed),
    deviceTarget('sender-key group message → receiveGroupText', c.message, c.bobInRoom, (input) => {
      const r = receiveGroupText(c.bobInRoom, c.alice.device.deviceId, input, groupCtx);
      return r.ok ? r : { ok: false, device: r.device, code: r.error.code };
    }),
    decoderTarget('group payload → decodeGroupPairwise', c.welcome.payload, decodeGroupPairwise, encodeGroupPairwise),
    decoderTarget('group message → decodeGroupMessage', c.message, decodeGroupMessage, encodeGroupMessage),
    decoderTarget('group room state → decodeGroupState', encodeGroupState(room), decodeGroupState, encodeGroupState),
  ];
}
