// The one record of a simulated run (docs/architecture.md "One record of truth"): a typed,
// append-only list of events. The world writes it as things happen — who really sent what and to
// which key, what each phone accepted or refused, what users were shown, every seizure with exactly
// what it took, warrants, returns, notifications — and, before the log closes, a final seizure of
// every phone and of the server and the transparency report the operator publishes. The judges,
// the reports and the trace hash read this log and nothing else.
import type { DeviceEvent } from '../../protocol/device/index.ts';
import type { ProtocolErrorCode } from '../../protocol/errors.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import type { UserId } from '../../protocol/ids.ts';
import type { OneTimePreKeyRecord } from '../../protocol/prekeys/oneTimePreKey.ts';
import type { PreKeyStore } from '../../protocol/prekeys/preKeyStore.ts';
import type { SignedPreKeyRecord } from '../../protocol/prekeys/signedPreKey.ts';
import type { VariantName } from '../../protocol/variant.ts';
import type { TransparencyReport } from '../authority/transparencyReport.ts';
import type { PhoneState } from '../world/phoneState.ts';
import type { Warrant, WarrantPolicy } from '../authority/warrant.ts';
import type { WarrantReturn } from '../authority/warrantReturn.ts';
import type { NetworkStats } from '../network/network.ts';
import type { StoredRow } from '../storage/deviceStore.ts';
import type { LabelledBytes } from '../server/byteArchive.ts';
import type { ServerMode } from '../server/types.ts';

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
  /**
   * A group copy only: the identity the sender's room record (signed by an admin) names for this member,
   * whole or (records that bind only the Ed25519 half) its sign half. Group secrets are promised to it
   * whatever 1:1 session the sender holds for the member (docs/properties.md SEC-SERVER-BLIND).
   */
  readonly memberRecord?: { readonly sign: Uint8Array; readonly dh?: Uint8Array };
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
  readonly copies: readonly SentCopy[];
  /** Recipients for whom the message was held (blocked by a key change) rather than sent. */
  readonly heldFor: readonly string[];
}

export interface Acceptance {
  readonly atMs: number;
  readonly recipient: string;
  /** The sender the recipient's phone shows (what the envelope and the session say), not the truth. */
  readonly claimedFrom: string;
  readonly messageId: string;
  readonly room: string;
  readonly body: Uint8Array;
  /** The envelope it came in, as the phone received it: the sender's envelope id and the sender the envelope named. */
  readonly envelopeId: string;
  readonly envelopeFrom: string;
}

export interface Refusal {
  readonly atMs: number;
  readonly device: string;
  /** The sender the refused envelope named (not necessarily the one who sent it). */
  readonly from: string;
  /** The refused envelope's id as the phone received it (ground truth maps it to the copy really sent). */
  readonly envelopeId: string;
  readonly code: ProtocolErrorCode;
  /** The device state serialized byte-for-byte equal before and after (SEC-INTEGRITY). */
  readonly stateUnchanged: boolean;
}

/** Why a phone's stored state was taken: the authority seized it, a thief copied it, or the run ended. */
type SeizurePurpose = 'authority' | 'thief' | 'end-of-run';

export interface PhoneSeizure {
  readonly atMs: number;
  readonly user: string;
  readonly purpose: SeizurePurpose;
  /** The raw files of the phone's storage medium, byte for byte. */
  readonly blob: Uint8Array;
  readonly storageKey: Uint8Array;
  /** The live state as the engine exports it: what a thief runs (SEC-PCS). */
  readonly exported: PhoneState;
  /** The live rows of the medium as they lay sealed, for a phone that keeps a row store: what a rollback to this copy writes back. */
  readonly medium: readonly StoredRow[] | undefined;
}

export interface ThiefAct {
  readonly atMs: number;
  readonly victim: string;
  readonly to: string;
  readonly label: string | undefined;
  readonly messageId: string;
  readonly envelopeId: string | undefined;
  readonly wire: Uint8Array | undefined;
  /** The thief's working copy of the victim's state after this act. */
  readonly state: PhoneState;
}

export interface ServerSeizure {
  readonly atMs: number;
  readonly purpose: Exclude<SeizurePurpose, 'thief'>;
  readonly items: readonly LabelledBytes[];
  readonly atRestKeys: readonly Uint8Array[];
}

/** A change of who is in a group room, in the oracle's record (the truth SEC-GROUP is judged against). */
export interface MembershipChange {
  readonly atMs: number;
  readonly room: string;
  readonly user: string;
  readonly change: 'member' | 'add' | 'remove';
  /** The member whose phone made an add or a remove (absent for a room's first members). */
  readonly by?: string;
  /** For a removal: the removed phone's exported state just before, which a dishonest member could keep. */
  readonly keptState?: PhoneState;
}

export interface WorldSettings {
  readonly seed: number;
  readonly variant: VariantName;
  readonly serverMode: ServerMode;
  readonly warrantPolicy: WarrantPolicy;
  readonly retentionTtlMs: number;
  readonly parties: readonly string[];
  readonly rooms: readonly { readonly id: string; readonly kind: 'direct' | 'group'; readonly members: readonly string[] }[];
  /** The crypto provider the phones ran ('noble' or 'native'). */
  readonly provider: string;
  /** The engine the phones ran (engines/registry.ts), when it is not the variant's own built-in engine; an exec engine by the name it gives itself. */
  readonly engine?: string;
  /**
   * How an engine in another process was reached (`exec:COMMAND`, docs/engine-protocol.md): where it
   * runs, not what it is, so the trace leaves it out (runLog.ts) and one engine reached in process and
   * out of it gives one trace. The judges start the engine from it.
   */
  readonly engineAt?: string;
}

