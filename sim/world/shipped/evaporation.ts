// View-once and timers on the shipped-2014 phone: the 2014 app did erase the plaintext when it was
// viewed (or its timer ended) — the flaw was the crypto, not this — but it kept the room secret
// and K for ever, so a seized phone still opens the server's copies (no forward secrecy).
import type { ShippedState } from './state.ts';

export interface ViewStep {
  readonly state: ShippedState;
  /** The plaintext bodies this step dropped from the store (the caller wipes them). */
  readonly consumed: readonly Uint8Array[];
  /** True when a view-once message was erased at once. */
  readonly erasedNow: boolean;
}

/** Views `messageId`: a view-once message is erased now; a timer message starts its timer. Undefined: not in the inbox. */
export function viewStep(state: ShippedState, messageId: string, nowMs: number): ViewStep | undefined {
  const entry = state.inbox.find((e) => e.messageId === messageId);
  if (entry === undefined) return undefined;
  if (entry.timerMs === 0) return { state: { ...state, inbox: state.inbox.filter((e) => e !== entry) }, consumed: [entry.body], erasedNow: true };
  if (entry.expiresAtMs !== undefined) return { state, consumed: [], erasedNow: false };
  const started = { ...entry, expiresAtMs: nowMs + entry.timerMs };
  return { state: { ...state, inbox: state.inbox.map((e) => (e === entry ? started : e)) }, consumed: [], erasedNow: false };
}

/** Erases every timer message whose time has come; returns their ids. */
export function expireStep(state: ShippedState, nowMs: number): { state: ShippedState; expired: readonly string[]; consumed: readonly Uint8Array[] } {
  const due = state.inbox.filter((e) => e.expiresAtMs !== undefined && e.expiresAtMs <= nowMs);
  if (due.length === 0) return { state, expired: [], consumed: [] };
  return { state: { ...state, inbox: state.inbox.filter((e) => !due.includes(e)) }, expired: due.map((e) => e.messageId), consumed: due.map((e) => e.body) };
}

/** The next time a timer erases something, if any. */
export function nextExpiry(state: ShippedState): number | undefined {
  const times = state.inbox.flatMap((e) => (e.expiresAtMs === undefined ? [] : [e.expiresAtMs]));
  return times.length === 0 ? undefined : Math.min(...times);
}
