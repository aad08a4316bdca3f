// The plaintext the shipped-2014 phone encrypts: the world's message id, the timer and the body.
// The 2014 client put message fields in the plaintext too; this sim framing carries the string id
// so acceptances name the right message. With no MAC, a receiver that cannot parse it shows garbage.
import { isProtocolError } from '../../../protocol/errors.ts';
import { MAX_MESSAGE_ID_BYTES, MAX_PLAINTEXT_BYTES } from '../../../protocol/limits.ts';
import { decodeMessage, encodeMessage, struct, u32, utf8String, varBytes } from '../../../protocol/wire/codec.ts';

export interface Frame {
  readonly messageId: string;
  /** 0: view-once; otherwise the timer, which starts when the receiver views the message. */
  readonly timerMs: number;
  readonly body: Uint8Array;
}

/** u16-prefixed id, u32 timer, u32-prefixed body. */
const FRAME_OVERHEAD_BYTES = 2 + MAX_MESSAGE_ID_BYTES + 4 + 4;
/** Largest body: the whole frame must fit the model's plaintext cap (protocol/limits.ts). */
const MAX_FRAME_BODY_BYTES = MAX_PLAINTEXT_BYTES - FRAME_OVERHEAD_BYTES;

const codec = struct<Frame>('Shipped2014Frame', {
  messageId: utf8String('Shipped2014Frame.messageId', MAX_MESSAGE_ID_BYTES),
  timerMs: u32,
  body: varBytes('Shipped2014Frame.body', MAX_FRAME_BODY_BYTES),
});

export function encodeFrame(frame: Frame): Uint8Array {
  return encodeMessage(codec, frame, MAX_PLAINTEXT_BYTES);
}

/** The frame in a decrypted plaintext, or undefined when the bytes are not one (wrong key, tampering). */
export function readFrame(plaintext: Uint8Array): Frame | undefined {
  try {
    const frame = decodeMessage(codec, plaintext, MAX_PLAINTEXT_BYTES);
    return frame.messageId.length === 0 ? undefined : frame;
  } catch (e) {
    if (isProtocolError(e)) return undefined;
    throw e;
  }
}
