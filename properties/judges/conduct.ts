// Judges of what parties did and accepted: SEC-MITM (no plaintext to a substituted key before a
// warning), SEC-INTEGRITY (only what was sent, once; refusals change nothing) and LIVE-DELIVERY
// (with an honest network path, everything sent arrives exactly once).
import { equalBytes } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { decodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { Acceptance } from '../../sim/log/events.ts';
import { isGenuine, isUnverifiedFirstContact, pairwiseHanded, type JudgeContext } from './context.ts';
import { lostToRollback } from './rollbackExcuse.ts';
import { judgement, outsideThePromise, type Judgement } from './verdict.ts';

export function judgeMitm(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  const violations: string[] = [];
  const exercised = new Set<string>();
  if (ctx.run.attackers.size > 0) exercised.add('server substituted a bundle');
  for (const e of record.userEvents) if (e.event.kind === 'key-change') exercised.add('key change raised');
  for (const m of record.messages) {
    if (m.heldFor.length > 0) exercised.add('message held back by a key change');
    for (const c of m.copies) {
      if (isGenuine(ctx, c)) continue;
      exercised.add('plaintext encrypted to a substituted key');
      if (isUnverifiedFirstContact(ctx, m, c)) continue; // trust on first use, never verified: outside the promise
      const warned = record.userEvents.some(
        (e) => e.device === m.from && e.atMs <= m.atMs && (e.event.kind === 'key-change' || e.event.kind === 'verification-failed') && 'peer' in e.event && e.event.peer === c.to,
      );
      if (!warned) violations.push(`${m.from} encrypted ${m.messageId} to a substituted key for ${c.to} with no key-change warning first`);
    }
  }
  return judgement('SEC-MITM', violations, [...exercised]);
}

/** Exercised by SEC-INTEGRITY when a phone was handed an envelope naming a sender other than the party who really sent it. */
export const RELABELLED_ENVELOPE = "envelope delivered under another sender's name";
/** Exercised by SEC-INTEGRITY when a phone accepted a message a thief sent as its victim (exempt: see judgeIntegrity). */
const THIEF_MESSAGE_ACCEPTED = "a thief's message accepted as its victim's";
/** Exercised by SEC-INTEGRITY when a mangled replay of a setup that spent no one-time prekey reached its recipient (X3DH §4.2). */
export const SETUP_REPLAY_NO_ONE_TIME = 'setup that spent no one-time prekey replayed with a mangled base key';
/** Exercised by SEC-INTEGRITY when such a replay had its ratchet key or its identity key's X25519 half re-encoded instead. */
export const SETUP_REPLAY_OTHER_KEY = 'setup replayed with its ratchet or identity key re-encoded';
/** Exercised by SEC-INTEGRITY when that replay's base key was a different point with the same X25519 outputs (the 2-torsion twin). */
const SETUP_REPLAY_TORSION = 'setup replayed with the point of order two added to its base key';

/** Exercised by SEC-INTEGRITY when an envelope a phone had taken before its store was rolled back reached it again after. */
export const REDELIVERED_AFTER_ROLLBACK = 'envelope delivered again to a phone after its store was rolled back';

/** Exercised by SEC-INTEGRITY when that rollback's copy had its save count forged with the stolen storage key. */
export const REDELIVERED_AFTER_FORGED_ROLLBACK = 'envelope delivered again after a rollback whose save count was forged';

/** Whether some phone was handed again, after a rollback of its store (`forged`: one with a forged save count), an envelope it had accepted before. */
function redeliveredAfterRollback(ctx: JudgeContext, forged: boolean): boolean {
  return ctx.run.rollbacks.some((rb) => {
    if (forged && !rb.forgedSaveCount) return false;
    const before = new Set(ctx.run.accepted.filter((a) => a.recipient === rb.user && a.atMs <= rb.atMs).map((a) => a.envelopeId));
    const after = [
      ...ctx.run.accepted.map((a) => ({ who: a.recipient, atMs: a.atMs, envelopeId: a.envelopeId })),
      ...ctx.run.refusals.map((r) => ({ who: r.device, atMs: r.atMs, envelopeId: r.envelopeId })),
    ];
    return after.some((x) => x.who === rb.user && x.atMs > rb.atMs && before.has(x.envelopeId));
  });
}

/** True when `wire` is a session setup that named no one-time prekey (the case only a setup record protects, X3DH §4.2). */
function setupWithoutOneTime(wire: Uint8Array): boolean {
  try {
    const pm = decodePairwiseMessage(wire);
    return pm.kind === 'prekey' && pm.initial.oneTimePreKeyId === undefined;
  } catch (e) {
    if (isProtocolError(e)) return false; // another session engine's wire
    throw e;
  }
}

/** What really happened to one message (SEC-INTEGRITY's ground truth): who sent it, to whom, where, with which body. */
interface TrueSend {
  readonly from: string;
  readonly recipients: readonly string[];
  readonly room: string;
  readonly body: Uint8Array;
}

/**
 * Who really sent what (docs/properties.md SEC-INTEGRITY), from the world's own record of each send —
 * never from an envelope, a session or a group record, all of which the server can rewrite: by message
 * id, and by envelope id (each copy the sender handed the server, 1:1 or group).
 */
function whoSentWhat(ctx: JudgeContext): { readonly messages: ReadonlyMap<string, TrueSend>; readonly envelopes: ReadonlyMap<string, string>; readonly thief: ReadonlySet<string> } {
  const messages = new Map<string, TrueSend>();
  const envelopes = new Map<string, string>();
  // Sent by a thief (never by the victim it poses as): by envelope id and message id together.
  const thief = new Set(ctx.run.thiefActs.flatMap((t) => (t.envelopeId === undefined ? [] : [`${t.envelopeId}\u0000${t.messageId}`])));
  for (const m of ctx.run.messages) {
    messages.set(m.messageId, { from: m.from, recipients: m.recipients, room: m.room, body: m.body });
    for (const c of m.copies) envelopes.set(c.envelopeId, m.from);
  }
  return { messages, envelopes, thief };
}

/** Exercised by SEC-INTEGRITY when a member was handed a sender key (or a group message on it) the server forged as another member. */
export const FORGED_GROUP_SENDER_KEY = 'group sender key forged as a member over a server-made session';

/** Exercised by SEC-INTEGRITY when a phone accepted a greeting the server sent at first contact (trust on first use). */
const SERVER_FIRST_CONTACT_ACCEPTED = "a server-made first contact's greeting accepted (trust on first use)";

/**
 * A 1:1 greeting the server sent posing as someone the recipient had never been in touch with
 * (open-session-as, or a forge on a session of its own): outside SEC-INTEGRITY's promise, as any unverified first contact is (trust on
 * first use; SEC-MITM notes it). Not so in a group room, whose signed record names every member, nor
 * once the recipient has written to that party over any 1:1 session (a text or group control).
 */
function isServerFirstContact(ctx: JudgeContext, a: Acceptance): boolean {
  const made = ctx.run.attackEnvelopes.some((e) => e.envelopeId === a.envelopeId && e.to === a.recipient && (e.attack === 'forge' || e.attack.startsWith('open-session-as/')));
  if (!made || ctx.run.settings.rooms.some((r) => r.id === a.room && r.kind === 'group')) return false;
  // Heard from the party itself, that is: the server's own earlier greetings under its name were the same
  // trust-on-first-use contact, not a genuine one.
  const genuine = new Set(ctx.run.messages.filter((m) => m.from === a.claimedFrom).map((m) => m.messageId));
  const heardBefore = ctx.run.accepted.some((x) => x.recipient === a.recipient && x.claimedFrom === a.claimedFrom && x.atMs < a.atMs && genuine.has(x.messageId));
  // Any pairwise envelope the recipient handed the server for the claimed party — a text, or the group
  // control that carries a room's sender keys — means it already held an identity for that party.
  const wroteBefore = pairwiseHanded(ctx).some((e) => e.from === a.recipient && e.to === a.claimedFrom && e.atMs < a.atMs);
  return !heardBefore && !wroteBefore;
}

export function judgeIntegrity(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  const violations: string[] = [];
  const exercised = new Set<string>();
  const truth = whoSentWhat(ctx);
  const relabelled = (envelopeId: string, named: string) => {
    const sender = truth.envelopes.get(envelopeId);
    return sender !== undefined && sender !== named;
  };
  const seen = new Map<string, number>();
  for (const a of record.accepted) {
    exercised.add(ACCEPTANCE_CHECKED);
    if (relabelled(a.envelopeId, a.envelopeFrom)) exercised.add(RELABELLED_ENVELOPE);
    // A thief's message (thief-sends) was never sent by its victim. It is outside SEC-INTEGRITY's
    // promise: the thief runs the victim's own keys, so before healing the peer cannot tell it apart
    // (docs/threat-model.md); after healing SEC-PCS judges it (secrecy.ts activeThief).
    if (truth.thief.has(`${a.envelopeId}\u0000${a.messageId}`)) {
      exercised.add(THIEF_MESSAGE_ACCEPTED);
      continue;
    }
    const m = truth.messages.get(a.messageId);
    if (m === undefined && isServerFirstContact(ctx, a)) {
      exercised.add(SERVER_FIRST_CONTACT_ACCEPTED);
      continue;
    }
    if (m === undefined) {
      violations.push(`${a.recipient} accepted ${a.messageId} "from ${a.claimedFrom}" in ${a.room}, which ${a.claimedFrom} never sent it`);
      continue;
    }
    // 1:1 or group alike: the phone must show the message under the party who really sent it.
    if (m.from !== a.claimedFrom) {
      violations.push(`${a.recipient} accepted ${a.messageId} shown as from ${a.claimedFrom}, but ${m.from} sent it`);
      continue;
    }
    if (!m.recipients.includes(a.recipient) || m.room !== a.room || !equalBytes(m.body, a.body)) {
      violations.push(`${a.recipient} accepted ${a.messageId} from ${a.claimedFrom} in ${a.room}, but not as ${m.from} sent it (recipient, room or body differs)`);
      continue;
    }
    const key = `${a.messageId}\u0000${a.recipient}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 2) violations.push(`${a.recipient} accepted ${a.messageId} more than once (replay)`);
  }
  const copies = new Map(record.messages.flatMap((m) => m.copies.map((c) => [c.envelopeId, c.wire] as const)));
  const received = new Set([...record.accepted.map((a) => `${a.recipient}\u0000${a.envelopeId}`), ...record.refusals.map((r) => `${r.device}\u0000${r.envelopeId}`)]);
  for (const e of record.attackEnvelopes) {
    if (e.attack === 'forge-group' && received.has(`${e.to}\u0000${e.envelopeId}`)) exercised.add(FORGED_GROUP_SENDER_KEY);
    const original = e.copyOf === undefined ? undefined : copies.get(e.copyOf);
    if (original !== undefined && received.has(`${e.to}\u0000${e.envelopeId}`) && setupWithoutOneTime(original)) {
      if (e.attack.startsWith('replay/base-key')) exercised.add(SETUP_REPLAY_NO_ONE_TIME);
      if (e.attack === 'replay/base-key-torsion') exercised.add(SETUP_REPLAY_TORSION);
      if (e.attack.startsWith('replay/ratchet-key') || e.attack.startsWith('replay/identity-key')) exercised.add(SETUP_REPLAY_OTHER_KEY);
    }
  }
  if (redeliveredAfterRollback(ctx, false)) exercised.add(REDELIVERED_AFTER_ROLLBACK);
  if (redeliveredAfterRollback(ctx, true)) exercised.add(REDELIVERED_AFTER_FORGED_ROLLBACK);
  for (const r of record.refusals) {
    exercised.add(`refused ${r.code}`);
    if (relabelled(r.envelopeId, r.from)) exercised.add(RELABELLED_ENVELOPE);
    if (!r.stateUnchanged) violations.push(`${r.device} refused a message (${r.code}) at ${r.atMs} ms but its stored state changed`);
  }
  return judgement('SEC-INTEGRITY', violations, [...exercised]);
}

/** Exercised by LIVE-DELIVERY when a copy was left uncounted because its recipient's store was rolled back. */
const LOST_TO_ROLLBACK = 'copy to a phone whose store was rolled back (outside the promise)';

/** Exercised by LIVE-DELIVERY when at least one genuine copy's deliveries were counted. */
const MESSAGES_COUNTED = 'messages sent and their deliveries counted';
/** Exercised by SEC-INTEGRITY when at least one accepted message was checked against what was sent. */
const ACCEPTANCE_CHECKED = 'accepted messages checked against what was sent';

export function judgeDelivery(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  if (record.settings.serverMode === 'malicious') return outsideThePromise('LIVE-DELIVERY', 'the promise assumes a server that relays: a malicious server may withhold anything');
  const violations: string[] = [];
  const exercised = new Set<string>();
  const count = new Map<string, number>();
  for (const a of record.accepted) count.set(`${a.messageId}\u0000${a.recipient}`, (count.get(`${a.messageId}\u0000${a.recipient}`) ?? 0) + 1);
  const ttl = ctx.run.settings.retentionTtlMs;
  // Past the limits the promise covers: the recipient stayed offline for the whole retention period,
  // so an honest server erased the undelivered copy (SEC-RETENTION) before it could be collected.
  const expiredWhileOffline = (to: string, sentAt: number) => record.offline.some((o) => o.user === to && o.fromMs <= sentAt && (o.toMs === undefined || o.toMs >= sentAt + ttl));
  for (const m of record.messages) {
    for (const c of m.copies) {
      if (!isGenuine(ctx, c) || isUnverifiedFirstContact(ctx, m, c)) continue;
      if (expiredWhileOffline(c.to, m.atMs)) {
        exercised.add('recipient offline past the retention TTL (copy expired by policy)');
        continue;
      }
      if (lostToRollback(ctx, m, c.to)) {
        // A rollback excuses a copy that never arrives, never one that arrives twice.
        exercised.add(LOST_TO_ROLLBACK);
        const n = count.get(`${m.messageId}\u0000${c.to}`) ?? 0;
        if (n > 1) violations.push(`${m.messageId} from ${m.from} reached ${c.to} ${n} times by the end of the run (at most once after a rollback)`);
        continue;
      }
      exercised.add(MESSAGES_COUNTED);
      const n = count.get(`${m.messageId}\u0000${c.to}`) ?? 0;
      if (n !== 1) violations.push(`${m.messageId} from ${m.from} reached ${c.to} ${n} times by the end of the run (expected exactly once)`);
    }
  }
  const stats = ctx.run.totals?.network ?? { dropped: 0, partitionDropped: 0, duplicated: 0, reordered: 0 };
  if (stats.dropped + stats.partitionDropped > 0) exercised.add('messages lost on the network');
  if (stats.duplicated > 0) exercised.add('duplicates on the network');
  if (stats.reordered > 0) exercised.add('reordering on the network');
  for (const f of record.setupFailures) violations.push(`${f.from} could not set up a session with ${f.to} (${f.code})`);
  return judgement('LIVE-DELIVERY', violations, [...exercised]);
}
