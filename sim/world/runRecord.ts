// The simulator's own account of one run, beyond what GroundTruth (sim/checkers) keeps: every
// pairwise ciphertext with the identity it was encrypted to, what each device accepted or refused,
// the events users were shown, and every seizure's raw take. Only the judges (properties/) read it.
import type { DeviceEvent } from '../../protocol/device/index.ts';
import type { ProtocolErrorCode } from '../../protocol/errors.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import type { PreKeyStore } from '../../protocol/prekeys/preKeyStore.ts';
import type { ServerSeizure } from '../server/index.ts';

export interface SentCopy {
  readonly to: string;
  readonly envelopeId: string;
  readonly wire: Uint8Array;
  /** The identity the sender's session for this recipient was set up with. */
  readonly encryptedTo: IdentityKey;
  /** The sender had verified that identity's safety number. */
  readonly verified: boolean;
  /** The sender had been shown a key change (or a failed verification) for this recipient before. */
  readonly warnedBefore: boolean;
}

export interface SentMessage {
  readonly label: string | undefined;
  readonly messageId: string;
  readonly from: string;
  readonly room: string;
  readonly kind: 'direct' | 'group';
  readonly atMs: number;
  readonly body: Uint8Array;
  readonly canary: string;
  readonly evaporation: 'view-once' | { readonly timerMs: number };
  /** Intended recipients (room members other than the sender at send time). */
  readonly recipients: readonly string[];
  readonly copies: SentCopy[];
  /** Recipients for whom the message was held (blocked by a key change) rather than sent. */
  readonly heldFor: string[];
}

export interface Acceptance {
  readonly atMs: number;
  readonly recipient: string;
  readonly claimedFrom: string;
  readonly messageId: string;
  readonly room: string;
  readonly body: Uint8Array;
}

export interface Refusal {
  readonly atMs: number;
  readonly device: string;
  readonly from: string;
  readonly code: ProtocolErrorCode;
  /** The device state serialized byte-for-byte equal before and after (SEC-INTEGRITY). */
  readonly stateUnchanged: boolean;
}

export interface PhoneSeizure {
  readonly atMs: number;
  readonly user: string;
  /** A thief keeps a working copy (SEC-PCS); an authority only reads it. */
  readonly stolen: boolean;
  readonly blob: Uint8Array;
  readonly storageKey: Uint8Array;
  /** The seized store as the engine's oracle decodes it (properties/judges/oracles). */
  readonly state: unknown;
}

/** A change of who is in a group room, in the oracle's record (the truth SEC-GROUP is judged against). */
export interface MembershipChange {
  readonly atMs: number;
  readonly room: string;
  readonly user: string;
  readonly change: 'member' | 'add' | 'remove';
  /** For a removal: the removed phone's state just before, which a dishonest member could keep. */
  readonly keptState?: unknown;
}

export interface RunRecord {
  readonly messages: SentMessage[];
  readonly accepted: Acceptance[];
  readonly refusals: Refusal[];
  readonly events: { readonly atMs: number; readonly device: string; readonly event: DeviceEvent }[];
  readonly phoneSeizures: PhoneSeizure[];
  readonly serverSeizures: ServerSeizure[];
  /** Each party's real identity, to tell a substituted key from the genuine one. */
  readonly identities: Map<string, IdentityKey>;
  /** Every party's X25519 secrets as first published (the oracle's copy: SEC-PQ hands them to a DH-breaking attacker). */
  readonly secrets: Map<string, { readonly identity: IdentityKeyPair; readonly preKeys: PreKeyStore }>;
  /** Setup failures the sender saw (withheld bundle, bad signature, PQ downgrade…). */
  readonly membership: MembershipChange[];
  /** When each phone was offline (toMs undefined: still offline at the end). */
  readonly offline: { readonly user: string; readonly fromMs: number; toMs: number | undefined }[];
  /** Group traffic the server forged (ghost members, forked views), and who it was sent to. */
  readonly injected: { readonly atMs: number; readonly room: string; readonly ghost: string; readonly to: readonly string[]; readonly wire: Uint8Array }[];
  readonly setupFailures: { readonly atMs: number; readonly from: string; readonly to: string; readonly code: ProtocolErrorCode }[];
}

export function emptyRunRecord(): RunRecord {
  return { messages: [], accepted: [], refusals: [], events: [], phoneSeizures: [], serverSeizures: [], identities: new Map(), secrets: new Map(), membership: [], offline: [], injected: [], setupFailures: [] };
}
