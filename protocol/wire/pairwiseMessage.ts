// The bytes a device hands the server for one 1:1 message: either a setup ("prekey") message that
// carries the X3DH/PQXDH header with the first ratchet message, or a plain ratchet message.
// One tag byte selects the kind; both bodies reuse their own strict codecs.
import { MAX_WIRE_MESSAGE_BYTES } from '../limits.ts';
import { decodeMessage, encodeMessage, struct, taggedUnion, type Codec } from './codec.ts';
import { initialMessageCodec, type InitialMessage } from './initialMessage.ts';
import { ratchetMessageCodec, type RatchetMessage } from './ratchetMessage.ts';

export interface PreKeyPairwiseMessage {
  readonly kind: 'prekey';
  readonly initial: InitialMessage;
  readonly message: RatchetMessage;
}

export interface RatchetPairwiseMessage {
  readonly kind: 'ratchet';
  readonly message: RatchetMessage;
}

export type PairwiseMessage = PreKeyPairwiseMessage | RatchetPairwiseMessage;

const pairwiseMessageCodec: Codec<PairwiseMessage> = taggedUnion<PairwiseMessage['kind'], PairwiseMessage>('PairwiseMessage', {
  prekey: {
    tag: 1,
    body: struct<Omit<PreKeyPairwiseMessage, 'kind'>>('PreKeyPairwiseMessage', { initial: initialMessageCodec, message: ratchetMessageCodec }),
  },
  ratchet: { tag: 2, body: struct<Omit<RatchetPairwiseMessage, 'kind'>>('RatchetPairwiseMessage', { message: ratchetMessageCodec }) },
});

export function encodePairwiseMessage(message: PairwiseMessage): Uint8Array {
  return encodeMessage(pairwiseMessageCodec, message, MAX_WIRE_MESSAGE_BYTES);
}

export function decodePairwiseMessage(bytes: Uint8Array): PairwiseMessage {
  return decodeMessage(pairwiseMessageCodec, bytes, MAX_WIRE_MESSAGE_BYTES);
}
