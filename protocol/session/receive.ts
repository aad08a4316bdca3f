// Receiving one pairwise message across a contact's sessions (libsignal's session-record rule):
// a setup message either continues the session it created before (same base key) or starts a new
// one that becomes active; a ratchet message is tried only on the session that knows its ratchet key
// (only that one can open it, so a forged header on a known key costs one trial), or, for a new key,
// only on the sessions that have sent on their current chain (the peer ratchets only on a key of ours
// it received), so a forged new key costs one DH step per such session and none elsewhere. Nothing
// is committed unless the AEAD opened (except under the advance-on-failure weak variant).
// Flag closeOldChains (docs/threat-model.md, a thief holding a copy of the peer's state): a session
// older than one the peer has answered on is stale and refused STALE_SESSION, never promoted, and
// candidates are tried newest created first. One exception: the peer's setup that lost a crossing to
// ours still opens what the peer sent on it before it learned of ours (see lostCrossing), on the one
// chain we already hold for it; the peer's phone makes that chain unusable for itself the moment it
// gives the setup up (abandonSetups), so a copy of it taken later cannot push onto it.
import { equalBytes } from '../bytes.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import { acceptSession, type SessionIds } from '../handshake/index.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../limits.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import type { RatchetContext } from '../ratchet/context.ts';
import { ratchetReceive } from '../ratchet/decrypt.ts';
import { initResponder } from '../ratchet/init.ts';
import type { PairwiseMessage } from '../wire/pairwiseMessage.ts';
import { supersedesLost, type InitialMessage } from '../wire/initialMessage.ts';
import { equalIdentityKeys } from '../identity/identityKey.ts';
import type { RatchetMessage } from '../wire/ratchetMessage.ts';
import { CHAIN_KEY_BYTES, deriveHeaderKey } from '../ratchet/kdf.ts';
import { knowsRatchetKey, peerRatchetKeysSeen, ratchetSecrets } from '../ratchet/state.ts';
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
      /** Sessions that fell off the end; their secrets are in `consumed` too. */
      readonly dropped: readonly Session[];
      /**
       * For the owner to wipe once it has adopted `sessions`: the replaced ratchet state's secrets (the
       * new one is a deep copy), the handshake's spent secrets, and the dropped sessions' secrets.
       */
      readonly consumed: readonly Uint8Array[];
    }
  | { readonly ok: false; readonly sessions: readonly Session[]; readonly error: ProtocolError };

/** Move the session at `index` (now `updated`) to the front; hearing from the peer ends the setup phase. */
/**
 * The session list after `updated` (at `index`) received. WEAK VARIANT open-old-chains (closeOldChains
 * off): the session that decrypted becomes the one we send on, whatever its age. Flag closeOldChains:
 * no session is promoted over a newer one — we always send on the newest (createdAtMs), the order both
 * phones agree on (acceptNew settles crossing setups), so the two never drift onto different sessions.
 */
function promote(sessions: readonly Session[], index: number, updated: Session, closeOldChains: boolean): Session[] {
  const answered = { ...updated, pendingInitial: undefined };
  if (closeOldChains) return newestFirst(sessions.map((s, i) => (i === index ? answered : s)));
  return [answered, ...sessions.filter((_, i) => i !== index)];
}

/**
 * The order of a contact's sessions both phones agree on: later createdAtMs first; at equal times (a
 * crossing setup settled by settledCreatedAt) the smaller base key counts as the newer.
 */
function newerFirst(a: Session, b: Session): number {
  return b.createdAtMs - a.createdAtMs || compareBytes(a.baseKey, b.baseKey);
}

function newestFirst(sessions: readonly Session[]): Session[] {
  return [...sessions].sort(newerFirst);
}

/** Lexicographic order of two byte strings of one length: negative when `a` sorts first. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/**
 * When both phones started a session before hearing from the other (crossing setups), each holds
 * the two, created in opposite orders by its own clock. Both settle on the same one: the setup with the
 * smaller base key counts as the newer. Returns the createdAtMs the incoming setup's session takes:
 * now, or our own setup's time when that one wins (newerFirst then puts ours first). Ours wins while
 * it is unanswered; once the peer answered on it, ours wins too against a setup the peer made while
 * it held no session with us (`supersedes` absent): the peer settled on ours when it arrived, and this
 * setup is the one it gave up, arriving late (the wire shows nothing else that tells it apart from a
 * deliberate new session, which names what it supersedes).
 */
