// Renders a TransparencyReport as the Markdown an operator would publish (docs/reports.md:
// "reads like an operator's published report, generated from a run"). Every sentence is computed
// from the report data; the "conversation content disclosed: none" line appears only when it is true.
import type { ReportedOutcome, ReportedSeizure, TransparencyReport } from './transparencyReport.ts';
import type { DataCategory } from './warrant.ts';

const DAY_MS = 86_400_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Simulated-clock time as `T+2d 03:04:05` (ms appended when not a whole second). */
export function formatSimTime(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const rest = ms - days * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const frac = rest % 1000;
  return `T+${days}d ${pad2(h)}:${pad2(m)}:${pad2(s)}${frac === 0 ? '' : `.${String(frac).padStart(3, '0')}`}`;
}

const CATEGORY_NAME: Record<DataCategory, string> = {
  content: 'Conversation content (stored privacy-mode messages)',
  metadata: 'Metadata (sender, recipient, time, size bucket)',
  keys: 'Key-directory entries (public keys)',
};
const OUTCOME_NAME: Record<ReportedOutcome, string> = {
  'complied-in-full': 'Complied in full',
  'complied-in-part': 'Complied in part',
  refused: 'Refused',
  pending: 'Pending at period end',
};
const CATEGORIES: readonly DataCategory[] = ['content', 'metadata', 'keys'];
const OUTCOMES: readonly ReportedOutcome[] = ['complied-in-full', 'complied-in-part', 'refused', 'pending'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function contentLine(r: TransparencyReport): string {
  if (r.conversationContentDisclosed === 0) return '**Conversation content disclosed: none.**';
  const returns = r.disclosedByCategory.content.returns;
  return `**Conversation content disclosed: ${plural(r.conversationContentDisclosed, 'record')} under ${plural(returns, 'warrant')}.**`;
}

function summary(r: TransparencyReport): string[] {
  return [
    '## Summary',
    '',
    `- Warrants received: ${r.warrants.received}`,
    `- Warrant returns made: ${r.returns.length}`,
    `- Accounts affected by disclosures: ${r.accountsAffected}`,
    `- Seizures: ${plural(r.seizures.server, 'server seizure')}, ${plural(r.seizures.phone, 'phone seizure')}`,
    `- ${contentLine(r)}`,
    '',
  ];
}

function warrantsSection(r: TransparencyReport): string[] {
  const w = r.warrants;
  const lines = [
    '## Warrants received',
    '',
    `We received ${plural(w.received, 'warrant')} in this period: ${w.byTarget.user} naming an account, ${w.byTarget.room} naming a room; ${w.withGag} came with a gag order.`,
    '',
  ];
  lines.push('| Data demanded | Warrants |', '| --- | ---: |');
  for (const c of CATEGORIES) lines.push(`| ${CATEGORY_NAME[c]} | ${w.byScope[c]} |`);
  lines.push('', '## Outcome', '', '| Outcome | Warrants |', '| --- | ---: |');
  for (const o of OUTCOMES) lines.push(`| ${OUTCOME_NAME[o]} | ${w.byOutcome[o]} |`);
  lines.push('');
  return lines;
}

function disclosuresSection(r: TransparencyReport): string[] {
  const lines = ['## Data disclosed', '', contentLine(r), '', '| Category | Returns | Records |', '| --- | ---: | ---: |'];
  for (const c of CATEGORIES) lines.push(`| ${CATEGORY_NAME[c]} | ${r.disclosedByCategory[c].returns} | ${r.disclosedByCategory[c].records} |`);
  lines.push('');
  if (r.returns.length === 0) return [...lines, 'No warrant returns were made in this period.', ''];
  lines.push('| Warrant | Answered | Outcome | Disclosed | Refused | Accounts |', '| --- | --- | --- | --- | --- | ---: |');
  for (const ret of r.returns) {
    const disclosed = ret.disclosed.map((d) => `${d.category}: ${d.recordCount}`).join(', ') || '—';
    const refused = ret.refused.join(', ') || '—';
    lines.push(`| ${ret.warrantId} | ${formatSimTime(ret.returnedAtMs)} | ${OUTCOME_NAME[ret.outcome]} | ${disclosed} | ${refused} | ${ret.accountsAffected} |`);
  }
  lines.push('');
  return lines;
}

function accountsAndNotices(r: TransparencyReport): string[] {
  const n = r.notifications;
  return [
    '## Accounts affected',
    '',
    `Records of ${plural(r.accountsAffected, 'account')} were handed over in this period.`,
    '',
    '## User notifications',
    '',
    `- Notifications sent: ${n.sent}`,
    `- Pending under a gag order at period end: ${n.pendingUnderGag}`,
    `- Due but not yet sent at period end: ${n.overdue}`,
    '',
  ];
}

function seizureRow(s: ReportedSeizure): string {
  if (s.kind === 'phone') return `| ${formatSimTime(s.atMs)} | Phone | one device's stored state |`;
  return `| ${formatSimTime(s.atMs)} | Server | ${plural(s.itemCount, 'stored item')}; at-rest keys ${s.atRestKeysTaken ? 'taken' : 'not taken'} |`;
}

function seizuresSection(r: TransparencyReport): string[] {
  const s = r.seizures;
  const lines = ['## Seizures', '', `${plural(s.server, 'server seizure')} and ${plural(s.phone, 'phone seizure')} (${plural(s.phoneAccounts, 'account')}) in this period.`, ''];
  if (s.list.length === 0) return lines;
  lines.push('| When | What | Taken |', '| --- | --- | --- |', ...s.list.map(seizureRow), '');
  return lines;
}

export function renderTransparencyMarkdown(r: TransparencyReport): string {
  const header = [`# Transparency report — ${r.operator}`, '', `Period: ${formatSimTime(r.period.fromMs)} to ${formatSimTime(r.period.toMs)} (simulated clock; the end is exclusive).`, ''];
  const footer = ['---', '', `Generated from the operator's transparency ledger (${r.format}).`, ''];
  return [...header, ...summary(r), ...warrantsSection(r), ...disclosuresSection(r), ...accountsAndNotices(r), ...seizuresSection(r), ...footer].join('\n');
}
