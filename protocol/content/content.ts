// What travels inside a pairwise ciphertext (after unpadding): a user's text message with its
// evaporation rule, a group-control payload (protocol/group) carried over the pairwise session, or the
// word that the sender's store started over (protocol/device/startOver.ts).
// Type and strict versioned codec together; the server never sees any of it.
import { ProtocolError, UsageError } from '../errors.ts';
import type { MessageId, RoomId } from '../ids.ts';
import { MAX_CONTENT_BYTES, MAX_EVAPORATION_TIMER_MS, MAX_GROUP_PAIRWISE_BYTES, MAX_PLAINTEXT_BYTES } from '../limits.ts';
import { decodeMessage, encodeMessage, safeUint, struct, taggedUnion, u32, varBytes, versioned, type Codec } from '../wire/codec.ts';
import { messageIdCodec, roomIdCodec } from '../wire/idCodecs.ts';

/** How a message evaporates. `view-once`: erased when viewed. `timer`: erased `ms` after it is viewed (receiver) or sent (sender). */
export type Evaporation = { readonly mode: 'view-once' } | { readonly mode: 'timer'; readonly ms: number };

export interface TextContent {
  readonly kind: 'text';
  readonly messageId: MessageId;
  readonly roomId: RoomId;
  readonly sentAtMs: number;
  readonly evaporation: Evaporation;
  readonly body: Uint8Array;
}

export interface GroupControlContent {
  readonly kind: 'group-control';
  readonly roomId: RoomId;
  /** An encoded protocol/group payload (sender-key distribution, membership operation, welcome). */
  readonly payload: Uint8Array;
}

/**
 * The first message of a session a device opened after its store started over, to a contact it had
 * sessions with: it carries nothing, the setup it comes in says the rest (InitialMessage.supersedes =
 * SUPERSEDES_LOST), and the contact sends on that session from then on (protocol/device/startOver.ts).
 */
export interface StartedOverContent {
  readonly kind: 'started-over';
}

export type Content = TextContent | GroupControlContent | StartedOverContent;

/** 2: the started-over kind. */
export const CONTENT_VERSION = 2;

/** One tag byte (1 view-once, 2 timer) and, for a timer, its u32 duration, at most MAX_EVAPORATION_TIMER_MS. */
const evaporation: Codec<Evaporation> = {
  name: 'Evaporation',
  encode(v, w) {
    if (v.mode === 'view-once') w.u8(1);
    else {
      if (v.ms > MAX_EVAPORATION_TIMER_MS) throw new UsageError(`Evaporation: timer of ${v.ms} ms exceeds MAX_EVAPORATION_TIMER_MS`);
      w.u8(2);
      u32.encode(v.ms, w);
    }
  },
  decode(r) {
    const tag = r.u8();
    if (tag === 1) return { mode: 'view-once' };
    if (tag !== 2) throw new ProtocolError('WIRE_UNKNOWN_TAG', `Evaporation: unknown tag ${tag}`);
    const ms = u32.decode(r);
    if (ms > MAX_EVAPORATION_TIMER_MS) throw new ProtocolError('WIRE_BAD_VALUE', `Evaporation: timer of ${ms} ms exceeds MAX_EVAPORATION_TIMER_MS`);
    return { mode: 'timer', ms };
  },
};

const messageIdC = messageIdCodec();
const roomIdC = roomIdCodec();

export const contentCodec: Codec<Content> = versioned(
  CONTENT_VERSION,
  taggedUnion<Content['kind'], Content>('Content', {
    text: {
      tag: 1,
      body: struct<Omit<TextContent, 'kind'>>('TextContent', {
        messageId: messageIdC,
        roomId: roomIdC,
        sentAtMs: safeUint('TextContent.sentAtMs'),
        evaporation,
        body: varBytes('TextContent.body', MAX_PLAINTEXT_BYTES),
      }),
    },
    'group-control': {
      tag: 2,
      body: struct<Omit<GroupControlContent, 'kind'>>('GroupControlContent', {
        roomId: roomIdC,
        payload: varBytes('GroupControlContent.payload', MAX_GROUP_PAIRWISE_BYTES),
      }),
    },
    'started-over': { tag: 3, body: struct<Omit<StartedOverContent, 'kind'>>('StartedOverContent', {}) },
  }),
);

/** The encoded size cap (protocol/limits.ts states it): a group-control content at its payload cap fits, with framing. */
export { MAX_CONTENT_BYTES } from '../limits.ts';

export function encodeContent(content: Content): Uint8Array {
  return encodeMessage(contentCodec, content, MAX_CONTENT_BYTES);
}

export function decodeContent(bytes: Uint8Array): Content {
  return decodeMessage(contentCodec, bytes, MAX_CONTENT_BYTES);
}
