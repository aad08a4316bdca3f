// Judges of the operator's promises: SEC-RETENTION (what an honest server may still hold at each
// seizure) and SEC-WARRANT (the published report, notifications and content refusals against
// ground truth).
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { checkNotifications, checkTransparency, checkWarrantContent } from '../checkers/index.ts';
import { decodeStoredEnvelope } from '../../sim/server/index.ts';
import type { ServerSeizure } from '../../sim/log/events.ts';
import { AT_REST_DOMAIN, recoverRecords } from '../../sim/storage/sealedRecord.ts';
import type { JudgeContext } from './context.ts';
import { judgement, outsideThePromise, type Judgement } from './verdict.ts';

/** An ack reaches the server within this of the recipient accepting (a few network hops and a retry). */
const ACK_SLACK_MS = 2 * 60 * 1000;

/**
 * Every at-rest record a seizure holds, found the way a forensic tool would: framed sealed
 * records anywhere in the seized bytes — live records, database files with their free pages, WAL and
 * journal, backups — opened with the seized at-rest key. A "deleted" record still on the medium counts.
 */
function openRecords(seizure: ServerSeizure): { label: string; envelopeId: string; storedAtMs: number }[] {
  const key = seizure.atRestKeys[0];
  if (key === undefined) return [];
  const sealKey = { provider: nativeProvider, key, domain: AT_REST_DOMAIN };
  const out: { label: string; envelopeId: string; storedAtMs: number }[] = [];
  for (const item of seizure.items) {
    if (item.label.startsWith('archive/')) continue; // the curious server's plaintext archive: not at-rest storage
    for (const r of recoverRecords(sealKey, [item.bytes]).records) {
      if (!r.label.startsWith('record/')) continue;
      const s = decodeStoredEnvelope(r.payload);
      out.push({ label: item.label.endsWith(r.label) ? item.label : `${r.label} in ${item.label}`, envelopeId: s.envelope.id, storedAtMs: s.storedAtMs });
    }
  }
  return out;
}

/** Exercised by SEC-RETENTION whenever a seizure (the end-of-run one included) took a store that relayed messages. */
const STORE_SEIZED_WITH_MESSAGES = 'server store seized after relaying messages';

export function judgeRetention(ctx: JudgeContext): Judgement {
  const run = ctx.run;
  if (run.settings.serverMode !== 'honest') return outsideThePromise('SEC-RETENTION', `the retention policy binds the honest server; a ${run.settings.serverMode} server keeps what it likes`);
  const ttl = run.settings.retentionTtlMs;
  const violations: string[] = [];
  const exercised = new Set<string>();
  const acceptedAt = new Map<string, number>();
  for (const m of run.messages) {
    for (const c of m.copies) {
      const a = run.accepted.find((x) => x.messageId === m.messageId && x.recipient === c.to);
      if (a !== undefined) acceptedAt.set(c.envelopeId, a.atMs);
    }
  }
  for (const seizure of [...run.serverSeizures, ctx.finalServer]) {
    const t = seizure.atMs;
    for (const r of openRecords(seizure)) {
      const acked = acceptedAt.get(r.envelopeId);
      if (acked !== undefined && acked + ACK_SLACK_MS < t) {
        exercised.add('seizure after delivery');
        violations.push(`seizure at ${t} ms holds ${r.label}, delivered at ${acked} ms`);
      } else if (r.storedAtMs + ttl < t) {
        exercised.add('seizure after the retention TTL');
        violations.push(`seizure at ${t} ms holds ${r.label}, stored at ${r.storedAtMs} ms, past the ${ttl} ms TTL`);
      }
    }
    if ([...acceptedAt.values()].some((a) => a + ACK_SLACK_MS < t)) exercised.add('seizure after delivery');
    const expiredUndelivered = run.messages.some((m) => m.copies.some((c) => !acceptedAt.has(c.envelopeId) && m.atMs + ttl < t));
    if (expiredUndelivered) exercised.add('seizure after the retention TTL');
    // At rest, nothing is readable without the key: no raw envelope body may appear in a seized item.
    for (const m of run.messages) {
      for (const c of m.copies) {
        exercised.add(STORE_SEIZED_WITH_MESSAGES);
        const probe = Buffer.from(c.wire.subarray(Math.max(0, c.wire.length - 48)));
        if (seizure.items.some((i) => Buffer.from(i.bytes).indexOf(probe) >= 0)) violations.push(`seizure at ${t} ms holds ${c.envelopeId} unencrypted at rest`);
      }
    }
  }
  return judgement('SEC-RETENTION', [...new Set(violations)], [...exercised]);
}

export function judgeWarrant(ctx: JudgeContext): Judgement {
  const run = ctx.run;
  const report = run.report;
  if (report === undefined) return judgement('SEC-WARRANT', ['the operator published no transparency report for the run'], []);
  const violations = [...checkTransparency(run.truth, report), ...checkNotifications(run.truth, ctx.endMs), ...checkWarrantContent(run.truth.returns(), run.truth.privacyModeEnvelopeIds())].map(
    (v) => v.detail,
  );
  const exercised = new Set<string>();
  for (const e of run.truth.events) {
    if (e.kind === 'warrant-served') exercised.add(e.warrant.gagUntilMs === undefined ? 'warrant served' : 'warrant under a gag');
    if (e.kind === 'server-seized' || e.kind === 'phone-seized') exercised.add('seizure');
  }
  return judgement('SEC-WARRANT', violations, [...exercised]);
}
