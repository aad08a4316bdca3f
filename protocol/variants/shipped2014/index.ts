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
export { bigIntToBytes, bytesToBigInt } from './bigint.ts';
export { decodeChatMessage, encodeChatMessage, type ChatMessage } from './chatMessage.ts';
export { deriveInstallKey, generateInstallKey, installKeyFromSeed, publicKeyOf, INSTALL_KEY_SEED_BYTES, type InstallKey } from './installKey.ts';
export { keyImage } from './keyImage.ts';
export { decryptMessage, decryptWithRoomKey, encryptMessage, encryptWithRoomKey } from './messageCipher.ts';
export { oaepDecrypt, oaepEncrypt, oaepMaxMessageBytes } from './oaep.ts';
export { createRoom, openRoom, resumeRoom, unwrapRoomSecret, type CreatedRoom, type ResumedRoom, type RoomKeySlot } from './room.ts';
export {
  COUNTER_BLOCK_BYTES,
  COUNTER_LABEL,
  ROOM_KEY_BYTES,
  ROOM_KEY_ITERATIONS,
  ROOM_KEY_SALT,
  ROOM_SECRET_BYTES,
  counterBlock,
  encodeMessageId,
  roomKey,
} from './roomKey.ts';
export { ROOM_KEY_MESSAGE_BYTES, decodeRoomKeyMessage, encodeRoomKeyMessage, type RoomKeyMessage } from './roomKeyMessage.ts';
export {
  PRIVATE_KEY_BYTES,
  PUBLIC_KEY_BYTES,
  RSA_MODULUS_BITS,
  RSA_MODULUS_BYTES,
  decodeRsaPrivateKey,
  decodeRsaPublicKey,
  encodeRsaPrivateKey,
  encodeRsaPublicKey,
  type RsaPrivateKey,
  type RsaPublicKey,
} from './rsaKey.ts';
