// Group-control payloads over the 1:1 sessions. Sending wraps each
// protocol/group payload as a 'group-control' Content; receiving hands it to the room's state.
// With groupMemberBinding a payload goes only over a session whose identity is the one the room's
// signed member record names (group README, SEC-GROUP); a contradiction is a user-visible event.
import type { GroupControlContent } from '../content/content.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import type { PairwiseSend, PairwisePeer } from '../group/context.ts';
import { groupEventsOf } from '../group/events.ts';
import { receivePairwise } from '../group/pairwise.ts';
import type { DeviceId, RoomId } from '../ids.ts';
import { decodeGroupPairwise } from '../wire/groupPairwise.ts';
import { equalBytes } from '../bytes.ts';
import type { IdentityKey } from '../identity/identityKey.ts';
import { findMember } from '../group/membership.ts';
import type { GroupMember } from '../wire/groupMember.ts';
import { findContact } from './contacts.ts';
import type { DeviceContext } from './context.ts';
import { findGroup, groupDeviceEvents, isGroupNotYet, selfPeer, spentGroupSecrets, withGroupStep } from './groupStore.ts';
import { sendControl } from './send.ts';
import type { Contact, DeviceEvent, DeviceState } from './state.ts';

/** A pairwise message for the server to relay to `to` (envelope kind 'pairwise'). */
export interface ControlWire {
  readonly to: DeviceId;
  readonly wire: Uint8Array;
}

/**
 * What carrying group payloads produced. `unsent` went to peers with no session yet: fetch their
 * bundles, openSession, and call sendGroupControl with exactly these (in this order) at once — they
 * hold chain keys, so do not keep them around. `blocked` peers (unacknowledged key change, failed
 * verification) get nothing, as in send.ts: they can't read the room until the user resolves it.
 */
export interface GroupCarry {
  readonly device: DeviceState;
  readonly wires: readonly ControlWire[];
  readonly unsent: readonly PairwiseSend[];
  readonly blocked: readonly DeviceId[];
  /** 'group-member-mismatch' for each peer whose identity contradicts the room's member record (it got nothing). */
  readonly events: readonly DeviceEvent[];
}

/** Whether `identity` is the whole identity a member record names (a record without dh names only sign). */
function matchesRecord(identity: IdentityKey | undefined, record: GroupMember): boolean {
  if (identity === undefined || !equalBytes(identity.sign, record.identityKey)) return false;
  return record.dh === undefined || equalBytes(identity.dh, record.dh);
}

/**
 * SEC-GROUP: may `send` go over `contact`'s active session? Members need a record matching both the
 * trusted identity and the session's; a device outside the member list gets only a membership op
 * (the removed member is told), never a sender key or a welcome.
 */
function recordCheck(device: DeviceState, roomId: RoomId, contact: Contact, payload: Uint8Array): 'ok' | 'mismatch' | 'not-member' {
  const group = findGroup(device, roomId);
  const record = group === undefined ? undefined : findMember(group.members, contact.deviceId);
  if (record === undefined) return decodeGroupPairwise(payload).kind === 'membership' ? 'ok' : 'not-member';
  const session = contact.sessions[0]?.theirIdentity;
  return matchesRecord(contact.identity, record) && matchesRecord(session, record) ? 'ok' : 'mismatch';
}

function isBlocked(contact: Contact): boolean {
  return contact.verificationFailed || contact.pendingIdentity !== undefined;
}

/** Peers (never self) that need a bundle fetched and openSession before group payloads can reach them. */
export function peersNeedingSession(device: DeviceState, peers: readonly DeviceId[]): DeviceId[] {
  return [...new Set(peers)].filter((p) => {
    if (p === device.deviceId) return false;
    const contact = findContact(device, p);
    return contact === undefined || (contact.sessions.length === 0 && !isBlocked(contact));
  });
}

/** Encrypt each payload on the 1:1 session to its recipient, in order. Pure: returns the new device. */
export function sendGroupControl(device: DeviceState, roomId: RoomId, sends: readonly PairwiseSend[], ctx: DeviceContext): GroupCarry {
  let d = device;
  const wires: ControlWire[] = [];
  const unsent: PairwiseSend[] = [];
  const blocked = new Set<DeviceId>();
  const mismatched = new Set<DeviceId>();
  for (const send of sends) {
    if (send.to === device.deviceId) continue;
    const contact = findContact(d, send.to);
    if (contact !== undefined && isBlocked(contact)) blocked.add(send.to);
    else if (contact === undefined || contact.sessions.length === 0) unsent.push(send);
    else if (ctx.flags.groupMemberBinding && recordCheck(d, roomId, contact, send.payload) !== 'ok') {
      if (recordCheck(d, roomId, contact, send.payload) === 'mismatch') mismatched.add(send.to);
      blocked.add(send.to);
    } else {
      const out = sendControl(d, send.to, { kind: 'group-control', roomId, payload: send.payload }, ctx);
      d = out.device;
      wires.push({ to: send.to, wire: out.wire });
    }
  }
  const events: DeviceEvent[] = [...mismatched].map((peer) => ({ kind: 'group-member-mismatch', roomId, peer, atMs: ctx.nowMs }));
  return { device: d, wires, unsent, blocked: [...blocked], events };
}

export type GroupControlOutcome =
  | {
      readonly ok: true;
      readonly device: DeviceState;
      /** Payloads the group step wants carried (e.g. our fresh sender key after a rekey): pass to sendGroupControl. */
      readonly outgoing: readonly PairwiseSend[];
      readonly events: readonly DeviceEvent[];
      readonly consumed: readonly Uint8Array[];
    }
  | { readonly ok: false; readonly error: ProtocolError; readonly events: readonly DeviceEvent[]; readonly retryLater: boolean };

/**
 * Applies a received group-control content. `from` is the peer the 1:1 session that decrypted it is
 * bound to (its device id and the session's identity key), never anything the payload claims.
 */
export function applyGroupControl(device: DeviceState, from: PairwisePeer, content: GroupControlContent, ctx: DeviceContext): GroupControlOutcome {
  const roomId = content.roomId;
  const before = findGroup(device, roomId) ?? null;
  try {
    // Anything but a welcome for a room we do not hold yet may simply have overtaken the welcome.
    if (before === null && decodeGroupPairwise(content.payload).kind !== 'welcome') {
      return { ok: false, error: notInRoom(roomId), events: [], retryLater: true };
    }
    const step = receivePairwise(ctx, selfPeer(device), before, from, content.payload);
    if (step.state !== null && step.state.roomId !== roomId) return { ok: false, error: otherRoom(roomId), events: [], retryLater: false };
    return {
      ok: true,
      device: withGroupStep(device, roomId, step.state),
      outgoing: step.outgoing,
      events: groupDeviceEvents(roomId, step.events, ctx.nowMs),
      consumed: spentGroupSecrets(before, step.state),
    };
  } catch (e) {
    if (!isProtocolError(e)) throw e;
    const events = groupEventsOf(e);
    return { ok: false, error: e, events: groupDeviceEvents(roomId, events, ctx.nowMs), retryLater: isGroupNotYet(e.code, events) };
  }
}

function notInRoom(roomId: RoomId): ProtocolError {
  return new ProtocolError('NOT_A_MEMBER', `group payload for room ${roomId}, which this device is not in (yet)`);
}

function otherRoom(roomId: RoomId): ProtocolError {
  return new ProtocolError('INVALID_MESSAGE', `group payload names another room than its carrier (${roomId})`);
}
