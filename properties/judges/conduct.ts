// Judges of what parties did and accepted: SEC-MITM (no plaintext to a substituted key before a
// warning), SEC-INTEGRITY (only what was sent, once; refusals change nothing) and LIVE-DELIVERY
// (with an honest network path, everything sent arrives exactly once).
import { equalBytes } from '../../protocol/bytes.ts';
import { isGenuine, isUnverifiedFirstContact, type JudgeContext } from './context.ts';
import { judgement, type Judgement } from './verdict.ts';

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

export function judgeIntegrity(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  const violations: string[] = [];
  const exercised = new Set<string>();
  const seen = new Map<string, number>();
  for (const a of record.accepted) {
    const m = record.messages.find((x) => x.messageId === a.messageId);
    const genuine = m !== undefined && m.from === a.claimedFrom && m.recipients.includes(a.recipient) && m.room === a.room && equalBytes(m.body, a.body);
    if (!genuine) {
      violations.push(`${a.recipient} accepted ${a.messageId} "from ${a.claimedFrom}" in ${a.room}, which ${a.claimedFrom} never sent it`);
      continue;
    }
    const key = `${a.messageId}\u0000${a.recipient}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 2) violations.push(`${a.recipient} accepted ${a.messageId} more than once (replay)`);
  }
  for (const r of record.refusals) {
    exercised.add(`refused ${r.code}`);
    if (!r.stateUnchanged) violations.push(`${r.device} refused a message (${r.code}) at ${r.atMs} ms but its stored state changed`);
  }
  return judgement('SEC-INTEGRITY', violations, [...exercised]);
}

export function judgeDelivery(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  if (record.settings.serverMode === 'malicious') return judgement('LIVE-DELIVERY', [], []); // the promise assumes the server relays
  const violations: string[] = [];
  const exercised = new Set<string>();
  const count = new Map<string, number>();
  for (const a of record.accepted) count.set(`${a.messageId}\u0000${a.recipient}`, (count.get(`${a.messageId}\u0000${a.recipient}`) ?? 0) + 1);
  const ttl = ctx.run.settings.retentionTtlMs;
  // Past the limits the promise covers: the recipient stayed offline for the whole retention period,
  // so an honest server erased the undelivered copy (SEC-RETENTION) before it could be collected.
  const expiredWhileOffline = (to: string, sentAt: number) =>
    record.offline.some((o) => o.user === to && o.fromMs <= sentAt && (o.toMs === undefined || o.toMs >= sentAt + ttl));
  for (const m of record.messages) {
    for (const c of m.copies) {
      if (!isGenuine(ctx, c) || isUnverifiedFirstContact(ctx, m, c)) continue;
      if (expiredWhileOffline(c.to, m.atMs)) {
        exercised.add('recipient offline past the retention TTL (copy expired by policy)');
        continue;
      }
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
