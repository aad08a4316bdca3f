// The terminal view of one scenario run (`sealroom scenario run|replay`, `sealroom sim`): a compact
// property → verdict (expected) table (cli-table3, through terminalTable.ts) with ✓/✗ and the first
// violations under each row. Pure: rows in, text out.
import { terminalTableLines } from '../render/terminalTable.ts';
import type { JudgementRow } from './runSummary.ts';

/** Violations shown per property in the terminal (the timeline page lists up to the judge's cap). */
export const VIOLATIONS_SHOWN_MAX = 2;
/** A violation line is cut to this many characters. */
const VIOLATION_CHARS_MAX = 160;

export interface VerdictTableInput {
  readonly scenario: string;
  readonly variant: string;
  readonly serverMode: string;
  readonly judgements: readonly JudgementRow[];
  readonly matches: boolean;
  readonly traceHash: string;
}

/** `✓` when the verdict meets its expectation, `✗` when not, blank when none was set. */
export function matchMark(verdict: string, expected: string | null): string {
  if (expected === null) return ' ';
  return verdict === expected ? '✓' : '✗';
}

function cut(text: string): string {
  return text.length <= VIOLATION_CHARS_MAX ? text : `${text.slice(0, VIOLATION_CHARS_MAX - 1)}…`;
}

export function verdictTableText(r: VerdictTableInput): string {
  const rows = r.judgements.map((j) => [`${matchMark(j.verdict, j.expected)} ${j.property}`, j.verdict, j.expected ?? '—']);
  const [header = '', ...rowLines] = terminalTableLines([{ label: '  property' }, { label: 'verdict' }, { label: 'expected' }], rows);
  const lines = [`scenario ${r.scenario} — variant ${r.variant}, ${r.serverMode} server`, header];
  r.judgements.forEach((j, k) => {
    lines.push(rowLines[k] ?? '');
    for (const v of j.violations.slice(0, VIOLATIONS_SHOWN_MAX)) lines.push(`    ${cut(v)}`);
    if (j.violations.length > VIOLATIONS_SHOWN_MAX) lines.push(`    … and ${j.violations.length - VIOLATIONS_SHOWN_MAX} more`);
  });
  const unmet = r.judgements.filter((j) => j.expected !== null && j.expected !== j.verdict).length;
  lines.push(r.matches ? `every expectation met; trace ${r.traceHash.slice(0, 16)}…` : `${unmet} expectation(s) not met; trace ${r.traceHash.slice(0, 16)}…`);
  return `${lines.join('\n')}\n`;
}
