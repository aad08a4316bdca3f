// What every group step takes and returns (group rooms, sender keys over pairwise sessions): the
// context (provider, randomness, time, variant flags), the peer a pairwise session authenticated,
// and the step result: new state, payloads to carry over pairwise sessions, and events for the user.
import type { CryptoProvider } from '../crypto/provider.ts';
import type { DeviceId } from '../ids.ts';
import type { Rng } from '../random/rng.ts';
import type { ProtocolFlags } from '../variant.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { GroupEvent } from './events.ts';

export interface GroupContext {
  readonly provider: CryptoProvider;
  readonly rng: Rng;
  readonly nowMs: number;
  readonly flags: ProtocolFlags;
}

/** The local device's identity signing key, needed only to sign membership operations. */
export interface GroupIdentity {
  readonly id: DeviceId;
  /** Ed25519 seed of the identity signing key (its public half is IdentityKey.sign). */
  readonly signingSeed: Uint8Array;
}

/** The peer a pairwise 1:1 session is bound to: the carrier fills this in from the session, never from the payload. */
export interface PairwisePeer {
  readonly id: DeviceId;
  /** The peer's Ed25519 identity signing public key (IdentityKey.sign). */
  readonly identityKey: Uint8Array;
  /** The X25519 half of the session's identity (IdentityKey.dh); checked against a member record that names one. */
  readonly dh?: Uint8Array | undefined;
}

/** "Send `payload` to `to` over the pairwise session." The same bytes may be shared by many sends. */
export interface PairwiseSend {
  readonly to: DeviceId;
  readonly payload: Uint8Array;
}

export interface GroupStep {
  /** null when this device is no longer in the group (it was removed or left): erase the room. */
  readonly state: GroupState | null;
  readonly outgoing: readonly PairwiseSend[];
  readonly events: readonly GroupEvent[];
}
