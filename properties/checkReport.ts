// What `sealroom check` prints (CLI contract): the JSON object other tools read, and the
// human summary — for a failure: seed, fast-check path, the command that replays it, and the
// counterexample scenario file; for a coverage shortfall: which rare situations were too rare.
import type { VariantName } from '../protocol/variant.ts';
import type { CampaignResult } from './campaignRun.ts';

export interface CheckHeader {
  readonly variant: VariantName;
  readonly seed: number;
  /** Runs asked for per property; null: each property's default budget. */
  readonly runs: number | null;
  readonly shard: string | null;
}

/** Violations quoted per failing property. */
const QUOTED_VIOLATIONS = 3;

export function checkJson(h: CheckHeader, results: readonly CampaignResult[]): object {
  return {
    variant: h.variant,
    seed: h.seed,
    runs: h.runs,
    shard: h.shard,
    results: results.map((r) => ({
      property: r.property,
      status: r.status,
      runs: r.runs,
      seed: r.seed,
      reason: r.reason,
      coverage: r.coverage.map((c) => ({ situation: c.situation, hits: c.hits, runs: c.runs, minShare: c.minShare, met: c.met })),
      counterexample:
        r.counterexample === null
          ? null
          : {
              scenarioFile: r.counterexample.scenarioFile,
              replay: r.counterexample.replay,
              path: r.counterexample.path,
              violations: r.counterexample.violations.slice(0, QUOTED_VIOLATIONS),
            },
    })),
  };
}

function resultText(r: CampaignResult): string[] {
  const cover = r.coverage.map((c) => `${c.situation} ${c.hits}/${c.runs}`).join('; ');
  if (r.status === 'pass') return [`PASS ${r.property}  ${r.runs} runs, seed ${r.seed}  (${cover})`];
  if (r.counterexample === null) return [`FAIL ${r.property}  coverage too low in ${r.runs} runs, seed ${r.seed}:`, ...r.shortfall.map((s) => `       ${s}`)];
  const cx = r.counterexample;
  return [
    `FAIL ${r.property}  counterexample after ${r.runs} runs (${cx.shrinks} shrinks)`,
    ...cx.violations.slice(0, QUOTED_VIOLATIONS).map((v) => `       ${v}`),
    `       seed ${r.seed}, path ${cx.path}`,
    `       replay: ${cx.replay}`,
    ...(cx.scenarioFile === null ? [] : [`       scenario: ${cx.scenarioFile}`]),
  ];
}

export function checkText(h: CheckHeader, results: readonly CampaignResult[]): string {
  const failed = results.filter((r) => r.status === 'fail').length;
  const lines = [
    `sealroom check — variant ${h.variant}, seed ${h.seed}${h.shard === null ? '' : `, shard ${h.shard}`}`,
    ...results.flatMap(resultText),
    failed === 0 ? `all ${results.length} properties hold` : `${failed} of ${results.length} properties failed`,
  ];
  return `${lines.join('\n')}\n`;
}
