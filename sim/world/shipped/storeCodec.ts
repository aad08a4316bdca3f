// The shipped-2014 phone's store on disk: its state in a strict binary codec, sealed with the
// phone's storage key (XChaCha20-Poly1305 standing in for the phone's disk encryption). A seizure
// reads exactly seal(); the oracle's open() reverses it (properties/judges/oracles/shipped2014.ts).
import { concatBytes, utf8 } from '../../../protocol/bytes.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import { isProtocolError, ProtocolError } from '../../../protocol/errors.ts';
import { MAX_CONTACTS, MAX_DEVICE_ID_BYTES, MAX_DEVICE_STORE_BYTES, MAX_INBOX_MESSAGES, MAX_MESSAGE_ID_BYTES, MAX_PLAINTEXT_BYTES, MAX_ROOM_ID_BYTES } from '../../../protocol/limits.ts';
import type { Rng } from '../../../protocol/random/rng.ts';
import { PRIVATE_KEY_BYTES, PUBLIC_KEY_BYTES, ROOM_KEY_BYTES, ROOM_KEY_MESSAGE_BYTES, ROOM_SECRET_BYTES, type RoomKeySlot } from '../../../protocol/variants/shipped2014/index.ts';
import { bool, decodeMessage, encodeMessage, fixedBytes, listOf, optional, struct, u32, u64, u8, utf8String, varBytes, versioned, type Codec } from '../../../protocol/wire/codec.ts';
import { MAX_SHIPPED_ROOMS, MAX_VERIFIED_IMAGES, type ShippedContact, type ShippedInboxEntry, type ShippedRoom, type ShippedState } from './state.ts';

const STORE_FORMAT = 1;
const STATE_VERSION = 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const STORE_AD = utf8('sealroom shipped-2014 store v1');
/** A key image is ten groups of four hex digits and nine spaces (protocol/variants/shipped2014/keyImage.ts). */
const KEY_IMAGE_CHARS = 49;
/** Inbox ids may be made up by the receiver for garbage (room id, '#', a u64 in decimal). */
const MAX_INBOX_ID_BYTES = Math.max(MAX_MESSAGE_ID_BYTES, MAX_ROOM_ID_BYTES + 1 + 20);

const slot: Codec<RoomKeySlot> = {
  name: 'RoomKeySlot',
  encode: (v, w) => u8.encode(v === 'self' ? 0 : 1, w),
  decode(r) {
    const b = u8.decode(r);
    if (b > 1) throw new ProtocolError('WIRE_BAD_VALUE', `RoomKeySlot: ${b}`);
    return b === 0 ? 'self' : 'peer';
  },
};

const ms: Codec<number> = {
  name: 'ms',
  encode: (v, w) => u64.encode(BigInt(v), w),
  decode(r) {
    const v = u64.decode(r);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  },
};

const user = (name: string) => utf8String(name, MAX_DEVICE_ID_BYTES);

const roomCodec = struct<ShippedRoom>('ShippedRoom', {
  roomId: utf8String('ShippedRoom.roomId', MAX_ROOM_ID_BYTES),
  peer: user('ShippedRoom.peer'),
  slot,
  roomKeyMessage: fixedBytes('ShippedRoom.roomKeyMessage', ROOM_KEY_MESSAGE_BYTES),
  roomSecret: fixedBytes('ShippedRoom.roomSecret', ROOM_SECRET_BYTES),
  messageKey: fixedBytes('ShippedRoom.messageKey', ROOM_KEY_BYTES),
  peerPublicKey: optional(fixedBytes('ShippedRoom.peerPublicKey', PUBLIC_KEY_BYTES)),
  sentCount: u32,
});

const contactCodec = struct<ShippedContact>('ShippedContact', {
  user: user('ShippedContact.user'),
  publicKey: optional(fixedBytes('ShippedContact.publicKey', PUBLIC_KEY_BYTES)),
  verifiedImages: listOf(utf8String('ShippedContact.verifiedImage', KEY_IMAGE_CHARS), MAX_VERIFIED_IMAGES),
  verificationFailed: bool('ShippedContact.verificationFailed'),
});

const inboxCodec = struct<ShippedInboxEntry>('ShippedInboxEntry', {
  messageId: utf8String('ShippedInboxEntry.messageId', MAX_INBOX_ID_BYTES),
  roomId: utf8String('ShippedInboxEntry.roomId', MAX_ROOM_ID_BYTES),
  from: user('ShippedInboxEntry.from'),
  body: varBytes('ShippedInboxEntry.body', MAX_PLAINTEXT_BYTES),
  timerMs: u32,
  expiresAtMs: optional(ms),
});

const stateCodec = versioned(
  STATE_VERSION,
  struct<ShippedState>('ShippedState', {
    user: user('ShippedState.user'),
    publicKey: fixedBytes('ShippedState.publicKey', PUBLIC_KEY_BYTES),
    privateKey: fixedBytes('ShippedState.privateKey', PRIVATE_KEY_BYTES),
    contacts: listOf(contactCodec, MAX_CONTACTS),
    rooms: listOf(roomCodec, MAX_SHIPPED_ROOMS),
    inbox: listOf(inboxCodec, MAX_INBOX_MESSAGES),
  }),
);

/** The plaintext bytes of the store (what a canary scan of a seized phone reads). */
export function serializeShipped(state: ShippedState): Uint8Array {
  return encodeMessage(stateCodec, state, MAX_DEVICE_STORE_BYTES);
}

export function deserializeShipped(bytes: Uint8Array): ShippedState {
  try {
    return decodeMessage(stateCodec, bytes, MAX_DEVICE_STORE_BYTES);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_CORRUPT', `shipped-2014 store does not decode (${e.code})`);
    throw e;
  }
}

export function sealShipped(provider: CryptoProvider, state: ShippedState, storageKey: Uint8Array, rng: Rng): Uint8Array {
  const nonce = rng.bytes(NONCE_BYTES);
  return concatBytes(new Uint8Array([STORE_FORMAT]), nonce, provider.xchacha20poly1305.seal(storageKey, nonce, serializeShipped(state), STORE_AD));
}

/** STORE_CORRUPT for a malformed blob, STORE_BAD_KEY when the key does not open it. */
export function openShipped(provider: CryptoProvider, blob: Uint8Array, storageKey: Uint8Array): ShippedState {
  if (blob.length > MAX_DEVICE_STORE_BYTES + 1 + NONCE_BYTES + TAG_BYTES) throw new ProtocolError('STORE_CORRUPT', 'shipped-2014 store exceeds its size cap');
  if (blob.length < 1 + NONCE_BYTES + TAG_BYTES) throw new ProtocolError('STORE_CORRUPT', 'shipped-2014 store truncated');
  if (blob[0] !== STORE_FORMAT) throw new ProtocolError('STORE_CORRUPT', `shipped-2014 store format ${blob[0]}`);
  let plain: Uint8Array;
  try {
    plain = provider.xchacha20poly1305.open(storageKey, blob.subarray(1, 1 + NONCE_BYTES), blob.subarray(1 + NONCE_BYTES), STORE_AD);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_BAD_KEY', 'shipped-2014 store does not open with this key');
    throw e;
  }
  return deserializeShipped(plain);
}
