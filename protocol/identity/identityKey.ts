// A device's public identity: an X25519 key for the handshake's DH and an Ed25519 key for prekey
// signatures (X3DH §2.3 with separate keys instead of XEdDSA). Its 64-byte encoding dh || sign is
// what safety numbers fingerprint and what the session AD binds (X3DH §3.3 "Encode(IK)").
import { concatBytes, equalBytes } from '../bytes.ts';
import { ED25519_PUBLIC_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import { fixedBytes, struct, type Codec } from '../wire/codec.ts';
import { ProtocolError, UsageError } from '../errors.ts';

export interface IdentityKey {
  /** X25519 public key, 32 bytes. */
  readonly dh: Uint8Array;
  /** Ed25519 public key, 32 bytes. */
  readonly sign: Uint8Array;
}

export const IDENTITY_KEY_BYTES = X25519_KEY_BYTES + ED25519_PUBLIC_BYTES;

/** Wire codec (no framing: exactly 64 bytes); nested inside bundles and setup messages. */
export const identityKeyCodec: Codec<IdentityKey> = struct<IdentityKey>('IdentityKey', {
  dh: fixedBytes('IdentityKey.dh', X25519_KEY_BYTES),
  sign: fixedBytes('IdentityKey.sign', ED25519_PUBLIC_BYTES),
});

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
