// Room keys on the shipped-2014 phone (docs/weak-variants.md "shipped-2014"): starting a room wraps a
// fresh secret for whatever key the directory served (no check, no warning); adopting one unwraps
// our half of a room-key message with the static RSA key. K is derived once and kept with the room.
import { equalBytes } from '../../../protocol/bytes.ts';
import type { Rng } from '../../../protocol/random/rng.ts';
import { createRoom, openRoom, roomKey, type RoomKeySlot } from '../../../protocol/variants/shipped2014/index.ts';
import { findRoom, withRoom, type ShippedRoom, type ShippedState } from './state.ts';

export interface RoomKeyArrival {
  readonly roomId: string;
  readonly peer: string;
  readonly slot: RoomKeySlot;
  readonly roomKeyMessage: Uint8Array;
  /** The creator's record of the key it wrapped for the peer, if this phone knows it. */
  readonly peerPublicKey: Uint8Array | undefined;
}

/**
 * Adopts a room-key message (from the peer, or the server's stored copy). Unwrapping comes first:
 * a message this key cannot open throws (KEM_BAD_CIPHERTEXT, WIRE_*) and the state is untouched.
 * The same message again changes nothing; a different one replaces the room's secret silently.
 */
export function adoptRoomKey(state: ShippedState, a: RoomKeyArrival): ShippedState {
  const existing = findRoom(state, a.roomId);
  if (existing !== undefined && existing.slot === a.slot && equalBytes(existing.roomKeyMessage, a.roomKeyMessage)) return state;
  const roomSecret = openRoom(state.privateKey, a.roomKeyMessage, a.slot);
  const room: ShippedRoom = {
    roomId: a.roomId,
    peer: a.peer,
    slot: a.slot,
    roomKeyMessage: a.roomKeyMessage.slice(),
    roomSecret,
    messageKey: roomKey(roomSecret),
    peerPublicKey: a.peerPublicKey?.slice(),
    sentCount: existing?.sentCount ?? 0,
  };
  return withRoom(state, room);
}

/**
 * Starts (or, after the server lost or withheld its copy, restarts) a room with `peer`, wrapping a
 * fresh secret for `peerPublicKey` — whatever the directory served — and for ourselves. Returns the
 * room-key message the server stores and the peer receives. A malformed key throws BAD_PUBLIC_KEY.
 */
export function startRoom(
  state: ShippedState,
  rng: Rng,
  a: { readonly roomId: string; readonly peer: string; readonly peerPublicKey: Uint8Array },
): { state: ShippedState; roomKeyMessage: Uint8Array } {
  const created = createRoom(rng, { ourPublicKey: state.publicKey, peerPublicKey: a.peerPublicKey });
  const room: ShippedRoom = {
    roomId: a.roomId,
    peer: a.peer,
    slot: 'self',
    roomKeyMessage: created.roomKeyMessage,
    roomSecret: created.roomSecret,
    messageKey: roomKey(created.roomSecret),
    peerPublicKey: a.peerPublicKey.slice(),
    sentCount: findRoom(state, a.roomId)?.sentCount ?? 0,
  };
  return { state: withRoom(state, room), roomKeyMessage: created.roomKeyMessage };
}
