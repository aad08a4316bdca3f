// Receiving one pairwise message across a contact's sessions (libsignal's session-record rule):
// a setup message either continues the session it created before (same base key) or starts a new
// one that becomes active; a ratchet message is tried on each kept session, newest first. Nothing is
// committed unless the AEAD opened (except under the advance-on-failure weak variant).
import { equalBytes } from '../bytes.ts';
import { assert, isProtocolError, ProtocolError } from '../errors.ts';
import { acceptSession, type SessionIds } from '../handshake/index.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../limits.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import type { RatchetContext } from '../ratchet/context.ts';
import { ratchetReceive } from '../ratchet/decrypt.ts';
import { initResponder } from '../ratchet/init.ts';
import type { PairwiseMessage } from '../wire/pairwiseMessage.ts';
import type { RatchetMessage } from '../wire/ratchetMessage.ts';
import type { Session } from './session.ts';

export interface ReceiveParams {
  readonly sessions: readonly Session[];
  readonly ourIdentity: IdentityKeyPair;
  readonly preKeys: PreKeyStore;
  readonly message: PairwiseMessage;
  /** A PQ-capable device refuses X3DH-only setups (SEC-PQ). */
  readonly requirePq: boolean;
  readonly ctx: RatchetContext;
  /** Both ends' ids as the envelope claims them (the initiator is the sender), bound into a new session's AD (flags.idBinding). */
  readonly ids?: SessionIds;
}

export type SessionReceiveResult =
  | {
      readonly ok: true;
      readonly sessions: readonly Session[];
      readonly preKeys: PreKeyStore;
      readonly payload: Uint8Array;
      readonly session: Session;
      /** Sessions that fell off the end and the handshake's spent secrets, for the owner to wipe. */
      readonly dropped: readonly Session[];
      readonly consumed: readonly Uint8Array[];
    }
  | { readonly ok: false; readonly sessions: readonly Session[]; readonly error: ProtocolError };

/** Move the session at `index` (now `updated`) to the front; hearing from the peer ends the setup phase. */
function promote(sessions: readonly Session[], index: number, updated: Session): Session[] {
  const rest = sessions.filter((_, i) => i !== index);
  return [{ ...updated, pendingInitial: undefined }, ...rest];
}

function receiveOnExisting(
  sessions: readonly Session[],
  candidates: readonly number[],
  message: RatchetMessage,
  preKeys: PreKeyStore,
  ctx: RatchetContext,
): SessionReceiveResult | undefined {
  let firstFailure: { index: number; session: Session; error: ProtocolError } | undefined;
  for (const index of candidates) {
    const session = sessions[index] as Session;
    const r = ratchetReceive(session.ratchet, message, ctx);
    if (r.ok) {
      const updated = { ...session, ratchet: r.state };
      return { ok: true, sessions: promote(sessions, index, updated), preKeys, payload: r.payload, session: updated, dropped: [], consumed: [] };
    }
    firstFailure ??= { index, session: { ...session, ratchet: r.state }, error: r.error };
  }
  if (firstFailure === undefined) return undefined;
  // Only the first candidate's state can differ (advance-on-failure); the reference returns it unchanged.
  const next = sessions.map((s, i) => (i === firstFailure.index ? firstFailure.session : s));
  return { ok: false, sessions: next, error: firstFailure.error };
}

function acceptNew(p: ReceiveParams, setup: Extract<PairwiseMessage, { kind: 'prekey' }>): SessionReceiveResult {
  const { ctx } = p;
  let hs;
  try {
    hs = acceptSession({ provider: ctx.provider, ourIdentity: p.ourIdentity, ourPreKeys: p.preKeys, initial: setup.initial, requirePq: p.requirePq, flags: ctx.flags, ...(p.ids === undefined ? {} : { ids: p.ids }) });
  } catch (e) {
    if (isProtocolError(e)) return { ok: false, sessions: p.sessions, error: e };
    throw e;
  }
  const ratchet = initResponder({ rootKey: hs.rootKey, chainKey: hs.chainKey, ourRatchetKey: hs.ratchetKeyPair, associatedData: hs.associatedData });
  const r = ratchetReceive(ratchet, setup.message, ctx);
  // A setup whose first message does not open commits nothing: the one-time prekey stays unused.
  if (!r.ok) return { ok: false, sessions: p.sessions, error: r.error };
  const session: Session = {
    ratchet: r.state,
    theirIdentity: hs.theirIdentity,
    baseKey: setup.initial.ephemeralPublic.slice(),
    pendingInitial: undefined,
    createdAtMs: ctx.nowMs,
  };
  const all = [session, ...p.sessions];
  return {
    ok: true,
    sessions: all.slice(0, MAX_SESSIONS_PER_CONTACT),
    preKeys: hs.preKeys,
    payload: r.payload,
    session,
    dropped: all.slice(MAX_SESSIONS_PER_CONTACT),
    consumed: [...hs.consumed, hs.rootKey, hs.chainKey],
  };
}

export function receivePairwise(p: ReceiveParams): SessionReceiveResult {
  const { message, sessions } = p;
  if (message.kind === 'prekey') {
    const same = sessions.findIndex((s) => equalBytes(s.baseKey, message.initial.ephemeralPublic));
    if (same < 0) return acceptNew(p, message);
    return receiveOnExisting(sessions, [same], message.message, p.preKeys, p.ctx) ?? acceptNew(p, message);
  }
  if (sessions.length === 0) return { ok: false, sessions, error: new ProtocolError('NO_SESSION', 'no session with this device') };
  const r = receiveOnExisting(sessions, sessions.map((_, i) => i), message.message, p.preKeys, p.ctx);
  assert(r !== undefined, 'a non-empty candidate list always yields a result');
  return r;
}
