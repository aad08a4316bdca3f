// Engines side by side: every property campaign, at its default budget and one seed, on each engine
// named (`sealroom engines --verdicts`): pass, fail (with the first violation), or not applicable
// (with the reason). The table the README shows for the engines under the judge is this one's output.
import { CAMPAIGNS } from './campaign.ts';
import { runCampaign } from './campaignRun.ts';
import type { CampaignPropertyId } from './outcome.ts';

interface EngineVerdict {
  readonly property: CampaignPropertyId;
  readonly verdict: 'pass' | 'fail' | 'not applicable';
  /** The first violation of a failure, the shortfall of a coverage failure, or why it is not applicable. */
  readonly why?: string;
  readonly runs: number;
}

export interface EngineColumn {
  /** The engine as named to the judge: a registered name or `exec:COMMAND`; undefined for the reference's own phones. */
  readonly engine: string | undefined;
  readonly label: string;
  readonly verdicts: readonly EngineVerdict[];
}

export function engineColumn(engine: string | undefined, label: string, seed: number, properties?: readonly string[], onProgress?: (line: string) => void): EngineColumn {
  const verdicts: EngineVerdict[] = [];
  for (const c of CAMPAIGNS) {
    if (properties !== undefined && !properties.includes(c.id)) continue;
    const why = c.unsupported('reference', engine);
    if (why !== null) {
      verdicts.push({ property: c.id, verdict: 'not applicable', why: why.replace(/^not applicable: /, ''), runs: 0 });
      continue;
    }
    onProgress?.(`${label}: ${c.id}, ${c.defaultRuns} runs`);
    const r = runCampaign({ property: c.id, variant: 'reference', seed, runs: c.defaultRuns, ...(engine === undefined ? {} : { engine }) });
    const first = r.counterexample?.violations[0] ?? r.shortfall[0];
    verdicts.push({ property: c.id, verdict: r.status, runs: r.runs, ...(r.status === 'fail' && first !== undefined ? { why: first } : {}) });
  }
  return { engine, label, verdicts };
}

/** A Markdown table: properties down, engines across; each failure's first violation in a footnote list. */
export function engineVerdictsMarkdown(columns: readonly EngineColumn[], seed: number): string {
  const properties = [...new Set(columns.flatMap((c) => c.verdicts.map((v) => v.property)))];
  const notes: string[] = [];
  const cell = (col: EngineColumn, p: CampaignPropertyId): string => {
    const v = col.verdicts.find((x) => x.property === p);
    if (v === undefined) return '—';
    if (v.verdict === 'pass') return 'pass';
    if (v.verdict === 'not applicable') return 'n/a';
    notes.push(`- ${col.label}, ${p}: ${v.why ?? 'failed'}`);
    return `**fail** [${notes.length}]`;
  };
  const lines = [`| property | ${columns.map((c) => c.label).join(' | ')} |`, `| --- | ${columns.map(() => '---').join(' | ')} |`];
  for (const p of properties) lines.push(`| ${p} | ${columns.map((c) => cell(c, p)).join(' | ')} |`);
  return `${lines.join('\n')}\n\nSeed ${seed}, each property's default budget; n/a: the engine lacks what the property needs, or the judge does not model it.\n${notes.length === 0 ? '' : `\n${notes.map((n, i) => n.replace(/^- /, `${i + 1}. `)).join('\n')}\n`}`;
}
