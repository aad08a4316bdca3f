// The JSON a bench run writes (bench-results.json, and stdout with --json): machine, every case's
// latency summary, failures, sizes, ratios, target verdicts, rows not measurable in this build, and
// the data behind the charts. Plain data; `format`/`version` let later tools refuse what they don't know.
import type { LineChartSpec } from '../../reports/render/svg/chart.ts';
import type { MachineInfo } from './machine.ts';
import type { RatioResult } from './ratios.ts';
import type { TargetResult } from './targets.ts';
import type { CaseFailure, CaseResult, PendingRow, SizeResult } from './types.ts';

export const RESULTS_FORMAT = 'sealroom-bench-results';
export const RESULTS_VERSION = 1;

export interface BenchResults {
  readonly format: typeof RESULTS_FORMAT;
  readonly version: typeof RESULTS_VERSION;
  /** ISO time the run finished (bench/ is outside protocol/: reading the clock is its job). */
  readonly finishedAt: string;
  readonly mode: 'quick' | 'full';
  /** Wall-clock seconds the whole run took. */
  readonly durationS: number;
  readonly machine: MachineInfo;
  readonly cases: readonly CaseResult[];
  readonly failures: readonly CaseFailure[];
  readonly sizes: readonly SizeResult[];
  readonly ratios: readonly RatioResult[];
  /** null when the run had no targets to evaluate (a filtered run evaluates them all the same). */
  readonly targets: readonly TargetResult[] | null;
  readonly pending: readonly PendingRow[];
  readonly charts: readonly LineChartSpec[];
}

/** JSON with non-finite numbers as null (JSON has no Infinity/NaN). */
export function resultsToJson(results: BenchResults): string {
  return `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
