// What `sealroom check` prints (CLI contract): the JSON object other tools read (and `sealroom merge`
// combines), and the human summary — for a failure: seed, fast-check path, the command that replays it,
// and the counterexample scenario file; for a coverage shortfall: which rare situations were too rare.
import type { VariantName } from '../protocol/variant.ts';
import type { CampaignResult } from './campaignRun.ts';

export const CHECK_JSON_FORMAT = 'sealroom-check/1';

export interface CheckHeader {
  readonly variant: VariantName;
  /** The engine judged, when not the variant's own (a registered name or `exec:COMMAND`). */
  readonly engine?: string;
  readonly seed: number | bigint;
  /** Runs asked for per property; null: each property's default budget. */
  readonly runs: number | null;
  readonly shard: string | null;
}

export interface CoverageJson {
  readonly situation: string;
  readonly hits: number;
  readonly runs: number;
  readonly minShare: number;
  readonly met: boolean;
}

export interface CheckResultJson {
  readonly property: string;
  readonly status: 'pass' | 'fail';
  readonly runs: number;
  readonly seed: number | string;
  /** Index of the first run in the whole campaign (0 unless this is a shard). */
  readonly firstRun: number;
  readonly reason: 'counterexample' | 'coverage' | null;
  readonly coverage: readonly CoverageJson[];
  readonly counterexample: {
    readonly scenarioFile: string | null;
    readonly replay: string;
    /** fast-check path, counted over the whole campaign (a shard's runs included). */
    readonly path: string;
    readonly violations: readonly string[];
    readonly shrinks: number;
    /** Set when the run threw: a bug in sealroom, not a verdict on the protocol. */
    readonly crash: string | null;
  } | null;
}

export interface CheckJson {
  readonly format: typeof CHECK_JSON_FORMAT;
  readonly variant: string;
  /** The engine judged, when not the variant's own. */
  readonly engine?: string;
  /** A number while exact (up to 2^53 − 1), else the decimal string of the 64-bit seed. */
  readonly seed: number | string;
  readonly runs: number | null;
  readonly shard: string | null;
  /** `deferred` for a shard: its coverage is reported, and the gates apply to the merged result. */
  readonly coverageGate: 'applied' | 'deferred';
  /** For `sealroom merge`: the shards combined. */
  readonly merged?: readonly string[];
  readonly results: readonly CheckResultJson[];
}

/** Violations quoted per failing property. */
const QUOTED_VIOLATIONS = 3;

function seedJson(seed: number | bigint): number | string {
  const big = BigInt(seed);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

export function checkJson(h: CheckHeader, results: readonly CampaignResult[]): CheckJson {
  return {
    format: CHECK_JSON_FORMAT,
    variant: h.variant,
    ...(h.engine === undefined ? {} : { engine: h.engine }),
    seed: seedJson(h.seed),
    runs: h.runs,
    shard: h.shard,
    coverageGate: h.shard === null ? 'applied' : 'deferred',
    results: results.map((r) => ({
      property: r.property,
      status: r.status,
      runs: r.runs,
      seed: seedJson(r.seed),
      firstRun: r.firstRun,
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
              shrinks: r.counterexample.shrinks,
              crash: r.counterexample.crash ?? null,
            },
    })),
  };
}

/** The rare situations a result produced too rarely, one sentence each. */
export function shortfallOf(r: CheckResultJson): string[] {
  return r.coverage.filter((c) => !c.met).map((c) => `"${c.situation}" in ${c.hits} of ${c.runs} runs (needs ${Math.round(c.minShare * 100)}%)`);
}

function resultText(r: CheckResultJson, deferred: boolean): string[] {
  const cover = r.coverage.map((c) => `${c.situation} ${c.hits}/${c.runs}`).join('; ');
  const runsFrom = r.firstRun === 0 ? `${r.runs} runs` : `${r.runs} runs from run ${r.firstRun}`;
  if (r.status === 'pass') {
    const gate = deferred && shortfallOf(r).length > 0 ? ' — coverage gates apply after merge' : '';
    return [`PASS ${r.property}  ${runsFrom}, seed ${r.seed}  (${cover})${gate}`];
  }
  if (r.counterexample === null) return [`FAIL ${r.property}  coverage too low in ${runsFrom}, seed ${r.seed}:`, ...shortfallOf(r).map((s) => `       ${s}`)];
  const cx = r.counterexample;
  return [
    `FAIL ${r.property}  ${cx.crash === null ? 'counterexample' : 'the run CRASHED (a bug in sealroom)'} after ${runsFrom} (${cx.shrinks} shrinks)`,
    ...cx.violations.slice(0, QUOTED_VIOLATIONS).map((v) => `       ${v}`),
    `       seed ${r.seed}, path ${cx.path}`,
    `       replay: ${cx.replay}`,
    ...(cx.scenarioFile === null ? [] : [`       scenario: ${cx.scenarioFile}`]),
  ];
}

/** The human summary of campaign results. */
export function checkText(h: CheckHeader, results: readonly CampaignResult[]): string {
  return checkJsonText(checkJson(h, results));
}

/** The human summary of a check result in its JSON form (a merged one included). */
export function checkJsonText(j: CheckJson): string {
  const failed = j.results.filter((r) => r.status === 'fail').length;
  const where = j.merged !== undefined ? `, merged from shards ${j.merged.join(', ')}` : j.shard === null ? '' : `, shard ${j.shard}`;
  const lines = [
    `sealroom check — ${j.engine === undefined ? `variant ${j.variant}` : `engine ${j.engine}`}, seed ${j.seed}${where}`,
    ...j.results.flatMap((r) => resultText(r, j.coverageGate === 'deferred')),
    failed === 0 ? `all ${j.results.length} properties hold` : `${failed} of ${j.results.length} properties failed`,
  ];
  return `${lines.join('\n')}\n`;
}
