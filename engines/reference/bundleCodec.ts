// The bundle as the directory holds it (X3DH §3.2, PQXDH §3.2), opaque to the world: the signed part
// is the protocol's own PreKeyBundle encoding (identity with its binding, signed prekey, last-resort
// ML-KEM prekey, no one-time key); each one-time entry is an X25519 one-time prekey with a signed
// one-time ML-KEM prekey beside it, so a setup on a fresh entry spends no last-resort key.
import { ED25519_SIGNATURE_BYTES, MLKEM768_PUBLIC_BYTES, X25519_KEY_BYTES } from '../../protocol/crypto/provider.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { copyIdentityKey } from '../../protocol/identity/identityKey.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import { preKeyId } from '../../protocol/ids.ts';
import { kemPreKeyPublic, type KemPreKeyRecord } from '../../protocol/prekeys/kemPreKey.ts';
import type { OneTimePreKeyRecord } from '../../protocol/prekeys/oneTimePreKey.ts';
import { MAX_PREKEY_ID } from '../../protocol/prekeys/preKeyId.ts';
import type { PreKeyStore } from '../../protocol/prekeys/preKeyStore.ts';
import { signedPreKeyPublic } from '../../protocol/prekeys/signedPreKey.ts';
import { bool, decodeMessage, encodeMessage, fixedBytes, optional, struct, versioned, type Codec } from '../../protocol/wire/codec.ts';
import { preKeyIdCodec } from '../../protocol/wire/idCodecs.ts';
import { decodePreKeyBundle, encodePreKeyBundle, type KemPreKeyPublic, type PreKeyBundle } from '../../protocol/wire/preKeyBundle.ts';
import type { OneTimePreKey, PeerAddress, ServedBundle } from '../contract.ts';
import { deviceIdOf } from './addresses.ts';

interface OneTimeEntry {
  readonly publicKey: Uint8Array;
  readonly kem: KemPreKeyPublic | undefined;
}

const kemPublic = struct<KemPreKeyPublic>('OneTimeEntry.kem', {
  id: preKeyIdCodec,
  publicKey: fixedBytes('OneTimeEntry.kem.publicKey', MLKEM768_PUBLIC_BYTES),
  signature: fixedBytes('OneTimeEntry.kem.signature', ED25519_SIGNATURE_BYTES),
  lastResort: bool('OneTimeEntry.kem.lastResort'),
});

const entryCodec: Codec<OneTimeEntry> = versioned(1, struct<OneTimeEntry>('OneTimeEntry', { publicKey: fixedBytes('OneTimeEntry.publicKey', X25519_KEY_BYTES), kem: optional(kemPublic) }));

/** Every field present: the decoder's cap. */
const MAX_ENTRY_BYTES = 1 + X25519_KEY_BYTES + 1 + (4 + MLKEM768_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES + 1);

/** The signed part: what every fetch of this device's bundle serves. */
export function encodeBase(address: PeerAddress, identity: IdentityKeyPair, store: PreKeyStore): Uint8Array {
  return encodePreKeyBundle({
    deviceId: deviceIdOf(address),
    identityKey: copyIdentityKey(identity.publicKey),
    signedPreKey: signedPreKeyPublic(store.signedPreKey),
    oneTimePreKey: undefined,
    kemPreKey: kemPreKeyPublic(store.kemLastResortPreKey),
  });
}

/** One directory entry: the X25519 one-time prekey's id, its public key and (if one is left to pair) a one-time KEM prekey. */
export function encodeOneTime(key: OneTimePreKeyRecord, kem: KemPreKeyRecord | undefined): OneTimePreKey {
  return { id: key.id, bytes: encodeMessage(entryCodec, { publicKey: key.keyPair.publicKey.slice(), kem: kem === undefined ? undefined : kemPreKeyPublic(kem) }, MAX_ENTRY_BYTES) };
}

/**
 * The PreKeyBundle a served bundle describes, for the handshake to verify (bundleCheck.ts). Strict:
 * a base carrying a one-time key, lacking a KEM prekey, or naming another device number is refused
 * (WIRE_BAD_VALUE), as is an entry id outside the u32 id space.
 */
export function servedBundle(peer: PeerAddress, served: ServedBundle): PreKeyBundle {
  const base = decodePreKeyBundle(served.base);
  if (base.oneTimePreKey !== undefined) throw new ProtocolError('WIRE_BAD_VALUE', 'bundle: the signed part carries a one-time prekey');
  if (base.kemPreKey === undefined) throw new ProtocolError('PQ_DOWNGRADE', 'bundle: no KEM prekey');
  if (base.deviceId !== deviceIdOf(peer)) throw new ProtocolError('WIRE_BAD_VALUE', `bundle: names device ${base.deviceId}, not ${peer.device}`);
  const oneTime = served.oneTime;
  if (oneTime === undefined) return base;
  if (!Number.isInteger(oneTime.id) || oneTime.id < 0 || oneTime.id > MAX_PREKEY_ID) throw new ProtocolError('WIRE_BAD_VALUE', `bundle: one-time prekey id ${String(oneTime.id)}`);
  if (!(oneTime.bytes instanceof Uint8Array)) throw new ProtocolError('WIRE_BAD_VALUE', 'bundle: one-time prekey bytes');
  const entry = decodeMessage(entryCodec, oneTime.bytes, MAX_ENTRY_BYTES);
  return { ...base, oneTimePreKey: { id: preKeyId(oneTime.id), publicKey: entry.publicKey }, kemPreKey: entry.kem ?? base.kemPreKey };
}
