// MAX_DEVICE_GROUP_MEMBERS: member records over all of a device's rooms (protocol/limits.ts). A store
// one record short of the bound takes a three-member welcome that lands exactly on it; one record
// more and the welcome is refused GROUP_TOO_LARGE, the device byte for byte unchanged and the room
// left out; an add in a room it holds is refused the same way, while a device at the bound still
// sends and receives in its rooms. A store over the bound does not load (STORE_CORRUPT). And the
// bound's reason holds: at worst-case record sizes the rooms it allows stay under half the store cap.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { deviceId, roomId, type DeviceId, type RoomId } from '../ids.ts';
import { MAX_DEVICE_GROUP_MEMBERS, MAX_DEVICE_GROUPS, MAX_DEVICE_STORE_BYTES, MAX_GROUP_MEMBERS, MAX_GROUP_SENDER_CHAINS, MAX_STORE_SKIPPED_KEYS } from '../limits.ts';
import { encodeGroupState, type GroupState, type ReceivingChain } from '../wire/groupState.ts';
import type { GroupMember } from '../wire/groupMember.ts';
import { commitStep, ctxOf, groupText, hear, makeGroupWorld, phone, pump, say, type GroupWorld, type Phone } from '../../test/kits/groupWorld.ts';
import { groupMemberCount } from './groupStore.ts';
import { addRoomMember, createRoom, deserializeDevice, findGroup, receiveMessage, serializeDevice, type RoomMember } from './index.ts';
import { userId } from '../ids.ts';

const ROOM = roomId('room-g');
const member = (p: Phone): RoomMember => ({ deviceId: p.id, identityKey: p.device.identity.publicKey });

/** alice's room with bob and carol, every session made from a bundle; dave stands by. */
function world(seed: string): { w: GroupWorld; a: Phone; b: Phone; c: Phone; d: Phone } {
  const w = makeGroupWorld(seed, ['alice', 'bob', 'carol', 'dave']);
  const [a, b, c, d] = [phone(w, 'alice'), phone(w, 'bob'), phone(w, 'carol'), phone(w, 'dave')];
  commitStep(w, a, ROOM, createRoom(a.device, ROOM, [member(b), member(c)], ctxOf(w, a)));
  pump(w);
  return { w, a, b, c, d };
}

/** Rooms copied from `g` holding only its own record and made-up ones (ids after every real one), `records` in all. */
function paddingRooms(g: GroupState, records: number): GroupState[] {
  const rooms: GroupState[] = [];
  const self = g.members.find((m) => m.id === g.self) as GroupMember;
  for (let left = records, i = 0; left > 0; i++) {
    const size = Math.min(MAX_GROUP_MEMBERS, left);
    const extra = Array.from({ length: size - 1 }, (_, k) => ({ ...self, id: deviceId(`zz-${String(k).padStart(5, '0')}`), admin: false }));
    rooms.push({ ...g, roomId: roomId(`pad-${String(i).padStart(3, '0')}`), members: [self, ...extra], receiving: [] });
    left -= size;
  }
  return rooms;
}

/** `p`'s device holding its own rooms plus padding rooms, `records` member records over all rooms. */
function holding(p: Phone, records: number): void {
  const own = p.device.groups.filter((g) => !g.roomId.startsWith('pad-'));
  const pads = paddingRooms(own[0] as GroupState, records - groupMemberCount(own));
  p.device = { ...p.device, groups: [...own, ...pads].sort((x, y) => (x.roomId < y.roomId ? -1 : 1)) };
  expect(groupMemberCount(p.device.groups)).toBe(records);
}

/** Feeds every queued wire to `to` in order; returns the refusal codes, and whether each refusal left it unchanged. */
function feed(w: GroupWorld, to: Phone): { codes: string[]; unchanged: boolean } {
  const mine = w.queue.filter((f) => f.to === to.id);
  w.queue.splice(0, w.queue.length, ...w.queue.filter((f) => f.to !== to.id));
  const codes: string[] = [];
  let unchanged = true;
  for (const f of mine) {
    const before = serializeDevice(to.device);
    const r = receiveMessage(to.device, f.from, userId(`user-${f.from}`), f.wire, ctxOf(w, to));
    if (r.ok) to.device = r.device;
    else {
      codes.push(r.error.code);
      unchanged &&= equalBytes(serializeDevice(r.device), before);
    }
  }
  return { codes, unchanged };
}

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
}

