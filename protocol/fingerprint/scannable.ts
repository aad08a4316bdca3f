// The scannable (QR) form of a safety number, byte-compatible with libsignal's CombinedFingerprints
// protobuf: field 1 version, field 2 { content = local digest[0:32] }, field 3 { content = remote }.
// Comparing: the scanned payload's local half must equal our remote half and vice versa.
import { concatBytes, equalBytes } from '../bytes.ts';
import { ProtocolError, UsageError } from '../errors.ts';

/** libsignal uses 1 for phone-number ids and 2 for service ids; sealroom's ids are stable service ids. */
export const SCANNABLE_VERSION = 2;
const CONTENT_BYTES = 32;
/** 08 vv 12 22 0a 20 <32> 1a 22 0a 20 <32>. */
export const SCANNABLE_BYTES = 2 + 2 * (4 + CONTENT_BYTES);

function half(fieldTag: number, digest: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([fieldTag, 2 + CONTENT_BYTES, 0x0a, CONTENT_BYTES]), digest.subarray(0, CONTENT_BYTES));
}

export function scannableFingerprint(localDigest: Uint8Array, remoteDigest: Uint8Array, version = SCANNABLE_VERSION): Uint8Array {
  if (localDigest.length < CONTENT_BYTES || remoteDigest.length < CONTENT_BYTES) throw new UsageError('scannableFingerprint: digests need 32 bytes');
  if (!Number.isInteger(version) || version < 0 || version > 0x7f) throw new UsageError(`scannableFingerprint: version ${version} not a one-byte varint`);
  return concatBytes(new Uint8Array([0x08, version]), half(0x12, localDigest), half(0x1a, remoteDigest));
}

interface Parsed {
  readonly version: number;
  readonly local: Uint8Array;
  readonly remote: Uint8Array;
}

/** Strict: exactly the layout above (the only one libsignal emits); anything else is WIRE_BAD_VALUE. */
function parse(bytes: Uint8Array): Parsed {
  if (bytes.length !== SCANNABLE_BYTES) throw new ProtocolError('WIRE_BAD_VALUE', `scannable fingerprint: ${bytes.length} bytes, expected ${SCANNABLE_BYTES}`);
  const version = bytes[1] as number;
  const expectHeader = (at: number, tag: number): void => {
    const ok = bytes[at] === tag && bytes[at + 1] === 2 + CONTENT_BYTES && bytes[at + 2] === 0x0a && bytes[at + 3] === CONTENT_BYTES;
    if (!ok) throw new ProtocolError('WIRE_BAD_VALUE', 'scannable fingerprint: unexpected field layout');
  };
  if (bytes[0] !== 0x08 || version > 0x7f) throw new ProtocolError('WIRE_BAD_VALUE', 'scannable fingerprint: bad version field');
  expectHeader(2, 0x12);
  expectHeader(6 + CONTENT_BYTES, 0x1a);
  return { version, local: bytes.slice(6, 6 + CONTENT_BYTES), remote: bytes.slice(10 + CONTENT_BYTES) };
}

/**
 * True when `scanned` (the peer's QR payload) matches `ours`. A different version is refused with
 * WIRE_BAD_VERSION (libsignal: "FingerprintVersionMismatch"), so a mismatch is never mistaken for a key change.
 */
export function compareScannableFingerprints(ours: Uint8Array, scanned: Uint8Array): boolean {
  const a = parse(ours);
  const b = parse(scanned);
  if (a.version !== b.version) throw new ProtocolError('WIRE_BAD_VERSION', `scannable fingerprint: version ${b.version}, expected ${a.version}`);
  const localMatches = equalBytes(a.local, b.remote);
  const remoteMatches = equalBytes(a.remote, b.local);
  return localMatches && remoteMatches;
}
