// SEC-WARRANT, the "told" half (docs/properties.md promise 5): every account affected by a disclosure gets
// exactly one notification, at the return if there was no gag, else when the gag expires — never
// before. Judged from ground truth only; the operator's own policy (e.g. comply-silently) is no excuse.
import type { UserId } from '../../protocol/ids.ts';
import type { GroundTruth } from '../../sim/log/truth.ts';
import { type Violation, violation } from './violation.ts';
import { NOTIFICATION_GRACE_MS } from './warrantCheck.ts';

const key = (warrantId: string, userId: UserId) => `${warrantId}\u0000${userId}`;

/** Violations as of `nowMs`; a notification not yet late (due + grace still ahead) is not one. */
export function checkNotifications(gt: GroundTruth, nowMs: number, graceMs = NOTIFICATION_GRACE_MS): Violation[] {
  const sentAt = new Map<string, number[]>();
  for (const e of gt.events) {
    if (e.kind !== 'notification-sent' || e.atMs > nowMs) continue;
    const k = key(e.warrantId, e.userId);
    sentAt.set(k, [...(sentAt.get(k) ?? []), e.atMs]);
  }
  const out: Violation[] = [];
  const owed = new Set<string>();
  for (const e of gt.events) {
    if (e.kind !== 'warrant-returned' || e.atMs > nowMs) continue;
    const gag = gt.warrant(e.ret.warrantId)?.gagUntilMs;
    const due = gag === undefined ? e.atMs : Math.max(e.atMs, gag);
    for (const user of gt.affectedBy(e.ret)) {
      const k = key(e.ret.warrantId, user);
      owed.add(k);
      const times = sentAt.get(k) ?? [];
      const what = `user ${user}, warrant ${e.ret.warrantId} (due ${due} ms)`;
      const first = times[0];
      if (first === undefined) {
        if (nowMs > due + graceMs) out.push(violation('SEC-WARRANT', `${what}: never notified by ${nowMs} ms`));
        continue;
      }
      if (gag !== undefined && first < gag) out.push(violation('SEC-WARRANT', `${what}: notified at ${first} ms, before the gag expired at ${gag} ms`));
      if (first > due + graceMs) out.push(violation('SEC-WARRANT', `${what}: notified late, at ${first} ms`));
      if (times.length > 1) out.push(violation('SEC-WARRANT', `${what}: notified ${times.length} times, expected once`));
    }
  }
  for (const k of sentAt.keys()) {
    if (!owed.has(k)) out.push(violation('SEC-WARRANT', `notification ${k.replace('\u0000', ' → ')} matches no disclosure that affected that user`));
  }
  return out;
}
