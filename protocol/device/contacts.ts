// The contact list: lookup and copy-on-write update, kept sorted by device id so the serialized
// store is canonical. Trust decisions live in trust.ts; this file only stores.
import type { DeviceId, UserId } from '../ids.ts';
import { MAX_CONTACTS } from '../limits.ts';
import { ProtocolError } from '../errors.ts';
import type { Contact, DeviceState } from './state.ts';

export function findContact(device: DeviceState, peer: DeviceId): Contact | undefined {
  return device.contacts.find((c) => c.deviceId === peer);
}

export function newContact(peer: DeviceId, userId: UserId): Contact {
  return {
    deviceId: peer,
    userId,
    identity: undefined,
    verified: false,
    verificationFailed: false,
    pendingIdentity: undefined,
    pendingBundle: undefined,
    sessions: [],
    held: [],
  };
}

/** Returns a device with `contact` inserted or replaced. */
export function withContact(device: DeviceState, contact: Contact): DeviceState {
  const others = device.contacts.filter((c) => c.deviceId !== contact.deviceId);
  if (others.length === device.contacts.length && others.length >= MAX_CONTACTS) {
    throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `device store holds the maximum of ${MAX_CONTACTS} contacts`);
  }
  const contacts = [...others, contact].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
  return { ...device, contacts };
}
