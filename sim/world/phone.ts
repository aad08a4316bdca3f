// What the world needs of a phone and of the code that judges it, whatever engine it runs (the run's
// engine in engines/registry.ts): the privacy-mode protocol (simDevice.ts), the model of the 2014
// shipped design (shipped/), or any device engine of engines/contract.ts on the generic phone
// (contractPhone.ts). Scenarios, the action switch and the judges speak only these shapes.
import type { TextContent } from '../../protocol/content/content.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { DeviceId, MessageId } from '../../protocol/ids.ts';
import type { BundleJson, EnvelopeJson } from '../server/powers.ts';
import type { SentCopy } from '../log/events.ts';
import type { RunLog } from '../log/runLog.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { Engine } from '../engine/engine.ts';
import type { Server } from '../server/server.ts';
import type { VariantName } from '../../protocol/variant.ts';
import type { StoredRow } from '../storage/deviceStore.ts';
import type { SessionIdentity } from './vocabulary.ts';
import type { PhoneState, SeizedState } from './phoneState.ts';

/** A group room's view as a relayed group message's header shows it (public to the server). */
export interface GroupView {
  readonly epoch: number;
  readonly transcriptHash: Uint8Array;
}

export interface Phone {
  readonly id: DeviceId;
  readonly user: string;
  /** Lets go of what the phone holds in a device engine (its handle there) once the world is done; the state it exported stays valid. */
  releaseEngine?(): void;
  /** Put this phone's public keys in the server's directory. */
  publish(): void;
  sendTo(recipients: readonly string[], text: TextContent): { copies: SentCopy[]; heldFor: string[] };
  sendGroup(roomId: string, members: readonly string[], text: TextContent): { copies: SentCopy[]; heldFor: string[] };
  createGroupRoom(roomId: string, members: readonly string[]): void;
  changeMembership(kind: 'add' | 'remove', roomId: string, user: string): void;
  view(messageId: MessageId): boolean;
  scheduleExpiry(): void;
  goOffline(): void;
  goOnline(): void;
  /** What this phone shows `peer` to compare out of band (computed from the genuine keys of both). */
  fingerprintFor(peer: string, peerIdentity: IdentityKey): string;
  /** The user compares `shownByPeer` with what this phone shows for `peer`. */
  verify(peer: string, shownByPeer: string): void;
  acknowledge(peer: string): void;
  /** The server says `peer`'s devices changed: fetch its keys again before the next message to it. */
  forgetPeerKeys(peer: string): void;
  release(peer: string): void;
  /**
   * What a seizure takes: the store as it is on the phone's medium, (worst case) its key, and, for a
   * phone that keeps its store as rows, those rows as sealed (what a rollback writes back).
   */
  seize(): { blob: Uint8Array; storageKey: Uint8Array; medium?: StoredRow[] };
  /** A deep copy of the live state, for the oracle (a dishonest party could keep it). */
  snapshot(): PhoneState;
  /**
   * Someone wrote a copy of this phone's store back onto its medium, and the phone restarts from it
   * (docs/threat-model.md "Rollback"): the copy's rows where the phone keeps a row store, else the
   * state it exported when the copy was taken.
   */
  restore(copy: StoreImage): void;
}

/** A copy of a phone's store, as a seizure took it, that someone writes back (sim/world/rollback.ts). */
export interface StoreImage {
  readonly exported: PhoneState;
  readonly medium: readonly StoredRow[] | undefined;
}

/** One captured ciphertext the judges try to open, with what is public about it. */
export interface JudgedCopy {
  readonly label: string;
  readonly wire: Uint8Array;
  readonly from: string;
  readonly to: string;
  readonly canary: string;
  /** Public identities involved: the genuine sender and recipient and the key it was encrypted to. */
  readonly identities: readonly IdentityKey[];
}

/**
 * Something that may hold keys (a seized store, the server's at-rest keys, a fragment a forensic
 * examiner found), and when it was taken. Deliberately any value: the key trial walks whatever
 * structure it is handed for key-sized byte strings.
 */
interface KeySource {
  readonly label: string;
  readonly value: unknown;
  readonly atMs?: number;
}

