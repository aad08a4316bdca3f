// User notifications owed under the warrant policy (docs/properties.md promise 5, SEC-WARRANT):
// one per affected account per disclosure, at the return if there is no gag, else when the gag expires.
// comply-silently owes none by its own policy (the checkers still count that as a violation).
import type { UserId } from '../../protocol/ids.ts';
import type { LedgerView, WarrantReturnedEntry } from './ledger.ts';

export interface NotificationDue {
  readonly warrantId: string;
  readonly userId: UserId;
  readonly dueAtMs: number;
}

/** When the users affected by a return may and must be told: the return itself, or the gag's end if later. */
export function notificationTime(entry: Pick<WarrantReturnedEntry, 'atMs' | 'gagUntilMs'>): number {
  return entry.gagUntilMs === undefined ? entry.atMs : Math.max(entry.atMs, entry.gagUntilMs);
}

const key = (warrantId: string, userId: UserId) => `${warrantId}\u0000${userId}`;

/** Every notification the operator's own policy owes, sent or not, in ledger order. */
export function notificationsOwed(ledger: LedgerView): NotificationDue[] {
  const owed: NotificationDue[] = [];
  for (const e of ledger.entries) {
    if (e.kind !== 'warrant-returned' || !e.notifyUsers) continue;
    const dueAtMs = notificationTime(e);
    for (const userId of e.affectedUsers) owed.push({ warrantId: e.warrantId, userId, dueAtMs });
  }
  return owed;
}

function sentKeys(ledger: LedgerView, beforeOrAtMs: number): Set<string> {
  const sent = new Set<string>();
  for (const e of ledger.entries) {
    if (e.kind === 'notification-sent' && e.atMs <= beforeOrAtMs) sent.add(key(e.warrantId, e.userId));
  }
  return sent;
}

/** Notifications that must go out now: owed, due at or before `nowMs`, not yet sent. */
export function notificationsDue(ledger: LedgerView, nowMs: number): NotificationDue[] {
  const sent = sentKeys(ledger, nowMs);
  return notificationsOwed(ledger).filter((n) => n.dueAtMs <= nowMs && !sent.has(key(n.warrantId, n.userId)));
}

/** Notifications held back by a gag at `nowMs` (owed, due later, not sent). */
export function notificationsPendingUnderGag(ledger: LedgerView, nowMs: number): NotificationDue[] {
  const sent = sentKeys(ledger, nowMs);
  return notificationsOwed(ledger).filter((n) => n.dueAtMs > nowMs && !sent.has(key(n.warrantId, n.userId)));
}