describe(`MAX_DEVICE_GROUP_MEMBERS (${MAX_DEVICE_GROUP_MEMBERS} member records over all rooms)`, () => {
  const other: RoomId = roomId('room-h');

  it('a welcome that lands exactly on the bound is taken', () => {
    const { w, a, b, c } = world('bound-edge');
    holding(b, MAX_DEVICE_GROUP_MEMBERS - 3);
    commitStep(w, a, other, createRoom(a.device, other, [member(b), member(c)], ctxOf(w, a)));
    const r = feed(w, b);
    expect(r.codes.filter((x) => x !== 'NOT_A_MEMBER')).toEqual([]);
    expect(findGroup(b.device, other)?.members.length).toBe(3);
    expect(groupMemberCount(b.device.groups)).toBe(MAX_DEVICE_GROUP_MEMBERS);
  });

  it('one past it: the welcome is refused GROUP_TOO_LARGE, the device unchanged byte for byte, the room left out', () => {
    const { w, a, b, c } = world('bound-over');
    holding(b, MAX_DEVICE_GROUP_MEMBERS - 2);
    commitStep(w, a, other, createRoom(a.device, other, [member(b), member(c)], ctxOf(w, a)));
    const r = feed(w, b);
    expect(r.codes).toContain('GROUP_TOO_LARGE');
    expect(r.unchanged).toBe(true);
    expect(findGroup(b.device, other)).toBeUndefined();
    expect(groupMemberCount(b.device.groups)).toBe(MAX_DEVICE_GROUP_MEMBERS - 2);
    // carol, far from the bound, joins the same room.
    pump(w);
    expect(findGroup(c.device, other)?.members.length).toBe(3);
  });

  it('an add to a room the device holds, at the bound: refused GROUP_TOO_LARGE with the device unchanged; sending and receiving in its rooms go on', () => {
    const { w, a, b, c, d } = world('bound-add');
    holding(b, MAX_DEVICE_GROUP_MEMBERS);
    commitStep(w, a, ROOM, addRoomMember(a.device, ROOM, member(d), ctxOf(w, a)));
    const r = feed(w, b);
    expect(r.codes).toContain('GROUP_TOO_LARGE');
    expect(r.unchanged).toBe(true);
    expect(findGroup(b.device, ROOM)?.members.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
    pump(w);
    expect(findGroup(c.device, ROOM)?.members.map((m) => m.id)).toEqual([a.id, b.id, c.id, d.id]);
    // A step that adds no record is never refused by the bound: bob still writes in his room.
    const fresh = world('bound-send');
    holding(fresh.b, MAX_DEVICE_GROUP_MEMBERS);
    expect(hear(fresh.w, fresh.c, 'bob', say(fresh.w, fresh.b, groupText(ROOM, 'at the bound'))).ok).toBe(true);
    expect(hear(fresh.w, fresh.b, 'carol', say(fresh.w, fresh.c, groupText(ROOM, 'heard you'))).ok).toBe(true);
  });

  it('a device at the bound cannot create a room or add a member itself (GROUP_TOO_LARGE), nor take one more record', () => {
    const { w, a, b, d } = world('bound-local');
    holding(a, MAX_DEVICE_GROUP_MEMBERS);
    expect(codeOf(() => createRoom(a.device, other, [member(b)], ctxOf(w, a)))).toBe('GROUP_TOO_LARGE');
    expect(codeOf(() => addRoomMember(a.device, ROOM, member(d), ctxOf(w, a)))).toBe('GROUP_TOO_LARGE');
    holding(b, MAX_DEVICE_GROUP_MEMBERS - 1);
    expect(codeOf(() => createRoom(b.device, other, [member(d)], ctxOf(w, b)))).toBe('GROUP_TOO_LARGE');
  });

  it('a store at the bound loads; one record over it does not (STORE_CORRUPT)', () => {
    const { b } = world('bound-load');
    holding(b, MAX_DEVICE_GROUP_MEMBERS);
    expect(groupMemberCount(deserializeDevice(serializeDevice(b.device)).groups)).toBe(MAX_DEVICE_GROUP_MEMBERS);
    holding(b, MAX_DEVICE_GROUP_MEMBERS + 1);
    expect(codeOf(() => deserializeDevice(serializeDevice(b.device)))).toBe('STORE_CORRUPT');
  });

  it('its reason: at worst-case sizes (ids at the cap, five sender chains a member) the rooms it allows take under half of MAX_DEVICE_STORE_BYTES', () => {
    const { b } = world('bound-size');
    const g = b.device.groups[0] as GroupState;
    const real = g.members[0] as GroupMember;
    const id = (k: number): DeviceId => deviceId(`${String(k).padStart(5, '0')}`.padEnd(64, 'x'));
    const members = Array.from({ length: MAX_GROUP_MEMBERS }, (_, k): GroupMember => ({ ...real, id: id(k), dh: new Uint8Array(32), binding: new Uint8Array(64) }));
    const chain: ReceivingChain = { chainId: new Uint8Array(16), chainKey: new Uint8Array(32), index: 0, signingPublic: new Uint8Array(32), skipped: [] };
    const worst: GroupState = {
      ...g,
      roomId: roomId('r'.repeat(64)),
      self: id(0),
      members,
      receiving: members.slice(1).map((m) => ({ memberId: m.id, chains: Array.from({ length: MAX_GROUP_SENDER_CHAINS }, () => chain) })),
    };
    const empty: GroupState = { ...worst, members: [members[0] as GroupMember], receiving: [] };
    const perRoom = encodeGroupState(empty).length;
    const perMember = (encodeGroupState(worst).length - perRoom) / (MAX_GROUP_MEMBERS - 1);
    expect(perMember).toBeLessThanOrEqual(707);
    const groupKeysBytes = MAX_STORE_SKIPPED_KEYS * 44;
    expect(MAX_DEVICE_GROUP_MEMBERS * 707 + MAX_DEVICE_GROUPS * perRoom + groupKeysBytes).toBeLessThan(MAX_DEVICE_STORE_BYTES / 2);
    // Without it the rooms could hold far more than the store cap.
    expect(MAX_DEVICE_GROUPS * MAX_GROUP_MEMBERS * perMember).toBeGreaterThan(MAX_DEVICE_STORE_BYTES);
  });
});