/** Counts at the end of a run, for summaries (never a judge's evidence). */
export interface RunTotals {
  readonly network: NetworkStats;
  readonly server: { readonly live: number; readonly retained: number; readonly metadata: number; readonly backups: number; readonly archive: number };
}

type At<T> = T & { readonly atMs: number };

/** Every typed event of a run. `atMs` is the virtual time it happened. */
export type RunEvent =
  | At<{ readonly kind: 'run-started'; readonly settings: WorldSettings }>
  | At<{
      readonly kind: 'device-created';
      readonly user: string;
      readonly identity: IdentityKey;
      /** The device's X25519 secrets as first made (the oracle's copy: SEC-PQ hands them to a DH-breaking attacker). */
      readonly secrets: { readonly identity: IdentityKeyPair; readonly preKeys: PreKeyStore } | undefined;
    }>
  | At<{ readonly kind: 'message-sent'; readonly message: SentMessage }>
  /** A step the phone refused to take (a send, or an add); `label` names the message a skipped send would have been. */
  | At<{ readonly kind: 'send-skipped'; readonly from: string; readonly room: string; readonly reason: string; readonly label?: string | undefined }>
  | At<{ readonly kind: 'message-accepted'; readonly acceptance: Acceptance }>
  | At<{ readonly kind: 'message-refused'; readonly refusal: Refusal }>
  | At<{ readonly kind: 'user-event'; readonly device: string; readonly event: DeviceEvent }>
  | At<{ readonly kind: 'message-viewed'; readonly messageId: string; readonly recipient: string }>
  | At<{ readonly kind: 'message-erased'; readonly messageId: string; readonly holder: string }>
  | At<{ readonly kind: 'setup-failed'; readonly from: string; readonly to: string; readonly code: ProtocolErrorCode }>
  | At<{ readonly kind: 'went-offline' | 'came-online'; readonly user: string }>
  | At<{ readonly kind: 'membership-changed'; readonly change: MembershipChange }>
  | At<{ readonly kind: 'group-injected'; readonly room: string; readonly ghost: string; readonly to: readonly string[]; readonly wire: Uint8Array }>
  | At<{ readonly kind: 'server-received'; readonly label: string; readonly bytes: Uint8Array }>
  | At<{ readonly kind: 'attacker-device'; readonly name: string; readonly posingAs: string; readonly state: PhoneState; readonly identity: IdentityKey | undefined }>
  | At<{ readonly kind: 'attack-not-applicable'; readonly attack: string; readonly reason: string }>
  /**
   * An envelope the world built for the malicious server from a copy it captured (a mangled replay):
   * which copy it came from and the exact bytes, so judges know what the server really sent.
   */
  | At<{ readonly kind: 'attack-envelope'; readonly attack: string; readonly envelopeId: string; readonly from: string; readonly to: string; readonly copyOf?: string; readonly wire: Uint8Array }>
  /**
   * A thief's message (action thief-sends): sent by the thief, never by `victim` (ground truth), with
   * its wire (undefined: the copy holds no session with `to`) and the thief's copy after it.
   */
  | At<{ readonly kind: 'thief-acted'; readonly act: ThiefAct }>
  /**
   * `user`'s phone restarted from the copy its last steal-phone took at `imageAtMs` (roll-back-phone);
   * `forgedSaveCount` when the copy's save count was rewritten with the stolen storage key first.
   */
  | At<{ readonly kind: 'phone-rolled-back'; readonly user: string; readonly imageAtMs: number; readonly forgedSaveCount: boolean }>
  /**
   * A phone's maintenance published new prekeys: a rotated signed prekey (and last-resort KEM key) of
   * `signedPreKeyId`, fresh one-time prekeys, or both, with the X25519 secrets it made (the oracle's
   * copy, as in device-created: SEC-PQ hands every one of them to a DH-breaking attacker).
   */
  | At<{
      readonly kind: 'prekeys-published';
      readonly user: string;
      readonly signedPreKeyId: number | undefined;
      readonly secrets: { readonly signedPreKeys: readonly SignedPreKeyRecord[]; readonly oneTimePreKeys: readonly OneTimePreKeyRecord[] };
    }>
  | At<{ readonly kind: 'phone-seized'; readonly seizure: PhoneSeizure }>
  | At<{ readonly kind: 'server-seized'; readonly seizure: ServerSeizure }>
  | At<{ readonly kind: 'warrant-served'; readonly warrant: Warrant }>
  | At<{ readonly kind: 'warrant-returned'; readonly ret: WarrantReturn }>
  | At<{ readonly kind: 'notification-sent'; readonly warrantId: string; readonly userId: UserId }>
  | At<{ readonly kind: 'report-published'; readonly report: TransparencyReport; readonly lied: boolean }>
  | At<{ readonly kind: 'run-ended'; readonly totals: RunTotals }>;

export type RunEventKind = RunEvent['kind'];
export type EventOf<K extends RunEventKind> = Extract<RunEvent, { kind: K }>;