function settledCreatedAt(sessions: readonly Session[], setup: InitialMessage, nowMs: number): number {
  const incoming = setup.ephemeralPublic;
  const pending = sessions.filter((s) => s.ratchet.role === 'initiator' && s.pendingInitial !== undefined).sort(newerFirst)[0];
  // A setup made after its maker's store started over outranks one that was not: the peer that lost
  // every session knows nothing of the other's setups, and the other, told of the start-over, keeps
  // only setups that say so too (protocol/device/receive.ts). Two such setups cross by the base key.
  const oursLost = supersedesLost(pending?.pendingInitial?.supersedes);
  const theirsLost = supersedesLost(setup.supersedes);
  if (theirsLost && !oursLost) return nowMs;
  if (oursLost && !theirsLost && pending !== undefined && pending.createdAtMs > 0) return pending.createdAtMs - (compareBytes(pending.baseKey, incoming) < 0 ? 0 : 1);
  if (pending !== undefined) return compareBytes(pending.baseKey, incoming) < 0 ? pending.createdAtMs : nowMs;
  if (setup.supersedes !== undefined) return nowMs;
  const answered = sessions.filter((s) => s.ratchet.role === 'initiator' && peerAnswered(s) && equalIdentityKeys(s.theirIdentity, setup.initiatorIdentity)).sort(newerFirst)[0];
  return answered !== undefined && compareBytes(answered.baseKey, incoming) < 0 ? answered.createdAtMs : nowMs;
}

/**
 * The peer has answered on this session, so it has adopted it: the initiator got a reply (its setup
 * phase ended), the responder saw a second peer ratchet key (the initiator heard back and ratcheted).
 * A session that merely received a setup does not count, so two crossing setups never refuse each other.
 */
export function peerAnswered(session: Session): boolean {
  if (session.ratchet.role === 'initiator') return session.pendingInitial === undefined;
  return peerRatchetKeysSeen(session.ratchet) >= 2;
}

/** Whether a newer session (newerFirst) of the same contact has been answered on. */
export function isStaleSession(sessions: readonly Session[], index: number): boolean {
  const s = sessions[index] as Session;
  return sessions.some((t, j) => j !== index && newerFirst(t, s) < 0 && peerAnswered(t));
}

/**
 * Whether the session at `index` is the peer's setup that lost a crossing to one of ours: we only ever
 * received on it (responder, nothing sent, the peer's first chain the only one we know), and it shares
 * its creation time with a setup of ours that outranks it — the tie settledCreatedAt makes, broken by
 * the base key. The peer sent on it only while its setup was unanswered and before ours reached it; it
 * then moved to ours for good (the same total order on both phones). Those messages may still be in
 * flight, reordered behind the peer's first answer on ours, and must open. A copy of the peer's state
 * taken after it gave the setup up holds no usable key for that chain (abandonSetups); one taken before
 * can still extend it, since nothing on the wire says where the peer stopped (a Double Ratchet §3.5 PN
 * for a whole session would).
 */
function lostCrossing(sessions: readonly Session[], index: number): boolean {
  const s = sessions[index] as Session;
  const r = s.ratchet;
  if (r.role !== 'responder' || r.sending.counter !== 0 || r.previousCounter !== 0 || peerRatchetKeysSeen(r) !== 1) return false;
  return sessions.some((t, j) => j !== index && t.ratchet.role === 'initiator' && t.createdAtMs === s.createdAtMs && newerFirst(t, s) < 0);
}

/**
 * Whether a stale session may still be tried for a message on `ratchetKey`: only the peer's setup
 * that lost a crossing, and only on a chain it already holds (no DH step, so no new chain and no
 * answer: we never send on it, and promote keeps it behind the newer one).
 */
function opensWhileStale(sessions: readonly Session[], index: number, ratchetKey: Uint8Array): boolean {
  return lostCrossing(sessions, index) && knowsRatchetKey((sessions[index] as Session).ratchet, ratchetKey);
}

function staleRefusal(sessions: readonly Session[], why = 'message on a session older than one the peer already answered on'): SessionReceiveResult {
  return { ok: false, sessions, error: new ProtocolError('STALE_SESSION', why) };
}

/**
 * Whether a new peer ratchet key can belong to this session: the peer takes a DH step only on a
 * ratchet key of ours it has received (Double Ratchet spec §3.5), so we must have sent on our current
 * sending chain. With flags.ratchet off (weak variant no-ratchet) there is no DH step to bound.
 */
