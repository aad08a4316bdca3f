// One 1:1 session with one peer device: the Double Ratchet state, the peer identity it was set up
// with, and (initiator only) the setup header repeated on every message until the peer replies
// (X3DH §3.3: the responder may receive any of the first messages first). Type and codec together.
import type { IdentityKey } from '../identity/identityKey.ts';
import { identityKeyCodec } from '../identity/identityKey.ts';
import { X25519_KEY_BYTES } from '../crypto/provider.ts';
import { ratchetStateCodec } from '../ratchet/stateCodec.ts';
import type { RatchetState } from '../ratchet/state.ts';
import { fixedBytes, optional, safeUint, struct, type Codec } from '../wire/codec.ts';
import { initialMessageCodec, type InitialMessage } from '../wire/initialMessage.ts';

export interface Session {
  readonly ratchet: RatchetState;
  readonly theirIdentity: IdentityKey;
  /** The initiator's ephemeral public key: names the session, so a repeated setup message finds it again. */
  readonly baseKey: Uint8Array;
  /** Initiator only, until the first reply arrives. */
  readonly pendingInitial: InitialMessage | undefined;
  readonly createdAtMs: number;
  /**
   * Responder only: the peer made this session after its store started over (its setup named
   * SUPERSEDES_LOST). A later setup from the peer that names neither that nor a session we hold was
   * made before the start-over, or by a copy of the old phone (protocol/session/receive.ts).
   */
  readonly fromStartOver?: true | undefined;
}

export const sessionCodec: Codec<Session> = struct<Session>('Session', {
  ratchet: ratchetStateCodec,
  theirIdentity: identityKeyCodec,
  baseKey: fixedBytes('Session.baseKey', X25519_KEY_BYTES),
  pendingInitial: optional(initialMessageCodec),
  createdAtMs: safeUint('Session.createdAtMs'),
  fromStartOver: optional(trueFlag('Session.fromStartOver')),
});

/** A flag stored only when set: optional()'s presence byte is the whole of it. */
function trueFlag(name: string): Codec<true> {
  return { name, encode: () => undefined, decode: () => true };
}
