// Chat messages on the shipped-2014 phone: AES-256-CTR under the room's K with a u64 message id and
// no MAC (docs/weak-variants.md "shipped-2014"). Receiving cannot detect tampering or replays: any
// ciphertext decrypts, and an unparseable plaintext is shown as it is (garbage accepted).
import { UsageError } from '../../../protocol/errors.ts';
import { MAX_INBOX_MESSAGES } from '../../../protocol/limits.ts';
import { decodeChatMessage, decryptWithRoomKey, encodeChatMessage, encryptWithRoomKey } from '../../../protocol/variants/shipped2014/index.ts';
import { encodeFrame, readFrame, type Frame } from './frame.ts';
import { findRoom, MAX_ROOM_COUNTER, withRoom, type ShippedInboxEntry, type ShippedRoom, type ShippedState } from './state.ts';

/**
 * The u64 message id: stands in for the server-assigned message number of the 2014 client, unique
 * within the room because each side counts its own messages and adds a parity bit of its own.
 */
export function chatMessageId(counter: number, me: string, peer: string): bigint {
  return BigInt(counter) * 2n + (me < peer ? 0n : 1n);
}

/** Encrypts one frame in `roomId` (the room must be open). */
export function encryptChat(state: ShippedState, roomId: string, frame: Frame): { state: ShippedState; wire: Uint8Array; room: ShippedRoom } {
  const room = findRoom(state, roomId);
  if (room === undefined) throw new UsageError(`encryptChat: room ${roomId} is not open on ${state.user}`);
  if (room.sentCount >= MAX_ROOM_COUNTER) throw new UsageError(`encryptChat: ${state.user} has sent MAX_ROOM_COUNTER messages in ${roomId}`);
  const messageId = chatMessageId(room.sentCount, state.user, room.peer);
  const wire = encodeChatMessage({ messageId, ciphertext: encryptWithRoomKey(room.messageKey, messageId, encodeFrame(frame)) });
  const next = { ...room, sentCount: room.sentCount + 1 };
  return { state: withRoom(state, next), wire, room: next };
}

export interface ReceivedChat {
  readonly messageId: string;
  readonly roomId: string;
  readonly body: Uint8Array;
  readonly timerMs: number;
  /** False: the plaintext was not a frame (tampered or forged) and is shown as raw bytes. */
  readonly framed: boolean;
}

function decryptIn(room: ShippedRoom, messageId: bigint, ciphertext: Uint8Array): ReceivedChat {
  const plaintext = decryptWithRoomKey(room.messageKey, messageId, ciphertext);
  const frame = readFrame(plaintext);
  if (frame !== undefined) return { messageId: frame.messageId, roomId: room.roomId, body: frame.body, timerMs: frame.timerMs, framed: true };
  return { messageId: `${room.roomId}#${messageId}`, roomId: room.roomId, body: plaintext, timerMs: 0, framed: false };
}

function withInbox(state: ShippedState, from: string, m: ReceivedChat): ShippedState {
  if (state.inbox.some((e) => e.messageId === m.messageId && e.roomId === m.roomId)) return state;
  const entry: ShippedInboxEntry = { messageId: m.messageId, roomId: m.roomId, from, body: m.body.slice(), timerMs: m.timerMs, expiresAtMs: undefined };
  // Bounded like every list in the store: past the cap the oldest unviewed message is dropped.
  const kept = state.inbox.length >= MAX_INBOX_MESSAGES ? state.inbox.slice(1) : state.inbox;
  return { ...state, inbox: [...kept, entry] };
}

/**
 * The phone's receive of one chat wire in `room`. Only a malformed wire is refused (WIRE_*); a
 * replayed or tampered ciphertext is accepted again, exactly as the shipped client did.
 */
export function receiveChat(state: ShippedState, room: ShippedRoom, from: string, wire: Uint8Array): { state: ShippedState; message: ReceivedChat } {
  const chat = decodeChatMessage(wire);
  const message = decryptIn(room, chat.messageId, chat.ciphertext);
  return { state: withInbox(state, from, message), message };
}

/**
 * The receive code without an envelope (the judges' receiveAs: a thief's copy, a MITM's state):
 * the room is found by trial, `from`'s rooms first, and only a plaintext that parses as a frame
 * counts as read. Undefined: no room key this state holds reads the wire.
 */
export function receiveChatByTrial(state: ShippedState, from: string, wire: Uint8Array): { state: ShippedState; message: ReceivedChat } | undefined {
  const chat = decodeChatMessage(wire);
  const rooms = [...state.rooms.filter((r) => r.peer === from), ...state.rooms.filter((r) => r.peer !== from)];
  for (const room of rooms) {
    const message = decryptIn(room, chat.messageId, chat.ciphertext);
    if (message.framed) return { state: withInbox(state, from, message), message };
  }
  return undefined;
}