function awaitsNewRatchetKey(session: Session, ratchet: boolean): boolean {
  return !ratchet || session.ratchet.sending.counter > 0;
}

/**
 * The sessions a ratchet message is tried on, so a forged one costs at most one trial per session
 * that could hold it: a session that knows the header's ratchet key is the only candidate; a new key
 * (a DH step) is tried only on the sessions that sent on their current chain (empty: refused with no
 * DH at all). Flag closeOldChains: newest created first, stale ones left out (undefined when every
 * candidate is stale). WEAK VARIANT open-old-chains (flag off): in stored order, stale ones included.
 */
function ratchetCandidates(sessions: readonly Session[], message: RatchetMessage, flags: RatchetContext['flags']): number[] | undefined {
  const all = sessions.map((_, i) => i);
  const order = flags.closeOldChains ? all.sort((a, b) => newerFirst(sessions[a] as Session, sessions[b] as Session)) : all;
  const matching = order.filter((i) => knowsRatchetKey((sessions[i] as Session).ratchet, message.header.ratchetKey));
  const tried = matching.length > 0 ? matching : order.filter((i) => awaitsNewRatchetKey(sessions[i] as Session, flags.ratchet));
  if (!flags.closeOldChains) return tried;
  const live = tried.filter((i) => !isStaleSession(sessions, i) || opensWhileStale(sessions, i, message.header.ratchetKey));
  return live.length === 0 && tried.length > 0 ? undefined : live;
}

function receiveOnExisting(sessions: readonly Session[], candidates: readonly number[], message: RatchetMessage, preKeys: PreKeyStore, ctx: RatchetContext): SessionReceiveResult | undefined {
  let firstFailure: { index: number; session: Session; error: ProtocolError } | undefined;
  for (const index of candidates) {
    const session = sessions[index] as Session;
    const r = ratchetReceive(session.ratchet, message, ctx);
    if (r.ok) {
      const updated = { ...session, ratchet: r.state };
      return { ok: true, sessions: promote(sessions, index, updated, ctx.flags.closeOldChains), preKeys, payload: r.payload, session: updated, dropped: [], consumed: ratchetSecrets(session.ratchet) };
    }
    firstFailure ??= { index, session: { ...session, ratchet: r.state }, error: r.error };
  }
  if (firstFailure === undefined) return undefined;
  // Only the first candidate's state can differ (advance-on-failure); the reference returns the input list itself.
  if (firstFailure.session.ratchet === (sessions[firstFailure.index] as Session).ratchet) return { ok: false, sessions, error: firstFailure.error };
  const next = sessions.map((s, i) => (i === firstFailure.index ? firstFailure.session : s));
  return { ok: false, sessions: next, error: firstFailure.error };
}

/**
 * Flag closeOldChains: our unanswered setups that the new session `incoming` outranks. We always send
 * on the newest, so we never send on them again; the peer, ordering the same way, opens what we sent
 * on them before (lostCrossing) but would also open whatever a copy of our state taken now sent next
 * on the same chain, long after healing. So each one's sending chain key is replaced by fresh random
 * bytes, and its header key by one derived from them (the old ones handed back to be wiped): nothing
 * more can be sent on that chain that the peer opens, or even makes the peer step towards. The rest of the session stays, so a late answer on it (a DH step from its root key)
 * still opens.
 */
function abandonSetups(sessions: readonly Session[], incoming: Session, ctx: RatchetContext): { sessions: Session[]; consumed: Uint8Array[] } {
  const consumed: Uint8Array[] = [];
  const next = sessions.map((s) => {
    if (s.ratchet.role !== 'initiator' || s.pendingInitial === undefined || newerFirst(incoming, s) >= 0) return s;
    consumed.push(s.ratchet.sending.chainKey, s.ratchet.sending.headerKey);
    // The header key goes too: a copy taken later could otherwise make tags the peer checks, and
    // make it step that chain towards any number before the AEAD refuses (protocol/ratchet/headerTag.ts).
    const chainKey = ctx.rng.bytes(CHAIN_KEY_BYTES);
    return { ...s, ratchet: { ...s.ratchet, sending: { ...s.ratchet.sending, chainKey, headerKey: deriveHeaderKey(ctx.provider, chainKey) } } };
  });
  return { sessions: next, consumed };
}

