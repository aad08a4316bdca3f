// Group rooms inside the device store: lookup and copy-on-write update of the device's
// GroupState list (sorted by room id, so the serialized store is canonical), the device's group
// identity, group events as DeviceEvents, and the secrets a group step leaves behind (for wiping).
// The store-wide bounds on rooms hold here: MAX_DEVICE_GROUPS rooms, MAX_DEVICE_GROUP_MEMBERS member
// records over all of them (docs/conventions.md rule 8).
import { ProtocolError, type ProtocolErrorCode } from '../errors.ts';
import type { GroupIdentity, PairwisePeer } from '../group/context.ts';
import type { GroupEvent } from '../group/events.ts';
import type { RoomId } from '../ids.ts';
import { MAX_DEVICE_GROUP_MEMBERS, MAX_DEVICE_GROUPS } from '../limits.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { DeviceEvent, DeviceState } from './state.ts';

export function findGroup(device: DeviceState, roomId: RoomId): GroupState | undefined {
  return device.groups.find((g) => g.roomId === roomId);
}

/** The room's state, or NOT_A_MEMBER when this device holds none (never joined, removed, or left). */
export function requireGroup(device: DeviceState, roomId: RoomId): GroupState {
  const group = findGroup(device, roomId);
  if (group === undefined) throw new ProtocolError('NOT_A_MEMBER', `${device.deviceId} is not in room ${roomId}`);
  return group;
}

/** Member records over every room `groups` holds (what MAX_DEVICE_GROUP_MEMBERS bounds). */
export function groupMemberCount(groups: readonly GroupState[]): number {
  let n = 0;
  for (const g of groups) n += g.members.length;
  return n;
}

/**
 * Returns a device with `group` inserted or replaced: WIRE_LENGTH_OVER_LIMIT past MAX_DEVICE_GROUPS,
 * GROUP_TOO_LARGE when the rooms' member records would grow past MAX_DEVICE_GROUP_MEMBERS (a step that
 * does not add records, a send or a receive, is never refused by it).
 */
export function withGroup(device: DeviceState, group: GroupState): DeviceState {
  const others = device.groups.filter((g) => g.roomId !== group.roomId);
  if (others.length === device.groups.length && others.length >= MAX_DEVICE_GROUPS) {
    throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `device store holds the maximum of ${MAX_DEVICE_GROUPS} group rooms`);
  }
  const after = groupMemberCount(others) + group.members.length;
  if (after > MAX_DEVICE_GROUP_MEMBERS && after > groupMemberCount(device.groups)) {
    throw new ProtocolError('GROUP_TOO_LARGE', `room ${group.roomId}: ${after} member records over all rooms would exceed MAX_DEVICE_GROUP_MEMBERS (${MAX_DEVICE_GROUP_MEMBERS})`);
  }
  const groups = [...others, group].sort((a, b) => (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0));
  return { ...device, groups };
}

/** A loaded store's rooms within MAX_DEVICE_GROUP_MEMBERS, else GROUP_TOO_LARGE (store.ts reports it as STORE_CORRUPT). */
export function requireGroupMemberBound(device: DeviceState): DeviceState {
  const n = groupMemberCount(device.groups);
  if (n > MAX_DEVICE_GROUP_MEMBERS) throw new ProtocolError('GROUP_TOO_LARGE', `device store: ${n} member records over all rooms exceed MAX_DEVICE_GROUP_MEMBERS (${MAX_DEVICE_GROUP_MEMBERS})`);
  return device;
}

/** The room is erased from the store: removed or left, the device keeps no chain of it. */
function withoutGroup(device: DeviceState, roomId: RoomId): DeviceState {
  return { ...device, groups: device.groups.filter((g) => g.roomId !== roomId) };
}

/** Commits a group step's state: null means this device is out of the room. */
export function withGroupStep(device: DeviceState, roomId: RoomId, state: GroupState | null): DeviceState {
  return state === null ? withoutGroup(device, roomId) : withGroup(device, state);
}

/** Membership operations are signed with the device's identity signing key (IdentityKey.sign). */
export function groupIdentity(device: DeviceState): GroupIdentity {
  return { id: device.deviceId, signingSeed: device.identity.signSeed };
}

export function selfPeer(device: DeviceState): PairwisePeer {
  return { id: device.deviceId, identityKey: device.identity.publicKey.sign, dh: device.identity.publicKey.dh };
}

export function groupDeviceEvents(roomId: RoomId, events: readonly GroupEvent[], atMs: number): DeviceEvent[] {
  return events.map((group) => ({ kind: 'group', roomId, group, atMs }));
}

/** "Not yet" (group README, carrier contract): the input may be accepted after more group-control arrives. */
export function isGroupNotYet(code: ProtocolErrorCode, events: readonly GroupEvent[]): boolean {
  return code === 'NO_SENDER_KEY' || (code === 'STALE_EPOCH' && events.some((e) => e.kind === 'view-behind'));
}

function secretsOf(state: GroupState | null | undefined): Uint8Array[] {
  if (state === null || state === undefined) return [];
  const out = [state.ownChain.chainKey, state.ownChain.signingSeed];
  for (const member of state.receiving) {
    for (const chain of member.chains) {
      out.push(chain.chainKey);
      for (const k of chain.skipped) out.push(k.seed);
    }
  }
  return out;
}

/**
 * Secret buffers of `before` that `after` no longer holds (stepped chain keys, used or evicted seeds,
 * replaced chains, a whole room left): the state owner wipes them once it has adopted `after`.
 */
export function spentGroupSecrets(before: GroupState | null | undefined, after: GroupState | null | undefined): Uint8Array[] {
  const live = new Set(secretsOf(after));
  return secretsOf(before).filter((s) => !live.has(s));
}
