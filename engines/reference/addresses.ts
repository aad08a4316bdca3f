// Peer addresses as the reference protocol names them: the contract's (user, device number) checked
// and turned into the user and device ids its handshake binds into the session AD (flag idBinding,
// protocol/handshake/keySchedule.ts; X3DH §3.3 lets AD carry "identifying information").
import { UsageError } from '../../protocol/errors.ts';
import type { SessionIds } from '../../protocol/handshake/keySchedule.ts';
import { deviceId, userId, type DeviceId } from '../../protocol/ids.ts';
import { MAX_DEVICE_ID_BYTES } from '../../protocol/limits.ts';
import { MAX_PREKEY_ID } from '../../protocol/prekeys/preKeyId.ts';
import type { PeerAddress } from '../contract.ts';

/** A caller's address, checked: a user id the wire codecs can carry and a device number in 1..2^32-1. */
export function checkAddress(a: PeerAddress, what: string): PeerAddress {
  if (typeof a !== 'object' || a === null) throw new UsageError(`${what}: expected { user, device }`);
  if (typeof a.user !== 'string' || a.user.length === 0 || new TextEncoder().encode(a.user).length > MAX_DEVICE_ID_BYTES) {
    throw new UsageError(`${what}.user: expected a non-empty string of at most ${MAX_DEVICE_ID_BYTES} UTF-8 bytes`);
  }
  if (!Number.isInteger(a.device) || a.device < 1 || a.device > MAX_PREKEY_ID) throw new UsageError(`${what}.device: expected an integer in 1..${MAX_PREKEY_ID}, got ${String(a.device)}`);
  return { user: a.user, device: a.device };
}

/** The device id the reference's bundle and AD carry: the device number in decimal (the user id is bound beside it). */
export function deviceIdOf(a: PeerAddress): DeviceId {
  return deviceId(String(a.device));
}

export function sameAddress(a: PeerAddress, b: PeerAddress): boolean {
  return a.user === b.user && a.device === b.device;
}

/** Canonical order of peers in the stored state: by user (UTF-16 code units), then device number. */
export function compareAddresses(a: PeerAddress, b: PeerAddress): number {
  if (a.user !== b.user) return a.user < b.user ? -1 : 1;
  return a.device - b.device;
}

/** Both ends' ids for a session `initiator` opens to `responder` (the initiator is the setup's sender). */
export function sessionIds(initiator: PeerAddress, responder: PeerAddress): SessionIds {
  return { initiatorUser: userId(initiator.user), initiatorDevice: deviceIdOf(initiator), responderUser: userId(responder.user), responderDevice: deviceIdOf(responder) };
}
