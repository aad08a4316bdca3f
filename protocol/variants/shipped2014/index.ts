// Public API of the `shipped-2014` session engine: a faithful model of the privacy mode the operator
// actually shipped in 2014 (docs/weak-variants.md "shipped-2014"). Pure functions over bytes;
// randomness is an Rng parameter. Every published flaw is kept on purpose, so the properties find it.
//
// Model decisions (not fixed by the public analyses, chosen here and documented):
// - the room secret is 32 random bytes;
// - the "per-room key" that keys the counter-block HMAC is K itself (K = roomKey(roomSecret));
// - a message id is a u64, fed to the HMAC as 8 big-endian bytes after the ASCII label;
// - the key image is the first 20 bytes of SHA-256 over the encoded public key, shown as hex groups;
// - an OAEP failure of any kind (and a wrong-length secret) is ProtocolError KEM_BAD_CIPHERTEXT.
export { decodeChatMessage, encodeChatMessage, type ChatMessage } from './chatMessage.ts';
export { generateInstallKey, type InstallKey } from './installKey.ts';
export { keyImage } from './keyImage.ts';
export { decryptWithRoomKey, encryptWithRoomKey } from './messageCipher.ts';
export { createRoom, openRoom, unwrapRoomSecret, type RoomKeySlot } from './room.ts';
export {
  ROOM_KEY_BYTES,
  ROOM_SECRET_BYTES,
  roomKey,
} from './roomKey.ts';
export { ROOM_KEY_MESSAGE_BYTES, decodeRoomKeyMessage } from './roomKeyMessage.ts';
export {
  PRIVATE_KEY_BYTES,
  PUBLIC_KEY_BYTES,
  RSA_MODULUS_BYTES,
  decodeRsaPublicKey,
} from './rsaKey.ts';
