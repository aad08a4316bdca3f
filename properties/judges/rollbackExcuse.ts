// Which copies LIVE-DELIVERY leaves out because their recipient's store was rolled back
// (docs/properties.md LIVE-DELIVERY, docs/threat-model.md "Rollback"). A phone restarted from an older
// store starts over with no sessions and no rooms: what was in flight to it is lost, and so is what a
// sender writes on a session the phone dropped until that sender hears from the phone's new sessions
// (the phone tells every contact it had, at once), and what goes to a room it is no
// longer in until it is added to it again. Read from the log alone: acceptances, what users were
// told, membership changes and the envelopes the phones handed the server.
import type { SentMessage } from '../../sim/log/events.ts';
import { pairwiseHanded, type JudgeContext, type PairwiseHanded } from './context.ts';

interface Rollback {
  readonly atMs: number;
  readonly user: string;
}

/**
 * Whether `sender`, writing at `atMs`, may still have held only sessions with `phone` that the rollback
 * `rb` dropped: it was in touch with the phone before (a 1:1 envelope or text either way), and had not yet
 * heard from a session the phone opened after the rollback — accepted a message the phone sent after
 * it, or was told the phone started over (`peer-started-over`). The phone tells every contact it had
 * by the rollback, so a sender it had (it had written to it, or accepted a message from it) that never
 * heard from the new sessions by the end of the run was never told: nothing it wrote is excused,
 * unless its own store was rolled back after it wrote (the phone's word was addressed to the store it
 * then dropped).
 */
function onDroppedSessions(ctx: JudgeContext, handed: readonly PairwiseHanded[], sender: string, phone: string, rb: Rollback, atMs: number): boolean {
  if (!wroteTo(ctx, handed, sender, phone, rb.atMs) && !wroteTo(ctx, handed, phone, sender, rb.atMs)) return false;
  const sentAt = (id: string) => ctx.run.messageById(id)?.atMs ?? -1;
  const heard = [
    ...ctx.run.accepted.filter((a) => a.recipient === sender && a.claimedFrom === phone && a.atMs > rb.atMs && sentAt(a.messageId) > rb.atMs).map((a) => a.atMs),
    ...ctx.run.userEvents.filter((e) => e.device === sender && e.atMs > rb.atMs && e.event.kind === 'peer-started-over' && e.event.peer === phone).map((e) => e.atMs),
  ];
  if (heard.length > 0) return atMs <= Math.min(...heard);
  if (ctx.run.rollbacks.some((own) => own.user === sender && own.atMs >= atMs)) return true;
  // The phone keeps its trust table out of the medium's reach, so it tells every contact it had by the
  // rollback: one it had written to, or taken a message from.
  const knownAtRollback = wroteTo(ctx, handed, phone, sender, rb.atMs) || ctx.run.accepted.some((a) => a.recipient === phone && a.claimedFrom === sender && a.atMs <= rb.atMs);
  return !knownAtRollback;
}

/**
 * Whether `from` had written to `to` 1:1 by `byMs`: an envelope that reached the server, or a text
 * (its phone made the session then, even if the envelope waited in an offline phone's outbox).
 */
function wroteTo(ctx: JudgeContext, handed: readonly PairwiseHanded[], from: string, to: string, byMs: number): boolean {
  return handed.some((e) => e.atMs <= byMs && e.from === from && e.to === to) || ctx.run.messages.some((w) => w.atMs <= byMs && w.kind !== 'group' && w.from === from && w.recipients.includes(to));
}

/** Whether `to` had accepted message `messageId` by `byMs`. */
function acceptedBy(ctx: JudgeContext, to: string, messageId: string, byMs: number): boolean {
  return ctx.run.accepted.some((a) => a.recipient === to && a.messageId === messageId && a.atMs <= byMs);
}

/**
 * Whether `phone` was back in `room` for `sender`'s message sent at `atMs`: an add of it after the
 * rollback, made by a phone that had by then heard from its new sessions (an earlier add's welcome goes
 * on a session the phone no longer has), while `sender` had too (its sender key for the new view goes
 * on the session it holds when the add reaches it).
 */
function backInRoom(ctx: JudgeContext, handed: readonly PairwiseHanded[], m: SentMessage, phone: string, rb: Rollback): boolean {
  return ctx.run.membership.some(
    (c) =>
      c.change === 'add' &&
      c.room === m.room &&
      c.user === phone &&
      c.atMs > rb.atMs &&
      c.atMs <= m.atMs &&
      c.by !== undefined &&
      !onDroppedSessions(ctx, handed, c.by, phone, rb, c.atMs) &&
      !onDroppedSessions(ctx, handed, m.from, phone, rb, c.atMs),
  );
}

/**
 * Whether a copy to `to` is out of the promise through a rollback. The sender's: sent before the
 * rollback and not accepted before it. The recipient's: not accepted before the rollback; or sent
 * after it, 1:1 while the sender held only dropped sessions (onDroppedSessions), to a room before the
 * phone was back in it (backInRoom).
 */
export function lostToRollback(ctx: JudgeContext, m: SentMessage, to: string): boolean {
  // What the sender's own phone had in flight when its store was rolled back went on a session the
  // phone dropped (and, if written after the copy, is gone from its store too); its peer, once told,
  // refuses that session.
  const unsaid = ctx.run.rollbacks.some((rb) => rb.user === m.from && m.atMs <= rb.atMs && !acceptedBy(ctx, to, m.messageId, rb.atMs));
  if (unsaid) return true;
  const rollbacks = ctx.run.rollbacks.filter((rb) => rb.user === to);
  if (rollbacks.length === 0) return false;
  const handed = pairwiseHanded(ctx);
  return rollbacks.some((rb) => {
    if (m.atMs <= rb.atMs) return !acceptedBy(ctx, to, m.messageId, rb.atMs);
    if (m.kind === 'group') return !backInRoom(ctx, handed, m, to, rb);
    return onDroppedSessions(ctx, handed, m.from, to, rb, m.atMs);
  });
}
