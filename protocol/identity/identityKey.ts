// A device's public identity: an X25519 key for the handshake's DH and an Ed25519 key for prekey
// signatures (X3DH §2.3 with separate keys instead of XEdDSA). Its 64-byte encoding dh || sign is
// what safety numbers fingerprint and what the session AD binds (X3DH §3.3 "Encode(IK)"). The wire
// and store codec also carries the binding signature that ties the halves together (binding.ts).
import { concatBytes, equalBytes } from '../bytes.ts';
import { ED25519_PUBLIC_BYTES, ED25519_SIGNATURE_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import { fixedBytes, optional, struct, type Codec } from '../wire/codec.ts';
import { ProtocolError, UsageError } from '../errors.ts';

export interface IdentityKey {
  /** X25519 public key, 32 bytes. */
  readonly dh: Uint8Array;
  /** Ed25519 public key, 32 bytes. */
  readonly sign: Uint8Array;
  /** Ed25519 by `sign` over a labelled `dh` (binding.ts). Not part of the 64-byte encoding or of equality. */
  readonly binding?: Uint8Array | undefined;
}

export const IDENTITY_KEY_BYTES = X25519_KEY_BYTES + ED25519_PUBLIC_BYTES;

/** Wire bytes of an identity with its binding: 64 key bytes, a presence byte and the 64-byte signature. */
export const MAX_IDENTITY_KEY_WIRE_BYTES = IDENTITY_KEY_BYTES + 1 + ED25519_SIGNATURE_BYTES;

/**
 * Wire and store codec: dh || sign, then the optional binding signature. Optional so that an
 * unbound identity (a forged or legacy one) can still be represented and refused by the check in
 * binding.ts rather than by the decoder.
 */
export const identityKeyCodec: Codec<IdentityKey> = struct<IdentityKey>('IdentityKey', {
  dh: fixedBytes('IdentityKey.dh', X25519_KEY_BYTES),
  sign: fixedBytes('IdentityKey.sign', ED25519_PUBLIC_BYTES),
  binding: optional(fixedBytes('IdentityKey.binding', ED25519_SIGNATURE_BYTES)),
});

/** A deep copy, binding included. */
export function copyIdentityKey(key: IdentityKey): IdentityKey {
  return { dh: key.dh.slice(), sign: key.sign.slice(), binding: key.binding?.slice() };
}

export function encodeIdentityKey(key: IdentityKey): Uint8Array {
  if (!(key.dh instanceof Uint8Array) || key.dh.length !== X25519_KEY_BYTES) throw new UsageError('IdentityKey.dh: expected 32 bytes');
  if (!(key.sign instanceof Uint8Array) || key.sign.length !== ED25519_PUBLIC_BYTES) throw new UsageError('IdentityKey.sign: expected 32 bytes');
  return concatBytes(key.dh, key.sign);
}

/** Strict: exactly 64 bytes, else a ProtocolError (the input may come from a peer or the server). */
export function decodeIdentityKey(bytes: Uint8Array): IdentityKey {
  if (!(bytes instanceof Uint8Array)) throw new UsageError('decodeIdentityKey: expected Uint8Array');
  if (bytes.length < IDENTITY_KEY_BYTES) throw new ProtocolError('WIRE_TRUNCATED', `IdentityKey: ${bytes.length} of ${IDENTITY_KEY_BYTES} bytes`);
  if (bytes.length > IDENTITY_KEY_BYTES) throw new ProtocolError('WIRE_TRAILING_BYTES', `IdentityKey: ${bytes.length - IDENTITY_KEY_BYTES} trailing bytes`);
  return { dh: bytes.slice(0, X25519_KEY_BYTES), sign: bytes.slice(X25519_KEY_BYTES) };
}

/** Constant-time over the whole 64-byte encoding. */
export function equalIdentityKeys(a: IdentityKey, b: IdentityKey): boolean {
  return equalBytes(encodeIdentityKey(a), encodeIdentityKey(b));
}
