// The prekey bundle a device publishes and an initiator fetches from the server (X3DH §3.2,
// PQXDH §3.2): identity key, signed prekey, optionally one one-time prekey and one signed ML-KEM-768
// prekey. Type and strict versioned codec together. Signatures are checked by the handshake, not here.
import { ED25519_SIGNATURE_BYTES, MLKEM768_PUBLIC_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import { MAX_IDENTITY_KEY_WIRE_BYTES, identityKeyCodec, type IdentityKey } from '../identity/identityKey.ts';
import type { DeviceId, PreKeyId } from '../ids.ts';
import { MAX_DEVICE_ID_BYTES } from '../limits.ts';
import { bool, decodeMessage, encodeMessage, fixedBytes, optional, struct, versioned, type Codec } from './codec.ts';
import { deviceIdCodec, preKeyIdCodec } from './idCodecs.ts';

export interface SignedPreKeyPublic {
  readonly id: PreKeyId;
  readonly publicKey: Uint8Array;
  /** Ed25519 by the identity's signing key over signedPreKeySignedBytes(id, publicKey). */
  readonly signature: Uint8Array;
}

export interface OneTimePreKeyPublic {
  readonly id: PreKeyId;
  readonly publicKey: Uint8Array;
}

export interface KemPreKeyPublic {
  readonly id: PreKeyId;
  /** ML-KEM-768 encapsulation key. */
  readonly publicKey: Uint8Array;
  /** Ed25519 by the identity's signing key over kemPreKeySignedBytes(id, lastResort, publicKey). */
  readonly signature: Uint8Array;
  /** A last-resort key is reused until rotated; a one-time key is erased on first use. */
  readonly lastResort: boolean;
}

export interface PreKeyBundle {
  readonly deviceId: DeviceId;
  readonly identityKey: IdentityKey;
  readonly signedPreKey: SignedPreKeyPublic;
  readonly oneTimePreKey?: OneTimePreKeyPublic | undefined;
  readonly kemPreKey?: KemPreKeyPublic | undefined;
}

export const PREKEY_BUNDLE_VERSION = 1;

const preKeyId = preKeyIdCodec;

const signedPreKeyCodec = struct<SignedPreKeyPublic>('PreKeyBundle.signedPreKey', {
  id: preKeyId,
  publicKey: fixedBytes('PreKeyBundle.signedPreKey.publicKey', X25519_KEY_BYTES),
  signature: fixedBytes('PreKeyBundle.signedPreKey.signature', ED25519_SIGNATURE_BYTES),
});

const oneTimePreKeyCodec = struct<OneTimePreKeyPublic>('PreKeyBundle.oneTimePreKey', {
  id: preKeyId,
  publicKey: fixedBytes('PreKeyBundle.oneTimePreKey.publicKey', X25519_KEY_BYTES),
});

const kemPreKeyCodec = struct<KemPreKeyPublic>('PreKeyBundle.kemPreKey', {
  id: preKeyId,
  publicKey: fixedBytes('PreKeyBundle.kemPreKey.publicKey', MLKEM768_PUBLIC_BYTES),
  signature: fixedBytes('PreKeyBundle.kemPreKey.signature', ED25519_SIGNATURE_BYTES),
  lastResort: bool('PreKeyBundle.kemPreKey.lastResort'),
});

export const preKeyBundleCodec: Codec<PreKeyBundle> = versioned(
  PREKEY_BUNDLE_VERSION,
  struct<PreKeyBundle>('PreKeyBundle', {
    deviceId: deviceIdCodec('PreKeyBundle.deviceId'),
    identityKey: identityKeyCodec,
    signedPreKey: signedPreKeyCodec,
    oneTimePreKey: optional(oneTimePreKeyCodec),
    kemPreKey: optional(kemPreKeyCodec),
  }),
);

/** Exact size of the largest valid bundle (every field present, longest device id): the decoder's cap. */
export const MAX_PREKEY_BUNDLE_BYTES =
  1 +
  (2 + MAX_DEVICE_ID_BYTES) +
  MAX_IDENTITY_KEY_WIRE_BYTES +
  (4 + X25519_KEY_BYTES + ED25519_SIGNATURE_BYTES) +
  (1 + 4 + X25519_KEY_BYTES) +
  (1 + 4 + MLKEM768_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES + 1);

export function encodePreKeyBundle(bundle: PreKeyBundle): Uint8Array {
  return encodeMessage(preKeyBundleCodec, bundle, MAX_PREKEY_BUNDLE_BYTES);
}

/** Strict: size cap, version, every length, presence bytes 0/1, no trailing bytes. */
export function decodePreKeyBundle(bytes: Uint8Array): PreKeyBundle {
  return decodeMessage(preKeyBundleCodec, bytes, MAX_PREKEY_BUNDLE_BYTES);
}