/**
 * Flag closeOldChains: a setup from a peer we hold a session with that it made after starting over,
 * naming neither SUPERSEDES_LOST nor a session we hold. The peer's phone lost every session it had
 * before, so this setup is from before that (arriving late) or from a copy of the old phone: taking it
 * would put the two back on a session the phone no longer has, or let a thief in.
 */
function madeBeforeStartOver(sessions: readonly Session[], setup: InitialMessage): boolean {
  if (!sessions.some((s) => s.fromStartOver === true)) return false;
  const supersedes = setup.supersedes;
  if (supersedes === undefined) return true;
  return !supersedesLost(supersedes) && !sessions.some((s) => equalBytes(s.baseKey, supersedes));
}

function acceptNew(p: ReceiveParams, setup: Extract<PairwiseMessage, { kind: 'prekey' }>): SessionReceiveResult {
  const { ctx } = p;
  if (ctx.flags.closeOldChains && madeBeforeStartOver(p.sessions, setup.initial)) return staleRefusal(p.sessions, 'a setup made before the peer started over');
  let hs;
  try {
    hs = acceptSession({
      provider: ctx.provider,
      ourIdentity: p.ourIdentity,
      ourPreKeys: p.preKeys,
      initial: setup.initial,
      requirePq: p.requirePq,
      flags: ctx.flags,
      ...(p.ids === undefined ? {} : { ids: p.ids }),
    });
  } catch (e) {
    if (isProtocolError(e)) return { ok: false, sessions: p.sessions, error: e };
    throw e;
  }
  const ratchet = initResponder({ rootKey: hs.rootKey, chainKey: hs.chainKey, ourRatchetKey: hs.ratchetKeyPair, associatedData: hs.associatedData }, ctx.provider);
  const r = ratchetReceive(ratchet, setup.message, ctx);
  // A setup whose first message does not open commits nothing: the one-time prekey stays unused.
  if (!r.ok) return { ok: false, sessions: p.sessions, error: r.error };
  const session: Session = {
    ratchet: r.state,
    theirIdentity: hs.theirIdentity,
    baseKey: setup.initial.ephemeralPublic.slice(),
    pendingInitial: undefined,
    createdAtMs: ctx.flags.closeOldChains ? settledCreatedAt(p.sessions, setup.initial, ctx.nowMs) : ctx.nowMs,
    ...(supersedesLost(setup.initial.supersedes) ? { fromStartOver: true as const } : {}),
  };
  const kept = ctx.flags.closeOldChains ? abandonSetups(p.sessions, session, ctx) : { sessions: p.sessions, consumed: [] };
  const all = ctx.flags.closeOldChains ? newestFirst([session, ...kept.sessions]) : [session, ...kept.sessions];
  return {
    ok: true,
    sessions: all.slice(0, MAX_SESSIONS_PER_CONTACT),
    preKeys: hs.preKeys,
    payload: r.payload,
    session,
    dropped: all.slice(MAX_SESSIONS_PER_CONTACT),
    consumed: [...hs.consumed, hs.rootKey, hs.chainKey, ...ratchetSecrets(ratchet), ...kept.consumed, ...all.slice(MAX_SESSIONS_PER_CONTACT).flatMap((d) => ratchetSecrets(d.ratchet))],
  };
}

export function receivePairwise(p: ReceiveParams): SessionReceiveResult {
  const { message, sessions } = p;
  if (message.kind === 'prekey') {
    const same = sessions.findIndex((s) => equalBytes(s.baseKey, message.initial.ephemeralPublic));
    if (same < 0) return acceptNew(p, message);
    if (p.ctx.flags.closeOldChains && isStaleSession(sessions, same) && !opensWhileStale(sessions, same, message.message.header.ratchetKey)) return staleRefusal(sessions);
    return receiveOnExisting(sessions, [same], message.message, p.preKeys, p.ctx) ?? acceptNew(p, message);
  }
  if (sessions.length === 0) return { ok: false, sessions, error: new ProtocolError('NO_SESSION', 'no session with this device') };
  // WEAK VARIANT open-old-chains (closeOldChains off): every kept session may be tried and promoted.
  const candidates = ratchetCandidates(sessions, message.message, p.ctx.flags);
  if (candidates === undefined) return staleRefusal(sessions);
  const r = receiveOnExisting(sessions, candidates, message.message, p.preKeys, p.ctx);
  return r ?? { ok: false, sessions, error: new ProtocolError('INVALID_MESSAGE', 'a new ratchet key on no session that sent one of ours') };
}
