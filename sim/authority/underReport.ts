// The malicious operator's 'under-report' action (the threat model, docs/threat-model.md: "lie in the transparency
// report"; ): it publishes from a doctored copy of its ledger, so the report is
// self-consistent but lower. Only a comparison with the simulator's ground truth can catch it.
import { UsageError } from '../../protocol/errors.ts';
import type { LedgerEntry, LedgerView } from './ledger.ts';

export interface UnderReport {
  /** Leave out the first N warrants received (with their returns and notifications). */
  readonly hideWarrants: number;
  /** Leave out the first N seizures (server or phone). */
  readonly hideSeizures: number;
  /** Publish each disclosed record count lowered by this percentage (0..100, rounded down). */
  readonly shrinkRecordsPercent: number;
}

function checkCount(n: number, field: string, max: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new UsageError(`underReport.${field}: expected an integer in 0..${max}, got ${n}`);
}

/** A doctored copy of the ledger that the lying operator publishes from. The ledger itself is untouched. */
export function underReportedLedger(ledger: LedgerView, lie: UnderReport): LedgerView {
  checkCount(lie.hideWarrants, 'hideWarrants', Number.MAX_SAFE_INTEGER);
  checkCount(lie.hideSeizures, 'hideSeizures', Number.MAX_SAFE_INTEGER);
  checkCount(lie.shrinkRecordsPercent, 'shrinkRecordsPercent', 100);
  const hiddenWarrants = new Set<string>();
  let seizuresHidden = 0;
  const out: LedgerEntry[] = [];
  for (const e of ledger.entries) {
    switch (e.kind) {
      case 'warrant-received':
        if (hiddenWarrants.size < lie.hideWarrants) hiddenWarrants.add(e.warrant.id);
        else out.push(e);
        break;
      case 'warrant-returned':
      case 'notification-sent':
        if (hiddenWarrants.has(e.warrantId)) break;
        if (e.kind === 'notification-sent') out.push(e);
        else out.push({ ...e, disclosed: e.disclosed.map((d) => ({ ...d, recordCount: Math.floor((d.recordCount * (100 - lie.shrinkRecordsPercent)) / 100) })) });
        break;
      case 'server-seizure':
      case 'phone-seizure':
        if (seizuresHidden < lie.hideSeizures) seizuresHidden++;
        else out.push(e);
        break;
    }
  }
  return { entries: out };
}
