// Safety numbers: Signal's numeric fingerprint (libsignal fingerprint.rs, "NumericFingerprint"
// version 0 of the iterated hash). Per party h = SHA-512(0x0000 || key || id || key), then
// h = SHA-512(h || key) until SAFETY_NUMBER_ITERATIONS hashes; 30 digits each, lower string first.
import { concatBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { UsageError } from '../errors.ts';
import { encodeIdentityKey, type IdentityKey } from '../identity/identityKey.ts';

/** Signal's count: each guess at a key whose number collides with a victim's costs 5,200 SHA-512s. */
export const SAFETY_NUMBER_ITERATIONS = 5200;
/** Hash format version prepended as a big-endian u16 (libsignal FINGERPRINT_VERSION = 0). */
const HASH_FORMAT = new Uint8Array([0, 0]);
const DIGITS_PER_PARTY = 30;

export interface FingerprintParty {
  readonly stableId: string;
  /** The encoded identity key (sealroom: the 64-byte IdentityKey encoding). */
  readonly keyBytes: Uint8Array;
}

export interface NumericFingerprint {
  /** 60 digits: the two 30-digit halves, the smaller one first, so both sides show the same string. */
  readonly displayable: string;
  /** The full iterated digests; scannable.ts puts their first 32 bytes in the QR payload. */
  readonly localDigest: Uint8Array;
  readonly remoteDigest: Uint8Array;
}

export function fingerprintDigest(provider: CryptoProvider, party: FingerprintParty, iterations: number): Uint8Array {
  if (!Number.isInteger(iterations) || iterations < 1) throw new UsageError(`fingerprint iterations: expected a positive integer, got ${iterations}`);
  const key = party.keyBytes;
  let h = provider.sha512(concatBytes(HASH_FORMAT, key, utf8(party.stableId), key));
  const buf = new Uint8Array(h.length + key.length);
  buf.set(key, h.length);
  for (let i = 1; i < iterations; i++) {
    buf.set(h, 0);
    h = provider.sha512(buf);
  }
  return h;
}

/** 30 digits: six 5-byte big-endian chunks of the digest, each mod 100000, zero-padded to 5 digits. */
export function digestDigits(digest: Uint8Array): string {
  if (digest.length < 30) throw new UsageError('digestDigits: digest shorter than 30 bytes');
  let out = '';
  for (let chunk = 0; chunk < DIGITS_PER_PARTY / 5; chunk++) {
    let v = 0;
    for (let i = 0; i < 5; i++) v = v * 256 + (digest[chunk * 5 + i] as number);
    out += String(v % 100000).padStart(5, '0');
  }
  return out;
}

export function numericFingerprint(provider: CryptoProvider, local: FingerprintParty, remote: FingerprintParty, iterations = SAFETY_NUMBER_ITERATIONS): NumericFingerprint {
  const localDigest = fingerprintDigest(provider, local, iterations);
  const remoteDigest = fingerprintDigest(provider, remote, iterations);
  const a = digestDigits(localDigest);
  const b = digestDigits(remoteDigest);
  return { displayable: a <= b ? a + b : b + a, localDigest, remoteDigest };
}

export interface LocalParty {
  readonly localId: string;
  readonly localIdentityKey: IdentityKey;
}

export interface RemoteParty {
  readonly remoteId: string;
  readonly remoteIdentityKey: IdentityKey;
}

/** The 60-digit safety number two users compare (SEC-MITM): any change of either identity key changes it. */
export function safetyNumber(provider: CryptoProvider, local: LocalParty, remote: RemoteParty): string {
  return numericFingerprint(
    provider,
    { stableId: local.localId, keyBytes: encodeIdentityKey(local.localIdentityKey) },
    { stableId: remote.remoteId, keyBytes: encodeIdentityKey(remote.remoteIdentityKey) },
  ).displayable;
}
