// The three ways sealroom code fails (docs/conventions.md):
// - ProtocolError: untrusted peer or server input was refused. Closed set of codes; tests assert on codes.
// - UsageError: the caller broke an API contract (wrong length, wrong type). A bug in the caller.
// - assert(): an internal invariant broke. A bug in sealroom; the simulator treats it as a crash.

/** Every reason sealroom refuses peer input. Adding a code is a protocol decision: keep the list closed. */
export const PROTOCOL_ERROR_CODES = [
  // wire decoding (protocol/wire)
  'WIRE_TOO_LARGE',
  'WIRE_TRUNCATED',
  'WIRE_TRAILING_BYTES',
  'WIRE_BAD_VERSION',
  'WIRE_UNKNOWN_TAG',
  'WIRE_LENGTH_OVER_LIMIT',
  'WIRE_BAD_VALUE',
  // primitive-level refusals (protocol/crypto)
  'BAD_PUBLIC_KEY',
  'BAD_SIGNATURE',
  'AEAD_TAG_MISMATCH',
  'KEM_BAD_CIPHERTEXT',
  'KEM_BAD_PUBLIC_KEY',
  // session setup (protocol/handshake)
  'BAD_PREKEY_SIGNATURE',
  'UNKNOWN_PREKEY',
  'ONE_TIME_PREKEY_REUSED',
  'PQ_DOWNGRADE',
  'UNTRUSTED_IDENTITY',
  'BAD_IDENTITY_BINDING',
  'IDENTITY_CHANGE_UNACKNOWLEDGED',
  // ratchet (protocol/ratchet)
  'INVALID_MESSAGE',
  'DUPLICATE_MESSAGE',
  'TOO_FAR_IN_FUTURE',
  'TOO_MANY_SKIPPED_KEYS',
  'NO_SESSION',
  'MESSAGE_EXPIRED',
  /** A message on a receiving chain the peer's next ratchet key closed, past the chain's PN (flag closeOldChains). */
  'CHAIN_CLOSED',
  /** A message on a session older than one the peer has already answered on (flag closeOldChains). */
  'STALE_SESSION',
  // groups (protocol/group)
  'NOT_A_MEMBER',
  'GROUP_VIEW_MISMATCH',
  'UNAUTHORISED_MEMBERSHIP_CHANGE',
  'STALE_EPOCH',
  'NO_SENDER_KEY',
  'GROUP_TOO_LARGE',
  // device storage (protocol/store)
  'STORE_CORRUPT',
  'STORE_BAD_KEY',
] as const;

export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Type guard for code that handles attacker input: `if (isProtocolError(e, 'DUPLICATE_MESSAGE')) …`. */
export function isProtocolError(e: unknown, code?: ProtocolErrorCode): e is ProtocolError {
  return e instanceof ProtocolError && (code === undefined || e.code === code);
}

/** The caller misused an API (not attacker input). */
export class UsageError extends TypeError {
  override readonly name = 'UsageError';
}

export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

/** Invariant check. A failure is a bug in sealroom, never a reaction to input. */
export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new AssertionFailure(`invariant broken: ${what}`);
}
