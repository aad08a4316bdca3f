// Replay records for setups that spent no one-time prekey (X3DH §4.2 "Replay attacks": without a
// one-time prekey a setup message can be replayed; libsignal refuses a base key it already holds a
// session for). The responder remembers (signed prekey id, KEM prekey id, base key) and refuses a repeat.
import { equalBytes } from '../bytes.ts';
import { X25519_KEY_BYTES } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import type { PreKeyId } from '../ids.ts';
import { MAX_SETUP_RECORDS } from '../limits.ts';
import { fixedBytes, optional, struct, type Codec } from '../wire/codec.ts';
import { preKeyIdCodec } from '../wire/idCodecs.ts';

export interface SetupRecord {
  readonly signedPreKeyId: PreKeyId;
  /** The KEM prekey the setup used (PQXDH), if any. */
  readonly kemPreKeyId: PreKeyId | undefined;
  /** The initiator's ephemeral public key, canonical (non-canonical encodings are refused earlier). */
  readonly baseKey: Uint8Array;
}

const preKeyId = preKeyIdCodec;

export const setupRecordCodec: Codec<SetupRecord> = struct<SetupRecord>('SetupRecord', {
  signedPreKeyId: preKeyId,
  kemPreKeyId: optional(preKeyId),
  baseKey: fixedBytes('SetupRecord.baseKey', X25519_KEY_BYTES),
});

function sameSetup(a: SetupRecord, b: SetupRecord): boolean {
  return a.signedPreKeyId === b.signedPreKeyId && a.kemPreKeyId === b.kemPreKeyId && equalBytes(a.baseKey, b.baseKey);
}

/** DUPLICATE_MESSAGE when this setup was accepted before; otherwise the list with it appended (bounded, oldest dropped). */
export function recordSetup(list: readonly SetupRecord[], record: SetupRecord): readonly SetupRecord[] {
  if (list.some((r) => sameSetup(r, record))) throw new ProtocolError('DUPLICATE_MESSAGE', 'setup message replayed (same prekeys and base key)');
  const next = [...list, { ...record, baseKey: record.baseKey.slice() }];
  return next.length > MAX_SETUP_RECORDS ? next.slice(next.length - MAX_SETUP_RECORDS) : next;
}

/** The records of one signed prekey leave with it (rotation past the grace period). */
export function dropSetupsOf(list: readonly SetupRecord[], signedPreKeyId: PreKeyId): readonly SetupRecord[] {
  return list.filter((r) => r.signedPreKeyId !== signedPreKeyId);
}
