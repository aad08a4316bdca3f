// When a session heals after a theft, and the group half of SEC-PCS (docs/properties.md). Both are
// judged from the simulator's record of who sent what to whom and when — never from an engine's
// state — so they hold any engine to the same bound.
import { SENDER_KEY_LIFETIME_MS } from '../../protocol/limits.ts';
import type { PhoneSeizure } from '../../sim/log/events.ts';
import { pairwiseHanded, type JudgeContext } from './context.ts';

/**
 * After a theft, the moment the session between victim and peer healed, judged from the message flow
 * alone (so it holds for any engine): two full round trips completed after the theft — peer → victim
 * → peer → victim → peer, each message sent after the previous one arrived. In the Double Ratchet the
 * first round trip can still run on a ratchet key the victim made before the theft; the second carries
 * one made after it, which the thief lacks. Messages the peer sends after that must be secret again.
 */
export function healedAt(ctx: JudgeContext, theft: PhoneSeizure, peer: string): number | undefined {
  const sentAt = (id: string) => ctx.run.messages.find((m) => m.messageId === id)?.atMs ?? -1;
  // Only 1:1 messages step the pair's ratchet: a group message rides on sender keys, not on it.
  const direct = new Set(ctx.run.settings.rooms.filter((r) => r.kind === 'direct').map((r) => r.id));
  let t = theft.atMs;
  const legs: [string, string][] = [
    [peer, theft.user],
    [theft.user, peer],
    [peer, theft.user],
    [theft.user, peer],
  ];
  for (const [from, to] of legs) {
    const a = ctx.run.accepted.find((x) => x.recipient === to && x.claimedFrom === from && direct.has(x.room) && sentAt(x.messageId) > t);
    if (a === undefined) return undefined;
    t = a.atMs;
  }
  return t;
}

/** Exercised by SEC-PCS when a group message was sent a sender-key lifetime after the sessions it depends on healed. */
export const GROUP_MESSAGE_AFTER_HEALING = 'group message a sender-key lifetime after healing';

/**
 * When a group message from `sender` must be secret from a thief of `victim`'s phone: a sender-key
 * lifetime after the sessions that carry the sender's next chain healed. Another member's next chain
 * reaches the victim over their 1:1 session; the victim's own reaches every other member over theirs,
 * so all of them must have healed. Undefined while one has not.
 */
function secretAfter(ctx: JudgeContext, theft: PhoneSeizure, sender: string, recipients: readonly string[]): number | undefined {
  const peers = sender === theft.user ? recipients.filter((r) => r !== theft.user) : [sender];
  let latest = theft.atMs;
  for (const p of peers) {
    const h = healedAt(ctx, theft, p);
    if (h === undefined) return undefined;
    latest = Math.max(latest, h);
  }
  return peers.length === 0 ? undefined : latest + SENDER_KEY_LIFETIME_MS;
}

/**
 * The group half of SEC-PCS: sender keys only hash forward, so a room heals only when its members turn
 * their sender chains over; once the sessions that carry the next chains healed and a sender-key
 * lifetime passed, a group message the thief's copy (as stolen, reading every pairwise envelope to
 * the victim since) opens is a violation.
 */
export function judgeGroupHealing(ctx: JudgeContext, theft: PhoneSeizure, violations: string[], exercised: string[]): void {
  const reads = ctx.oracle.stolenGroupReads;
  if (reads === undefined) return;
  const after = ctx.run.messages.filter((m) => m.kind === 'group' && m.atMs > theft.atMs && m.copies[0] !== undefined && (m.from === theft.user || m.recipients.includes(theft.user)));
  const due = new Map<string, number>();
  for (const m of after) {
    const t = secretAfter(ctx, theft, m.from, m.recipients);
    if (t !== undefined && m.atMs > t) due.set(m.messageId, t);
  }
  if (due.size === 0) return;
  exercised.push(GROUP_MESSAGE_AFTER_HEALING);
  const relayed = pairwiseHanded(ctx).filter((e) => e.to === theft.user && e.atMs >= theft.atMs);
  const messages = after.map((m) => ({ label: m.messageId, wire: (m.copies[0] as { wire: Uint8Array }).wire, atMs: m.atMs }));
  for (const label of reads(theft.exported, theft.user, relayed, messages)) {
    const t = due.get(label);
    if (t !== undefined)
      violations.push(`the copy of ${theft.user}'s phone stolen at ${theft.atMs} ms still reads group message ${label}, sent after its sender keys were due to turn over at ${t} ms`);
  }
}
