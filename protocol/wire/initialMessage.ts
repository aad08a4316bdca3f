// The session-setup header the initiator sends with its first message (X3DH §3.3, PQXDH §3.3):
// its identity key, its ephemeral key, which of the responder's prekeys it used, and the ML-KEM
// ciphertext in PQXDH. Type and strict versioned codec together.
import { equalBytes } from '../bytes.ts';
import { MLKEM768_CIPHERTEXT_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import { MAX_IDENTITY_KEY_WIRE_BYTES, identityKeyCodec, type IdentityKey } from '../identity/identityKey.ts';
import type { PreKeyId } from '../ids.ts';
import { decodeMessage, encodeMessage, fixedBytes, optional, struct, versioned, type Codec } from './codec.ts';
import { preKeyIdCodec } from './idCodecs.ts';

export interface InitialMessageKem {
  readonly preKeyId: PreKeyId;
  /** ML-KEM-768 ciphertext to that prekey. */
  readonly ciphertext: Uint8Array;
}

export interface InitialMessage {
  readonly initiatorIdentity: IdentityKey;
  readonly ephemeralPublic: Uint8Array;
  readonly signedPreKeyId: PreKeyId;
  readonly oneTimePreKeyId?: PreKeyId | undefined;
  /** Present in PQXDH, absent in X3DH. Id and ciphertext travel together, so neither can be missing alone. */
  readonly kem?: InitialMessageKem | undefined;
  /**
   * What the initiator held with the responder when it made this setup: the base key of its newest
   * session, SUPERSEDES_LOST (it had sessions and lost them), or absent (it held none). The responder
   * tells a setup that lost a crossing, arriving late, from a deliberate new session by it
   * (protocol/session/receive.ts), and a setup after a start-over makes the responder drop every older
   * session (protocol/device/receive.ts). Bound into the session's associated data
   * (handshake/keySchedule.ts associatedData): a rewritten or stripped value fails the setup.
   */
  readonly supersedes?: Uint8Array | undefined;
}

/** `supersedes` of a setup made after the initiator lost every session it had with the responder (a store that started over). */
export const SUPERSEDES_LOST: Uint8Array = new Uint8Array(X25519_KEY_BYTES);

/** Whether a setup's `supersedes` says its maker's store started over (SUPERSEDES_LOST). */
export function supersedesLost(supersedes: Uint8Array | undefined): boolean {
  return supersedes !== undefined && equalBytes(supersedes, SUPERSEDES_LOST);
}

/** 2: `supersedes`. */
export const INITIAL_MESSAGE_VERSION = 2;

const preKeyId = preKeyIdCodec;

export const initialMessageCodec: Codec<InitialMessage> = versioned(
  INITIAL_MESSAGE_VERSION,
  struct<InitialMessage>('InitialMessage', {
    initiatorIdentity: identityKeyCodec,
    ephemeralPublic: fixedBytes('InitialMessage.ephemeralPublic', X25519_KEY_BYTES),
    signedPreKeyId: preKeyId,
    oneTimePreKeyId: optional(preKeyId),
    kem: optional(
      struct<InitialMessageKem>('InitialMessage.kem', {
        preKeyId,
        ciphertext: fixedBytes('InitialMessage.kem.ciphertext', MLKEM768_CIPHERTEXT_BYTES),
      }),
    ),
    supersedes: optional(fixedBytes('InitialMessage.supersedes', X25519_KEY_BYTES)),
  }),
);

/** Exact size of the largest valid header (one-time prekey, KEM ciphertext and supersedes present): the decoder's cap. */
export const MAX_INITIAL_MESSAGE_BYTES = 1 + MAX_IDENTITY_KEY_WIRE_BYTES + X25519_KEY_BYTES + 4 + (1 + 4) + (1 + 4 + MLKEM768_CIPHERTEXT_BYTES) + (1 + X25519_KEY_BYTES);

export function encodeInitialMessage(message: InitialMessage): Uint8Array {
  return encodeMessage(initialMessageCodec, message, MAX_INITIAL_MESSAGE_BYTES);
}

/** Strict: size cap, version, fixed lengths, presence bytes 0/1, no trailing bytes. */
export function decodeInitialMessage(bytes: Uint8Array): InitialMessage {
  return decodeMessage(initialMessageCodec, bytes, MAX_INITIAL_MESSAGE_BYTES);
}
