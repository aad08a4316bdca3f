// Replay records for setups that spent no one-time prekey (X3DH §4.2 "Replay attacks": without a
// one-time prekey a setup message can be replayed; libsignal refuses a base key it already holds a
// session for). The responder remembers (signed prekey id, KEM prekey id, setup key) and refuses a
// repeat. The setup key is a hash of the secret the handshake agreed, not the base key's bytes: a base
// key plus a small-order point (u -> 1/u is the point of order two) is another canonical encoding with
// the same X25519 outputs under every clamped scalar, so only what the keys agree on names a setup.
import { concatBytes, equalBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import type { PreKeyId } from '../ids.ts';
import { MAX_SETUP_RECORDS } from '../limits.ts';
import { fixedBytes, optional, struct, type Codec } from '../wire/codec.ts';
import { preKeyIdCodec } from '../wire/idCodecs.ts';

export interface SetupRecord {
  readonly signedPreKeyId: PreKeyId;
  /** The KEM prekey the setup used (PQXDH), if any. */
  readonly kemPreKeyId: PreKeyId | undefined;
  /** SHA-256 of SETUP_KEY_LABEL and the root key the setup agreed (setupKeyOf): the same for every encoding of one setup. */
  readonly setupKey: Uint8Array;
}

const preKeyId = preKeyIdCodec;
const SETUP_KEY_BYTES = 32;
const SETUP_KEY_LABEL = utf8('sealroom setup record v1');

/** The name of a setup in the replay record: a one-way hash of the root key it agreed (never the key itself). */
export function setupKeyOf(provider: CryptoProvider, rootKey: Uint8Array): Uint8Array {
  return provider.sha256(concatBytes(SETUP_KEY_LABEL, rootKey));
}

export const setupRecordCodec: Codec<SetupRecord> = struct<SetupRecord>('SetupRecord', {
  signedPreKeyId: preKeyId,
  kemPreKeyId: optional(preKeyId),
  setupKey: fixedBytes('SetupRecord.setupKey', SETUP_KEY_BYTES),
});

function sameSetup(a: SetupRecord, b: SetupRecord): boolean {
  return a.signedPreKeyId === b.signedPreKeyId && a.kemPreKeyId === b.kemPreKeyId && equalBytes(a.setupKey, b.setupKey);
}

/** DUPLICATE_MESSAGE when this setup was accepted before; otherwise the list with it appended (bounded, oldest dropped). */
export function recordSetup(list: readonly SetupRecord[], record: SetupRecord): readonly SetupRecord[] {
  if (list.some((r) => sameSetup(r, record))) throw new ProtocolError('DUPLICATE_MESSAGE', 'setup message replayed (same prekeys and agreed keys)');
  const next = [...list, { ...record, setupKey: record.setupKey.slice() }];
  return next.length > MAX_SETUP_RECORDS ? next.slice(next.length - MAX_SETUP_RECORDS) : next;
}

/** The records of one signed prekey leave with it (rotation past the grace period). */
export function dropSetupsOf(list: readonly SetupRecord[], signedPreKeyId: PreKeyId): readonly SetupRecord[] {
  return list.filter((r) => r.signedPreKeyId !== signedPreKeyId);
}
