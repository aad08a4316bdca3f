// `--sarif FILE`: a check or merge result as SARIF 2.1.0 (OASIS Static Analysis Results Interchange
// Format), which code-scanning services show as findings. One rule per property checked (its promise
// as the description); one result per failing property, located at its counterexample scenario file
// or, for a coverage shortfall, at the campaign table that states the gates (properties/campaign.ts).

import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckJson, CheckResultJson } from '../../properties/checkReport.ts';
import { shortfallOf } from '../../properties/checkReport.ts';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where the campaigns and their coverage gates are stated: a coverage finding points here. */
const CAMPAIGN_TABLE_FILE = 'properties/campaign.ts';

export interface SarifContext {
  /** Paths inside it become relative URIs; others are file: URIs. */
  readonly cwd: string;
  readonly toolVersion: string;
  /** The catalogue's promise of a property, or null when it has none. */
  readonly promise: (property: string) => string | null;
  readonly exitCode: number;
}

function uriOf(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(file).href;
  return rel.split(sep).join('/');
}

function messageOf(j: CheckJson, r: CheckResultJson): string {
  const cx = r.counterexample;
  if (cx === null) return `${r.property} on the ${j.variant} variant: coverage too low over ${r.runs} runs: ${shortfallOf(r).join('; ')}`;
  const what = cx.crash === null ? (cx.violations[0] ?? 'the property failed') : `the run crashed: ${cx.crash}`;
  return `${r.property} fails on the ${j.variant} variant: ${what}. Replay: ${cx.replay}`;
}

function resultOf(j: CheckJson, r: CheckResultJson, ruleIndex: number, ctx: SarifContext): object {
  const cx = r.counterexample;
  const file = cx?.scenarioFile ?? null;
  const location = file === null ? { uri: CAMPAIGN_TABLE_FILE } : { uri: uriOf(file, ctx.cwd) };
  return {
    ruleId: r.property,
    ruleIndex,
    kind: 'fail',
    level: 'error',
    message: { text: messageOf(j, r) },
    locations: [{ physicalLocation: { artifactLocation: location } }],
    partialFingerprints: { campaign: `${r.property}/${j.variant}/${j.seed}/${cx?.path ?? 'coverage'}` },
    properties: {
      seed: String(r.seed),
      runs: r.runs,
      reason: r.reason,
      ...(cx === null ? {} : { path: cx.path, replay: cx.replay, violations: cx.violations }),
    },
  };
}

export function checkSarif(j: CheckJson, ctx: SarifContext): object {
  const properties = j.results.map((r) => r.property);
  const rules = properties.map((id) => ({
    id,
    shortDescription: { text: ctx.promise(id) ?? id },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'privacy-mode'] },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sealroom', version: ctx.toolVersion, rules } },
        automationDetails: { id: `sealroom-check/${j.variant}/${j.seed}/` },
        invocations: [{ executionSuccessful: ctx.exitCode === 0 || ctx.exitCode === 1, exitCode: ctx.exitCode }],
        results: j.results.flatMap((r, i) => (r.status === 'fail' ? [resultOf(j, r, i, ctx)] : [])),
      },
    ],
  };
}
