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
}

export const sessionCodec: Codec<Session> = struct<Session>('Session', {
  ratchet: ratchetStateCodec,
  theirIdentity: identityKeyCodec,
  baseKey: fixedBytes('Session.baseKey', X25519_KEY_BYTES),
  pendingInitial: optional(initialMessageCodec),
  createdAtMs: safeUint('Session.createdAtMs'),
});
