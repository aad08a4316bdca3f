// Codecs for the branded ids (protocol/ids.ts): one place that turns a plain string or u32 codec
// into a codec of a branded type, so no file casts a codec itself. The brand is a compile-time
// tag only; the bytes are those of the underlying codec, with its length cap.
import type { DeviceId, MessageId, PreKeyId, RoomId, UserId } from '../ids.ts';
import { MAX_DEVICE_ID_BYTES, MAX_MESSAGE_ID_BYTES, MAX_ROOM_ID_BYTES } from '../limits.ts';
import { u32, utf8String, type Codec } from './codec.ts';

/** `codec` re-typed as a codec of the branded type `B` of its values (B extends T: the brand adds no bytes). */
function branded<T, B extends T>(codec: Codec<T>): Codec<B> {
  return codec as Codec<unknown> as Codec<B>;
}

export const preKeyIdCodec: Codec<PreKeyId> = branded<number, PreKeyId>(u32);
export const deviceIdCodec = (name = 'DeviceId'): Codec<DeviceId> => branded<string, DeviceId>(utf8String(name, MAX_DEVICE_ID_BYTES));
export const userIdCodec = (name = 'UserId'): Codec<UserId> => branded<string, UserId>(utf8String(name, MAX_DEVICE_ID_BYTES));
export const roomIdCodec = (name = 'RoomId'): Codec<RoomId> => branded<string, RoomId>(utf8String(name, MAX_ROOM_ID_BYTES));
export const messageIdCodec = (name = 'MessageId'): Codec<MessageId> => branded<string, MessageId>(utf8String(name, MAX_MESSAGE_ID_BYTES));
