// The server's outward shapes: modes and options, what travels to and from it on the network,
// what a seizure returns, and the read-only view the warrant code queries (sim/authority/).
import type { DeviceId, RoomId, UserId } from '../../protocol/ids.ts';
import type { ServerFlags } from '../../protocol/variant.ts';
import type { StorageEngine } from '../storage/engine.ts';
import type { LabelledBytes } from './byteArchive.ts';
import type { DirectoryEntry } from './directoryEntry.ts';
import type { Envelope } from './envelope.ts';
import type { MetadataRecord } from './metadataLog.ts';

/** honest: follows the published policy. curious: also keeps (and reads) every byte it saw, forever. malicious: curious plus adversary actions. */
export type ServerMode = 'honest' | 'curious' | 'malicious';

/** The server's party id on the network. */
export const SERVER_PARTY = 'server';

/** Device → server. */
type ToServer = { readonly type: 'submit'; readonly envelope: Envelope } | { readonly type: 'ack'; readonly serverId: string } | { readonly type: 'pull' };

/** Server → device. `accepted` tells a sender its envelope is stored (so it stops resending). */
type FromServer = { readonly type: 'deliver'; readonly serverId: string; readonly envelope: Envelope } | { readonly type: 'accepted'; readonly envelopeId: string };

export type ServerWire = ToServer | FromServer;

export interface ServerLimits {
  readonly maxStoredRecords?: number;
  readonly maxMailboxEnvelopes?: number;
  readonly maxMetadataRecords?: number;
  readonly maxBackups?: number;
  readonly maxSeenItems?: number;
  readonly maxDirectoryDevices?: number;
  readonly maxPrekeysPerDevice?: number;
  readonly maxAdversaryRules?: number;
  readonly maxSubmitDedupEntries?: number;
}

export interface ServerOptions {
  readonly mode: ServerMode;
  /** Weak-variant switches (protocol/variant.ts serverFlags); default: every safeguard on. */
  readonly flags?: ServerFlags;
  /** Undelivered envelopes are erased this long after storing (default DEFAULT_RETENTION_TTL_MS, 72 h). */
  readonly retentionTtlMs?: number;
  /** Metadata log retention (default: the same as retentionTtlMs). */
  readonly metadataRetentionMs?: number;
  /** How often storage is snapshotted (default 6 h). */
  readonly backupIntervalMs?: number;
  /** How long a backup is kept (default: the same as retentionTtlMs). */
  readonly backupRetentionMs?: number;
  /** First wait before re-pushing an unacknowledged envelope to an online device; doubles up to REDELIVERY_MAX_MS (default 10 s). */
  readonly redeliveryMinMs?: number;
  readonly limits?: ServerLimits;
  /** The medium under the at-rest disk (default: memory). The caller owns it and closes it. */
  readonly storage?: StorageEngine;
  /** Called with every byte string the server receives, before it decides anything (the world's event log). */
  readonly observe?: (label: string, bytes: Uint8Array) => void;
}

export type Target = { readonly kind: 'user'; readonly userId: UserId } | { readonly kind: 'room'; readonly roomId: RoomId };

/** Exactly the bytes the server holds at the instant of a seizure, and its at-rest keys. */
export interface ServerSeizure {
  readonly atMs: number;
  readonly items: readonly LabelledBytes[];
  readonly atRestKeys: readonly Uint8Array[];
}

/** Where a content record was found on the server. */
export type ContentSource = 'storage' | 'retained' | 'backup' | 'archive';

/** A stored envelope as the server can read it with its at-rest key: routing plus end-to-end ciphertext, never plaintext. */
export interface ContentRecord {
  readonly serverId: string;
  readonly storedAtMs: number;
  readonly envelope: Envelope;
  readonly source: ContentSource;
}
export type KeyRecord = DirectoryEntry;

/** What the server can answer a warrant with (read-only; time windows are [fromMs, toMs), as in sim/authority/serverView.ts). */
export interface ServerView {
  metadataRecords(target: Target, fromMs: number, toMs: number): readonly MetadataRecord[];
  contentRecords(target: Target, fromMs: number, toMs: number): readonly ContentRecord[];
  keyRecords(target: Target): readonly KeyRecord[];
  /** The user a device belongs to, from the directory. */
  userOf(deviceId: DeviceId): UserId | undefined;
}