/** The engine's own code, used by the judges to decide what seized state or an attacker can read. */
export interface PhoneOracle {
  /** Decode a seized blob with its key into the state the judges read. */
  open(blob: Uint8Array, storageKey: Uint8Array): SeizedState;
  /** The plaintext bytes of a seized state (what a canary scan reads). */
  serialize(state: SeizedState | PhoneState): Uint8Array;
  /** Labels of the copies some key in `sources` opens, by key trial with the engine's decrypt code (at the time each source was taken, when it has one). */
  keyTrial(sources: readonly KeySource[], copies: readonly JudgedCopy[]): string[];
  /** Run the engine's receive code as `state` on one wire (a thief's copy, a MITM device). */
  receiveAs(state: PhoneState, from: string, wire: Uint8Array, nowMs: number): { ok: true; state: PhoneState; body: Uint8Array } | { ok: false };
  /**
   * Labels of the captured session setups whose first message `state` (a seizure) opens when the
   * responder's handshake is re-run with every identity and prekey secret it holds.
   */
  setupTrial(
    state: SeizedState | PhoneState,
    copies: readonly { readonly label: string; readonly wire: Uint8Array; readonly from: string; readonly to: string; readonly atMs: number }[],
    /**
     * The group half: the setups to re-run among the pairwise envelopes relayed to the seized user (overdue ones, and those that spent a one-time prekey), every
     * such envelope in relay order, and the group messages to try with the sender keys that sessions
     * re-derived from those setups carried (the labels of those opened join the result).
     */
    group?: {
      readonly setups: readonly { readonly wire: Uint8Array; readonly from: string }[];
      readonly relayed: readonly { readonly from: string; readonly wire: Uint8Array; readonly atMs: number }[];
      readonly messages: readonly { readonly label: string; readonly wire: Uint8Array; readonly atMs: number }[];
    },
  ): string[];
  /**
   * Labels of the group `messages` an attacker device posing as `posingAs` opens with the sender keys the
   * `relayed` pairwise envelopes to that member hand it (run in order through the engine's own receive code).
   */
  groupReadsAs(
    state: PhoneState,
    posingAs: string,
    relayed: readonly { readonly from: string; readonly wire: Uint8Array; readonly atMs: number }[],
    messages: readonly { readonly label: string; readonly wire: Uint8Array; readonly atMs: number }[],
  ): string[];
  /**
   * Labels of the group `messages` a thief's copy of `victim`'s phone (`state`, as stolen) opens with the
   * sender chains it holds and those the `relayed` pairwise envelopes still hand it; absent where the
   * oracle cannot tell (the group half of SEC-PCS is then not exercised).
   */
  stolenGroupReads?(
    state: PhoneState,
    victim: string,
    relayed: readonly { readonly from: string; readonly wire: Uint8Array; readonly atMs: number }[],
    messages: readonly { readonly label: string; readonly wire: Uint8Array; readonly atMs: number }[],
  ): string[];
  /**
   * Labels of the group `messages` some sender chain in the seized `state` opens by its key alone
   * (properties/judges/oracles/chainKeyTrial.ts); absent where the engine has no group rooms to try.
   */
  groupKeyTrial?(state: SeizedState, messages: readonly { readonly label: string; readonly wire: Uint8Array }[]): string[];
  /** The receive code as a dishonest removed group member would run it (ignoring its view); false where the engine has no groups. */
  removedMemberOpens(kept: PhoneState, room: string, wire: Uint8Array, atMs: number): boolean;
}

/** The malicious server's own devices: substituted identities, forgers, ghosts. */
export interface AttackerKit {
  /** Lets go of the server's devices in a device engine once the world is done. */
  releaseEngine?(): void;
  /** Every attacker device's state, by name ("key material the server holds"). */
  readonly devices: ReadonlyMap<string, { readonly posingAs: string; readonly state: PhoneState }>;
  substituteBundle(attacker: string, target: string): BundleJson;
  forgeMessage(claimedFrom: string, to: string, room: string): EnvelopeJson | undefined;
  ghostGroupMessage(ghost: string, room: string, members: readonly string[]): Uint8Array;
  /** First contact made by the server posing as `claimedFrom` (vocabulary.ts open-session-as); undefined where it cannot. */
  openSessionAs(claimedFrom: string, to: string, identity: SessionIdentity, room: string): EnvelopeJson | undefined;
  /** A sender key and a group message forged as `claimedFrom` over a server-opened session (vocabulary.ts forge-group); undefined where it cannot. */
  forgeGroupAs(claimedFrom: string, to: string, room: string, view: GroupView): EnvelopeJson[] | undefined;
  /** The public identities of the attacker devices (for the judges' associated data). */
  identities(): IdentityKey[];
}

/** What the malicious server's own devices may use of the world (attackers.ts, shipped/attackers.ts): no more, and no import of the World itself. */
export interface AttackerWorld {
  readonly provider: CryptoProvider;
  readonly engine: Engine;
  readonly server: Server;
  readonly log: RunLog;
  readonly identities: ReadonlyMap<string, IdentityKey>;
  readonly options: { readonly variant: VariantName; readonly parties: readonly string[] };
}
