// A device's whole live state in privacy mode, as plain data: identity, prekeys, contacts with their
// trust record and sessions, the inbox of received messages still to evaporate, the sender's copies
// of timed messages, tombstones, and the group rooms it is in (protocol/group state).
// protocol/device/store.ts serializes exactly this for seizure.
import type { HandshakeMode } from '../handshake/types.ts';
import type { IdentityKey } from '../identity/identityKey.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import type { DeviceId, MessageId, RoomId, UserId } from '../ids.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import type { Session } from '../session/session.ts';
import type { Evaporation, TextContent } from '../content/content.ts';
import type { GroupEvent } from '../group/events.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';

export interface Contact {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  /** The identity this device trusts for the contact (first use, or acknowledged after a change). */
  readonly identity: IdentityKey | undefined;
  /** The user compared safety numbers and they matched. */
  readonly verified: boolean;
  /** The user compared safety numbers and they did NOT match: sending and receiving are refused. */
  readonly verificationFailed: boolean;
  /** A different identity was seen and not yet acknowledged: sending is blocked (SEC-MITM). */
  readonly pendingIdentity: IdentityKey | undefined;
  /** The bundle that carried the changed identity, used once the user acknowledges it. */
  readonly pendingBundle: PreKeyBundle | undefined;
  /** Newest (active) first, at most MAX_SESSIONS_PER_CONTACT. */
  readonly sessions: readonly Session[];
  /** Messages written while sending was blocked; sent only on an explicit release, never silently. */
  readonly held: readonly TextContent[];
}

export interface InboxEntry {
  readonly messageId: MessageId;
  readonly from: DeviceId;
  readonly roomId: RoomId;
  readonly receivedAtMs: number;
  readonly evaporation: Evaporation;
  readonly body: Uint8Array;
  /** Set on first view of a timed message; it evaporates at `expiresAtMs`. */
  readonly viewedAtMs: number | undefined;
  readonly expiresAtMs: number | undefined;
}

/** The sender's own copy of a timed message, kept until its timer ends. View-once messages leave none. */
export interface SentEntry {
  readonly messageId: MessageId;
  /** The peer of a 1:1 message; for a group message the sender itself (`roomId` names the room). */
  readonly to: DeviceId;
  readonly roomId: RoomId;
  readonly body: Uint8Array;
  readonly expiresAtMs: number;
}

/** What the user may still see of an evaporated message: that it existed, never what it said. */
export interface Tombstone {
  readonly messageId: MessageId;
  readonly peer: DeviceId;
  readonly status: 'viewed' | 'expired';
  readonly atMs: number;
}

export interface DeviceConfig {
  /** Session setup mode used when this device initiates. */
  readonly mode: HandshakeMode;
  /** Refuse incoming X3DH-only setups (SEC-PQ: no downgrade). */
  readonly requirePq: boolean;
}

export interface DeviceState {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  readonly config: DeviceConfig;
  readonly identity: IdentityKeyPair;
  readonly preKeys: PreKeyStore;
  /** Sorted by deviceId, so serialization is canonical. */
  readonly contacts: readonly Contact[];
  /** Oldest first. */
  readonly inbox: readonly InboxEntry[];
  readonly sent: readonly SentEntry[];
  readonly tombstones: readonly Tombstone[];
  /** The group rooms this device is in, sorted by roomId; at most MAX_DEVICE_GROUPS. */
  readonly groups: readonly GroupState[];
}

/** Things the user must be told. */
export type DeviceEvent =
  | { readonly kind: 'key-change'; readonly peer: DeviceId; readonly atMs: number }
  | { readonly kind: 'key-change-acknowledged'; readonly peer: DeviceId; readonly atMs: number }
  | { readonly kind: 'verified'; readonly peer: DeviceId; readonly atMs: number }
  | { readonly kind: 'verification-failed'; readonly peer: DeviceId; readonly atMs: number }
  | { readonly kind: 'message-evaporated'; readonly messageId: MessageId; readonly status: 'viewed' | 'expired'; readonly atMs: number }
  /**
   * A contact's identity (trusted on first use, or its session's) contradicts the room's signed member
   * record for that device: nothing of the room is sent to it (flag groupMemberBinding).
   */
  | { readonly kind: 'group-member-mismatch'; readonly roomId: RoomId; readonly peer: DeviceId; readonly atMs: number }
  /**
   * The store was older than the platform's rollback-resistant record says it must be: the device kept
   * its identity and contacts' trusted keys and dropped everything else the old copy held (protocol/device/rollback.ts).
   */
  | { readonly kind: 'store-rolled-back'; readonly atMs: number }
  /**
   * A contact opened a new session whose setup says it lost every session it had with this device
   * (InitialMessage.supersedes = SUPERSEDES_LOST: its store started over); this device sends on the new
   * one from now on (protocol/device/startOver.ts).
   */
  | { readonly kind: 'peer-started-over'; readonly peer: DeviceId; readonly atMs: number }
  /** A group room event: membership changes, and divergence the server may cause (fork-detected, unknown-sender …). */
  | { readonly kind: 'group'; readonly roomId: RoomId; readonly group: GroupEvent; readonly atMs: number };
