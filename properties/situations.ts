// Rare situations read from the simulator's ground truth (and the scenario), for the coverage gates
// where a judge's `exercised` list does not say it: a seizure while a party was cut
// off, a server seized past the TTL while a message still waited, an offline period, a faulty network.
import { DEFAULT_RETENTION_TTL_MS } from '../protocol/limits.ts';
import type { RunView } from '../sim/log/view.ts';
import type { RunSpec as Scenario } from '../sim/world/spec.ts';

export const SITUATION = {
  seizureInPartition: 'seizure during a partition',
  serverSeizedPastTtl: 'server seized past the TTL with a message undelivered',
  offlinePeriod: 'a party went offline',
  faultyNetwork: 'faulty network',
  maliciousServer: 'malicious server',
} as const;

/** A seize-phone or seize-server action while some party was partitioned (by the timeline). */
function seizureInPartition(s: Scenario): boolean {
  let cut = false;
  for (const a of s.timeline) {
    if (a.do === 'partition') cut = true;
    if (a.do === 'heal') cut = false;
    if (cut && (a.do === 'seize-phone' || a.do === 'seize-server')) return true;
  }
  return false;
}

/** A server seizure at t while a copy sent before t − TTL had not been accepted by its recipient. */
function serverSeizedPastTtl(s: Scenario, run: RunView): boolean {
  const ttl = s.server.retentionTtlMs ?? DEFAULT_RETENTION_TTL_MS;
  const { messages, accepted, serverSeizures } = run;
  return serverSeizures.some(({ atMs }) =>
    messages.some((m) => m.atMs + ttl < atMs && m.copies.some((c) => !accepted.some((a) => a.messageId === m.messageId && a.recipient === c.to && a.atMs <= atMs))),
  );
}

/** Every ground-truth situation this run produced. */
export function situationsOf(s: Scenario, run: RunView | undefined): string[] {
  const out: string[] = [];
  if (seizureInPartition(s)) out.push(SITUATION.seizureInPartition);
  if (run !== undefined && serverSeizedPastTtl(s, run)) out.push(SITUATION.serverSeizedPastTtl);
  if (s.timeline.some((a) => a.do === 'offline')) out.push(SITUATION.offlinePeriod);
  if (s.network !== undefined) out.push(SITUATION.faultyNetwork);
  if (s.server.mode === 'malicious') out.push(SITUATION.maliciousServer);
  return out;
}
