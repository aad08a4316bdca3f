// Wire format of a shipped-2014 chat message: the message id and the bare AES-CTR ciphertext. No
// tag, no sender authentication, no counter the receiver checks (docs/weak-variants.md "shipped-2014").
// Strict decoder: size cap, version, length cap, no trailing bytes.
import { MAX_PLAINTEXT_BYTES, MAX_WIRE_MESSAGE_BYTES } from '../../limits.ts';
import { decodeMessage, encodeMessage, struct, u64, varBytes, versioned } from '../../wire/codec.ts';

export interface ChatMessage {
  /** u64 message id; also the input of the counter block (roomKey.ts). */
  readonly messageId: bigint;
  /** AES-256-CTR ciphertext, as long as the plaintext (no padding, no MAC). */
  readonly ciphertext: Uint8Array;
}

const CHAT_MESSAGE_VERSION = 1;

const codec = versioned(
  CHAT_MESSAGE_VERSION,
  struct<ChatMessage>('Shipped2014ChatMessage', {
    messageId: u64,
    ciphertext: varBytes('Shipped2014ChatMessage.ciphertext', MAX_PLAINTEXT_BYTES),
  }),
);

export function encodeChatMessage(message: ChatMessage): Uint8Array {
  return encodeMessage(codec, message, MAX_WIRE_MESSAGE_BYTES);
}

export function decodeChatMessage(bytes: Uint8Array): ChatMessage {
  return decodeMessage(codec, bytes, MAX_WIRE_MESSAGE_BYTES);
}
