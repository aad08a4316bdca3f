// The protocol's refusal codes (protocol/errors.ts) onto the contract's closed set (engines/contract.ts
// RefusalCode). A replay in any form is DUPLICATE_MESSAGE; a malformed or invalid public key is
// INVALID_KEY; whatever else a message fails on (a tag, a stale session, a closed chain) is INVALID_MESSAGE.
import { isProtocolError, type ProtocolErrorCode } from '../../protocol/errors.ts';
import type { RefusalCode } from '../contract.ts';

const SHARED: Partial<Record<ProtocolErrorCode, RefusalCode>> = {
  UNTRUSTED_IDENTITY: 'UNTRUSTED_IDENTITY',
  IDENTITY_CHANGE_UNACKNOWLEDGED: 'UNTRUSTED_IDENTITY',
  BAD_PUBLIC_KEY: 'INVALID_KEY',
  KEM_BAD_PUBLIC_KEY: 'INVALID_KEY',
};

const MESSAGE: Partial<Record<ProtocolErrorCode, RefusalCode>> = {
  ...SHARED,
  DUPLICATE_MESSAGE: 'DUPLICATE_MESSAGE',
  // A setup naming a one-time prekey already spent is that setup (or a copy of it) arriving again.
  ONE_TIME_PREKEY_REUSED: 'DUPLICATE_MESSAGE',
  NO_SESSION: 'NO_SESSION',
};

/** A refused incoming message. */
export function messageRefusal(code: ProtocolErrorCode): RefusalCode {
  return MESSAGE[code] ?? 'INVALID_MESSAGE';
}

/** A refused bundle: anything but an invalid key or an untrusted identity is INVALID_BUNDLE. */
export function bundleRefusal(code: ProtocolErrorCode): RefusalCode {
  return SHARED[code] ?? 'INVALID_BUNDLE';
}

/** Runs `step`; a ProtocolError becomes its code, anything else (a bug) is thrown on. */
export function attempt<T>(step: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ProtocolErrorCode } {
  try {
    return { ok: true, value: step() };
  } catch (e) {
    if (isProtocolError(e)) return { ok: false, code: e.code };
    throw e;
  }
}
