// The key directory's data: what a device publishes (its signed bundle part, opaque to the server,
// and its one-time and KEM prekeys), what a fetch returns, and the binary encoding of an entry
// (for the at-rest disk, the archive and the "everything seen" record).
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import { MAX_WIRE_MESSAGE_BYTES } from '../../protocol/limits.ts';
import { encodeMessage, listOf, optional, struct, u32, utf8String, varBytes, versioned } from '../../protocol/wire/codec.ts';
import { MAX_DIRECTORY_PREKEYS_PER_DEVICE, MAX_SIM_ID_BYTES } from '../engine/limits.ts';

export interface PreKey {
  readonly id: number;
  readonly bytes: Uint8Array;
}

export interface DirectoryPublish {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  /** The signed part of the prekey bundle (identity key, signed prekeys, signatures): opaque to the server. */
  readonly base: Uint8Array;
  readonly oneTime: readonly PreKey[];
  readonly kemOneTime: readonly PreKey[];
  readonly kemLastResort?: PreKey;
}

/** A device topping up its prekeys (and possibly rotating its signed part). */
export interface DirectoryRefill {
  readonly base?: Uint8Array;
  readonly oneTime?: readonly PreKey[];
  readonly kemOneTime?: readonly PreKey[];
  readonly kemLastResort?: PreKey;
  /** One-time prekey ids (X25519 or ML-KEM) the device dropped: the directory stops handing them out. */
  readonly withdrawn?: readonly number[];
}

/** What a fetch returns: the base plus at most one one-time prekey and one KEM prekey. */
export interface FetchedBundle {
  readonly deviceId: DeviceId;
  readonly userId: UserId;
  readonly base: Uint8Array;
  readonly oneTime?: PreKey;
  readonly kem?: PreKey & { readonly lastResort: boolean };
}

/** The directory's current entry for a device: the publish with the prekeys not yet handed out. */
export type DirectoryEntry = DirectoryPublish;

/** Largest prekey or base the directory stores: an ML-KEM public key is 1184 bytes; a bundle base a few KB. */
const MAX_DIRECTORY_BLOB_BYTES = 16 * 1024;

const preKeyCodec = struct<PreKey>('PreKey', { id: u32, bytes: varBytes('PreKey.bytes', MAX_DIRECTORY_BLOB_BYTES) });

const entryCodec = versioned(
  1,
  struct<{ deviceId: string; userId: string; base: Uint8Array; oneTime: readonly PreKey[]; kemOneTime: readonly PreKey[]; kemLastResort: PreKey | undefined }>('DirectoryEntry', {
    deviceId: utf8String('DirectoryEntry.deviceId', MAX_SIM_ID_BYTES),
    userId: utf8String('DirectoryEntry.userId', MAX_SIM_ID_BYTES),
    base: varBytes('DirectoryEntry.base', MAX_DIRECTORY_BLOB_BYTES),
    oneTime: listOf(preKeyCodec, MAX_DIRECTORY_PREKEYS_PER_DEVICE),
    kemOneTime: listOf(preKeyCodec, MAX_DIRECTORY_PREKEYS_PER_DEVICE),
    kemLastResort: optional(preKeyCodec),
  }),
);

/** Largest encoded entry: its prekey lists are capped, so this bounds the record. */
const MAX_ENTRY_BYTES = MAX_WIRE_MESSAGE_BYTES + 2 * MAX_DIRECTORY_PREKEYS_PER_DEVICE * (MAX_DIRECTORY_BLOB_BYTES + 8);

export function encodeDirectoryEntry(e: DirectoryEntry): Uint8Array {
  return encodeMessage(entryCodec, { ...e, kemLastResort: e.kemLastResort }, MAX_ENTRY_BYTES);
}

export const MAX_PREKEY_BYTES = MAX_DIRECTORY_BLOB_BYTES;
