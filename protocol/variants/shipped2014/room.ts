// The room-secret exchange of the shipped-2014 model (docs/weak-variants.md "shipped-2014"): the
// creator draws a random room secret and wraps it with RSA-OAEP for the peer's directory key and for
// its own key; whoever reopens the room unwraps the server's stored copy with the static private key.
import { ProtocolError } from '../../errors.ts';
import type { Rng } from '../../random/rng.ts';
import { oaepDecrypt, oaepEncrypt } from './oaep.ts';
import { ROOM_SECRET_BYTES } from './roomKey.ts';
import { decodeRoomKeyMessage, encodeRoomKeyMessage } from './roomKeyMessage.ts';
import { decodeRsaPrivateKey, decodeRsaPublicKey } from './rsaKey.ts';

export interface CreatedRoom {
  /** The fresh room secret (the creator keeps it; K = roomKey(roomSecret)). */
  readonly roomSecret: Uint8Array;
  readonly wrappedForPeer: Uint8Array;
  readonly wrappedForSelf: Uint8Array;
  /** encodeRoomKeyMessage({ wrappedForPeer, wrappedForSelf }): what goes to the server and the peer. */
  readonly roomKeyMessage: Uint8Array;
}

/**
 * Starts a room (or re-keys one after the server deleted it). `peerPublicKey` is whatever the
 * directory served: it is checked for shape only, never against an earlier key, and no warning is
 * raised when it changed. Both keys are decoded before the secret is drawn.
 */
export function createRoom(rng: Rng, keys: { readonly ourPublicKey: Uint8Array; readonly peerPublicKey: Uint8Array }): CreatedRoom {
  const ours = decodeRsaPublicKey(keys.ourPublicKey);
  const peers = decodeRsaPublicKey(keys.peerPublicKey);
  const roomSecret = rng.bytes(ROOM_SECRET_BYTES);
  const wrappedForPeer = oaepEncrypt(rng, peers, roomSecret);
  const wrappedForSelf = oaepEncrypt(rng, ours, roomSecret);
  return { roomSecret, wrappedForPeer, wrappedForSelf, roomKeyMessage: encodeRoomKeyMessage({ wrappedForPeer, wrappedForSelf }) };
}

/** Unwraps one RSA-OAEP-wrapped room secret; any failure (padding, length) is KEM_BAD_CIPHERTEXT. */
export function unwrapRoomSecret(privateKey: Uint8Array, wrapped: Uint8Array): Uint8Array {
  const secret = oaepDecrypt(decodeRsaPrivateKey(privateKey), wrapped);
  if (secret.length !== ROOM_SECRET_BYTES) throw new ProtocolError('KEM_BAD_CIPHERTEXT', 'RSA-OAEP decryption error');
  return secret;
}

/** Which half of a room-key message is ours: the creator reads `self`, the invited peer reads `peer`. */
export type RoomKeySlot = 'self' | 'peer';

/** Opens a room from an encoded room-key message (fresh from the peer, or the server's stored copy). */
export function openRoom(privateKey: Uint8Array, roomKeyMessage: Uint8Array, slot: RoomKeySlot): Uint8Array {
  const message = decodeRoomKeyMessage(roomKeyMessage);
  return unwrapRoomSecret(privateKey, slot === 'self' ? message.wrappedForSelf : message.wrappedForPeer);
}

export type ResumedRoom = { readonly kind: 'reopened'; readonly roomSecret: Uint8Array } | { readonly kind: 'created'; readonly room: CreatedRoom };

/**
 * What the shipped client did when a room was opened: if the server hands back a stored room-key
 * message, unwrap our half of it; if the server has none (never made, or deleted by the server),
 * start a fresh exchange to whatever key the directory serves now. Nothing compares that key with
 * the one used before and nothing warns: the forced re-exchange flaw, modelled faithfully.
 */
export function resumeRoom(
  rng: Rng,
  args: {
    readonly ourPrivateKey: Uint8Array;
    readonly ourPublicKey: Uint8Array;
    readonly slot: RoomKeySlot;
    readonly storedRoomKeyMessage: Uint8Array | undefined;
    readonly peerPublicKey: Uint8Array;
  },
): ResumedRoom {
  if (args.storedRoomKeyMessage !== undefined) {
    return { kind: 'reopened', roomSecret: openRoom(args.ourPrivateKey, args.storedRoomKeyMessage, args.slot) };
  }
  return { kind: 'created', room: createRoom(rng, { ourPublicKey: args.ourPublicKey, peerPublicKey: args.peerPublicKey }) };
}
