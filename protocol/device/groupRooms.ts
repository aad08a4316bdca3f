// The membership steps a user starts on a phone: create a room, add a member, remove
// one (or leave). The signed operation, welcome and fresh sender keys from protocol/group go out as
// 'group-control' contents over the 1:1 sessions; the room's new state is stored with the device.
import { ProtocolError, UsageError } from '../errors.ts';
import type { GroupStep } from '../group/context.ts';
import { addMember, createGroup, removeMember, type NewMember } from '../group/operations.ts';
import { turnOverSenderKey } from '../group/rekey.ts';
import { equalIdentityKeys, type IdentityKey } from '../identity/identityKey.ts';
import { requireBoundIdentity } from '../identity/binding.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import type { GroupState } from '../wire/groupState.ts';
import { findContact } from './contacts.ts';
import type { DeviceContext } from './context.ts';
import { sendGroupControl, type GroupCarry } from './groupControl.ts';
import { findGroup, groupDeviceEvents, groupIdentity, requireGroup, spentGroupSecrets, withGroupStep } from './groupStore.ts';
import type { DeviceEvent, DeviceState } from './state.ts';

export interface RoomMember {
  readonly deviceId: DeviceId;
  /** The member's identity as this device knows it; must match a contact's trusted identity. */
  readonly identityKey: IdentityKey;
  /** Admins may add and remove members (protocol/group/membership.ts). The creator always is one. */
  readonly admin?: boolean;
}

/**
 * A membership step's result. Payloads for members without a session come back in `unsent`: fetch
 * their bundles, openSession, then sendGroupControl(device, roomId, unsent). To avoid that round,
 * call peersNeedingSession(device, memberIds) first and open those sessions before the step.
 */
export interface RoomStep extends GroupCarry {
  readonly events: readonly DeviceEvent[];
  /** Secrets the room no longer holds (old sender chains), for the state owner to wipe. */
  readonly consumed: readonly Uint8Array[];
}

/** SEC-MITM: a member key that contradicts what this device trusts for that contact is refused. */
function toNewMember(device: DeviceState, m: RoomMember, ctx: DeviceContext): NewMember {
  const contact = findContact(device, m.deviceId);
  const trusted = m.deviceId === device.deviceId ? device.identity.publicKey : contact?.identity;
  if (contact?.verificationFailed === true || (trusted !== undefined && !equalIdentityKeys(trusted, m.identityKey))) {
    throw new ProtocolError('UNTRUSTED_IDENTITY', `member ${m.deviceId}: identity is not the one this device trusts`);
  }
  if (!ctx.flags.groupMemberBinding) {
    // WEAK VARIANT group-keys-to-any-session: the record names the Ed25519 key alone.
    return { id: m.deviceId, identityKey: m.identityKey.sign, admin: m.admin === true };
  }
  // The record binds the whole identity (protocol/identity/binding.ts), so members can check sessions against it.
  requireBoundIdentity(ctx.provider, m.identityKey, ctx.flags.identityBinding, `member ${m.deviceId}`);
  return { id: m.deviceId, identityKey: m.identityKey.sign, dh: m.identityKey.dh, binding: m.identityKey.binding, admin: m.admin === true };
}

function finish(device: DeviceState, roomId: RoomId, before: GroupState | undefined, step: GroupStep, ctx: DeviceContext): RoomStep {
  const carry = sendGroupControl(withGroupStep(device, roomId, step.state), roomId, step.outgoing, ctx);
  return { ...carry, events: [...groupDeviceEvents(roomId, step.events, ctx.nowMs), ...carry.events], consumed: spentGroupSecrets(before, step.state) };
}

/** Creates `roomId` with `members` (this device is added as admin if not listed) and welcomes them. */
export function createRoom(device: DeviceState, roomId: RoomId, members: readonly RoomMember[], ctx: DeviceContext): RoomStep {
  if (findGroup(device, roomId) !== undefined) throw new UsageError(`room ${roomId}: this device already holds it`);
  const self: RoomMember = { deviceId: device.deviceId, identityKey: device.identity.publicKey, admin: true };
  const all = members.some((m) => m.deviceId === device.deviceId) ? members : [self, ...members];
  const step = createGroup(
    ctx,
    groupIdentity(device),
    roomId,
    all.map((m) => toNewMember(device, m, ctx)),
  );
  return finish(device, roomId, undefined, step, ctx);
}

/** Adds `member` (this device must be an admin): every member rekeys, the new one reads nothing earlier. */
export function addRoomMember(device: DeviceState, roomId: RoomId, member: RoomMember, ctx: DeviceContext): RoomStep {
  const group = requireGroup(device, roomId);
  const step = addMember(ctx, groupIdentity(device), group, toNewMember(device, member, ctx));
  return finish(device, roomId, group, step, ctx);
}

/** Removes `memberId` (an admin's act), or leaves the room when it is this device; the removed member is told too. */
export function removeRoomMember(device: DeviceState, roomId: RoomId, memberId: DeviceId, ctx: DeviceContext): RoomStep {
  const group = requireGroup(device, roomId);
  const step = removeMember(ctx, groupIdentity(device), group, memberId);
  return finish(device, roomId, group, step, ctx);
}

/**
 * Before a group send: when this device's sender chain for `roomId` is older than
 * SENDER_KEY_LIFETIME_MS, a fresh one handed to every member (carry it before the message, which goes
 * out on the new chain); undefined when the chain is young enough or the variant never turns it over.
 */
export function turnOverSenderKeyIfDue(device: DeviceState, roomId: RoomId, ctx: DeviceContext): RoomStep | undefined {
  const group = requireGroup(device, roomId);
  const step = turnOverSenderKey(ctx, group);
  return step === undefined ? undefined : finish(device, roomId, group, step, ctx);
}
