// Serialization of a device's private prekey store, for the device store (protocol/device/store.ts).
// These are the bytes a phone seizure reads: every secret still here is one the device has not
// yet erased. Strict like every sealroom codec: caps on every list, fixed key lengths.
import { ED25519_SIGNATURE_BYTES, MLKEM768_PUBLIC_BYTES, MLKEM768_SECRET_BYTES, X25519_KEY_BYTES, type KemKeyPair } from '../crypto/provider.ts';
import type { X25519KeyPair } from '../identity/keyPair.ts';
import { MAX_CONSUMED_PREKEY_IDS, MAX_ONE_TIME_PREKEYS, MAX_SETUP_RECORDS } from '../limits.ts';
import { setupRecordCodec } from './setupRecord.ts';
import { bool, fixedBytes, listOf, optional, struct, u64, type Codec } from '../wire/codec.ts';
import type { KemPreKeyRecord } from './kemPreKey.ts';
import type { OneTimePreKeyRecord } from './oneTimePreKey.ts';
import type { PreKeyStore, RetiredPreKeys } from './preKeyStore.ts';
import type { SignedPreKeyRecord } from './signedPreKey.ts';
import { preKeyIdCodec } from '../wire/idCodecs.ts';

const preKeyId = preKeyIdCodec;
const ms: Codec<number> = { name: 'ms', encode: (v, w) => u64.encode(BigInt(v), w), decode: (r) => Number(u64.decode(r)) };

const x25519Pair = struct<X25519KeyPair>('X25519KeyPair', {
  publicKey: fixedBytes('X25519KeyPair.publicKey', X25519_KEY_BYTES),
  secretKey: fixedBytes('X25519KeyPair.secretKey', X25519_KEY_BYTES),
});

const kemPair = struct<KemKeyPair>('KemKeyPair', {
  publicKey: fixedBytes('KemKeyPair.publicKey', MLKEM768_PUBLIC_BYTES),
  secretKey: fixedBytes('KemKeyPair.secretKey', MLKEM768_SECRET_BYTES),
});

const signedRecord = struct<SignedPreKeyRecord>('SignedPreKeyRecord', {
  id: preKeyId,
  keyPair: x25519Pair,
  signature: fixedBytes('SignedPreKeyRecord.signature', ED25519_SIGNATURE_BYTES),
  createdAtMs: ms,
});

const kemRecord = struct<KemPreKeyRecord>('KemPreKeyRecord', {
  id: preKeyId,
  keyPair: kemPair,
  signature: fixedBytes('KemPreKeyRecord.signature', ED25519_SIGNATURE_BYTES),
  lastResort: bool('KemPreKeyRecord.lastResort'),
  createdAtMs: ms,
});

const oneTimeRecord = struct<OneTimePreKeyRecord>('OneTimePreKeyRecord', { id: preKeyId, keyPair: x25519Pair });

const retired = struct<RetiredPreKeys>('RetiredPreKeys', {
  signedPreKey: signedRecord,
  kemLastResortPreKey: kemRecord,
  retiredAtMs: ms,
});

export const preKeyStoreCodec: Codec<PreKeyStore> = struct<PreKeyStore>('PreKeyStore', {
  signedPreKey: signedRecord,
  kemLastResortPreKey: kemRecord,
  previous: optional(retired),
  oneTimePreKeys: listOf(oneTimeRecord, MAX_ONE_TIME_PREKEYS),
  kemOneTimePreKeys: listOf(kemRecord, MAX_ONE_TIME_PREKEYS),
  consumedPreKeyIds: listOf(preKeyId, MAX_CONSUMED_PREKEY_IDS),
  nextPreKeyId: ms,
  usedSetups: listOf(setupRecordCodec, MAX_SETUP_RECORDS),
});
