// Group rooms inside the device store: lookup and copy-on-write update of the device's
// GroupState list (sorted by room id, so the serialized store is canonical), the device's group
// identity, group events as DeviceEvents, and the secrets a group step leaves behind (for wiping).
import { ProtocolError, type ProtocolErrorCode } from '../errors.ts';
import type { GroupIdentity, PairwisePeer } from '../group/context.ts';
import type { GroupEvent } from '../group/events.ts';
import type { RoomId } from '../ids.ts';
import { MAX_DEVICE_GROUPS } from '../limits.ts';
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

/** Returns a device with `group` inserted or replaced (WIRE_LENGTH_OVER_LIMIT past MAX_DEVICE_GROUPS). */
export function withGroup(device: DeviceState, group: GroupState): DeviceState {
  const others = device.groups.filter((g) => g.roomId !== group.roomId);
  if (others.length === device.groups.length && others.length >= MAX_DEVICE_GROUPS) {
    throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `device store holds the maximum of ${MAX_DEVICE_GROUPS} group rooms`);
  }
  const groups = [...others, group].sort((a, b) => (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0));
  return { ...device, groups };
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
