// What the authority can ask of, or take from, the server and phones (docs/threat-model.md,
//). The server implements ServerView; the engine hands seizures over in these shapes.
// Kept to plain data so the authority depends on nothing but this file and protocol/ids.ts.
import type { DeviceId, RoomId, UserId } from '../../protocol/ids.ts';

/** Whom a warrant names: one account, or one room (1:1 or group). */
export type WarrantTarget = { readonly kind: 'user'; readonly userId: UserId } | { readonly kind: 'room'; readonly roomId: RoomId };

/** One line of the server's metadata log: who talked to whom, when, how big. Never content. */
export interface MetadataRecord {
  readonly atMs: number;
  readonly from: UserId;
  readonly to: UserId;
  readonly roomId?: RoomId;
  readonly kind: string;
  readonly sizeBucket: number;
}

/** A stored privacy-mode ciphertext as the server holds it (before at-rest encryption). */
export interface ContentRecord {
  readonly envelopeId: string;
  readonly atMs: number;
  readonly from: UserId;
  readonly to: UserId;
  readonly roomId?: RoomId;
  readonly body: Uint8Array;
}

/** One key-directory entry (public identity / prekey material of a device). */
export interface KeyRecord {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  readonly bytes: Uint8Array;
}

/** The server's answer to "what do you hold about this target in this window". Windows are [fromMs, toMs). */
export interface ServerView {
  metadataRecords(target: WarrantTarget, fromMs: number, toMs: number): readonly MetadataRecord[];
  contentRecords(target: WarrantTarget, fromMs: number, toMs: number): readonly ContentRecord[];
  keyRecords(target: WarrantTarget): readonly KeyRecord[];
}

/** A labelled byte string: one stored file, log, backup or disclosed record. */
export interface LabelledBytes {
  readonly label: string;
  readonly bytes: Uint8Array;
}

/** Everything the server holds at one instant (storage, logs, backups) plus its own at-rest keys. */
export interface ServerSeizure {
  readonly items: readonly LabelledBytes[];
  readonly atRestKeys: readonly Uint8Array[];
}

/** A phone's whole stored state: the encrypted store blob and the key that opens it. */
export interface PhoneSeizure {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  readonly blob: Uint8Array;
  readonly storageKey: Uint8Array;
}
