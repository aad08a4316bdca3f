// Wire format of the shipped-2014 room-key exchange: the room secret wrapped with RSA-OAEP once for
// the peer and once for the creator itself. The server stores this message and hands it back when
// the room is reopened (docs/weak-variants.md "shipped-2014"). Strict decoder: fixed size, one version.
import { decodeMessage, encodeMessage, fixedBytes, struct, versioned } from '../../wire/codec.ts';
import { RSA_MODULUS_BYTES } from './rsaKey.ts';

export interface RoomKeyMessage {
  /** RSA-OAEP(peer's directory key, room secret). */
  readonly wrappedForPeer: Uint8Array;
  /** RSA-OAEP(creator's own key, room secret): lets the creator reopen the room from the server's copy. */
  readonly wrappedForSelf: Uint8Array;
}

const ROOM_KEY_MESSAGE_VERSION = 1;
/** Version byte and two RSA-2048 ciphertexts. */
export const ROOM_KEY_MESSAGE_BYTES = 1 + 2 * RSA_MODULUS_BYTES;

const codec = versioned(
  ROOM_KEY_MESSAGE_VERSION,
  struct<RoomKeyMessage>('Shipped2014RoomKeyMessage', {
    wrappedForPeer: fixedBytes('Shipped2014RoomKeyMessage.wrappedForPeer', RSA_MODULUS_BYTES),
    wrappedForSelf: fixedBytes('Shipped2014RoomKeyMessage.wrappedForSelf', RSA_MODULUS_BYTES),
  }),
);

export function encodeRoomKeyMessage(message: RoomKeyMessage): Uint8Array {
  return encodeMessage(codec, message, ROOM_KEY_MESSAGE_BYTES);
}

export function decodeRoomKeyMessage(bytes: Uint8Array): RoomKeyMessage {
  return decodeMessage(codec, bytes, ROOM_KEY_MESSAGE_BYTES);
}
