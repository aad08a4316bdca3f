// Starting a session as the initiator (X3DH/PQXDH §3.3 followed by Double Ratchet §3.3): run the
// handshake on the peer's bundle, then start the ratchet on the peer's signed prekey. The
// handshake's spent secrets come back in `consumed` for the state owner to wipe.
import { initiateSession, type HandshakeMode, type SessionIds } from '../handshake/index.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import type { RatchetContext } from '../ratchet/context.ts';
import { initInitiator } from '../ratchet/init.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';
import type { Session } from './session.ts';

export interface OutgoingSession {
  readonly session: Session;
  readonly consumed: readonly Uint8Array[];
}

/** `ids` (both ends' user and device ids) are bound into the session AD when ctx.flags.idBinding is on. */
export function startOutgoingSession(ourIdentity: IdentityKeyPair, bundle: PreKeyBundle, mode: HandshakeMode, ctx: RatchetContext, ids?: SessionIds, supersedes?: Uint8Array): OutgoingSession {
  const hs = initiateSession({ provider: ctx.provider, rng: ctx.rng, ourIdentity, theirBundle: bundle, mode, flags: ctx.flags, supersedes, ...(ids === undefined ? {} : { ids }) });
  const ratchet = initInitiator({ rootKey: hs.rootKey, chainKey: hs.chainKey, theirRatchetKey: hs.theirRatchetKey, associatedData: hs.associatedData }, ctx);
  return {
    session: {
      ratchet,
      theirIdentity: hs.theirIdentity,
      baseKey: hs.initialMessage.ephemeralPublic.slice(),
      pendingInitial: hs.initialMessage,
      createdAtMs: ctx.nowMs,
    },
    consumed: [...hs.consumed, hs.rootKey, hs.chainKey],
  };
}
