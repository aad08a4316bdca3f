// The shipped-2014 phone's stored state (docs/weak-variants.md "shipped-2014"): the install's static
// RSA key pair, the peers' directory keys, each room's secret and K (kept for ever: no forward
// secrecy) and the inbox of unviewed messages. Plain readonly data; steps return a new state.
import type { RoomKeySlot } from '../../../protocol/variants/shipped2014/index.ts';

/** Rooms one phone keeps: far beyond any simulated run; bounds the store like every list in it. */
export const MAX_SHIPPED_ROOMS = 1_000;
/** Verified key images kept per contact (each a manual comparison by the user). */
export const MAX_VERIFIED_IMAGES = 16;
/** Messages one phone sends in one room before its u32 counter would wrap (the id is a u64 of 2·counter+parity). */
export const MAX_ROOM_COUNTER = 0xffff_ffff;

export interface ShippedRoom {
  readonly roomId: string;
  readonly peer: string;
  /** Which half of the room-key message this phone unwraps: the creator's (`self`) or the invitee's. */
  readonly slot: RoomKeySlot;
  /** The room-key message this room's secret came from (the server stores the same bytes). */
  readonly roomKeyMessage: Uint8Array;
  readonly roomSecret: Uint8Array;
  /** K = roomKey(roomSecret), derived once per room (PBKDF2 is slow) and kept with it. */
  readonly messageKey: Uint8Array;
  /** The directory key the creator wrapped the secret to for the peer; undefined for the invitee. */
  readonly peerPublicKey: Uint8Array | undefined;
  /** Messages this phone has sent in the room (the next one's counter). */
  readonly sentCount: number;
}

export interface ShippedContact {
  readonly user: string;
  /** The peer's key as the directory last served it (no memory of earlier keys, no warning). */
  readonly publicKey: Uint8Array | undefined;
  /** Key images the user compared by hand and found equal to what the peer showed. */
  readonly verifiedImages: readonly string[];
  /** A manual comparison failed: the user stopped sending to this peer (the design's only defence). */
  readonly verificationFailed: boolean;
}

export interface ShippedInboxEntry {
  readonly messageId: string;
  readonly roomId: string;
  readonly from: string;
  readonly body: Uint8Array;
  readonly timerMs: number;
  /** Set when a timer message is viewed; the plaintext is erased at this time. */
  readonly expiresAtMs: number | undefined;
}

export interface ShippedState {
  readonly user: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
  readonly contacts: readonly ShippedContact[];
  readonly rooms: readonly ShippedRoom[];
  readonly inbox: readonly ShippedInboxEntry[];
}

export function findRoom(state: ShippedState, roomId: string): ShippedRoom | undefined {
  return state.rooms.find((r) => r.roomId === roomId);
}

export function findContact(state: ShippedState, user: string): ShippedContact | undefined {
  return state.contacts.find((c) => c.user === user);
}

export function withRoom(state: ShippedState, room: ShippedRoom): ShippedState {
  return { ...state, rooms: [...state.rooms.filter((r) => r.roomId !== room.roomId), room].sort((a, b) => (a.roomId < b.roomId ? -1 : 1)) };
}

export function withContact(state: ShippedState, user: string, change: Partial<Omit<ShippedContact, 'user'>>): ShippedState {
  const old = findContact(state, user) ?? { user, publicKey: undefined, verifiedImages: [], verificationFailed: false };
  const next: ShippedContact = { ...old, ...change };
  return { ...state, contacts: [...state.contacts.filter((c) => c.user !== user), next].sort((a, b) => (a.user < b.user ? -1 : 1)) };
}
