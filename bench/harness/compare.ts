// One bench run against an earlier one (`sealroom bench --baseline FILE`): for every case and ratio
// both runs measured, the change and whether it is beyond the noise the two runs themselves show.
// Ratios are measured within one run (bench/harness/ratios.ts) and travel between machines better
// than raw times; a raw time compares runs on the same machine only, which the output says.
import { RESULTS_FORMAT, RESULTS_VERSION, type BenchResults } from './results.ts';

/** How far a change must go beyond the runs' own spread (median absolute deviation, relative) to count. */
const NOISE_FACTOR = 3;
/** A change smaller than this is never reported, whatever the spread (the machines are shared). */
const MIN_CHANGE = 0.1;

type Movement = 'faster' | 'slower' | 'within noise';

interface CaseChange {
  readonly id: string;
  readonly baselineMs: number;
  readonly currentMs: number;
  /** current / baseline: below 1 is faster. */
  readonly change: number;
  readonly movement: Movement;
}

interface RatioChange {
  readonly id: string;
  readonly baseline: number;
  readonly current: number;
  readonly change: number;
  readonly movement: Movement;
}

export interface Comparison {
  readonly baselineFinishedAt: string;
  readonly sameMachine: boolean;
  readonly cases: readonly CaseChange[];
  readonly ratios: readonly RatioChange[];
  /** Case ids one run has and the other does not. */
  readonly onlyInBaseline: readonly string[];
  readonly onlyInCurrent: readonly string[];
}

/** What is wrong with a file meant as a baseline, or undefined when it is a results file of this format. */
export function baselineProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'not a JSON object';
  const r = value as Partial<BenchResults>;
  if (r.format !== RESULTS_FORMAT) return `format: expected "${RESULTS_FORMAT}", found ${JSON.stringify(r.format)}`;
  if (r.version !== RESULTS_VERSION) return `version: expected ${RESULTS_VERSION}, found ${JSON.stringify(r.version)}`;
  if (!Array.isArray(r.cases)) return 'cases: expected an array';
  if (!Array.isArray(r.ratios)) return 'ratios: expected an array';
  return undefined;
}

function movement(change: number, spread: number): Movement {
  if (!Number.isFinite(change) || Math.abs(change - 1) <= Math.max(MIN_CHANGE, NOISE_FACTOR * spread)) return 'within noise';
  return change < 1 ? 'faster' : 'slower';
}

export function compareResults(baseline: BenchResults, current: BenchResults): Comparison {
  const before = new Map(baseline.cases.filter((c) => Number.isFinite(c.medianMs) && c.medianMs > 0).map((c) => [c.id, c]));
  const cases: CaseChange[] = [];
  for (const c of current.cases) {
    const b = before.get(c.id);
    if (b === undefined || !Number.isFinite(c.medianMs)) continue;
    const change = c.medianMs / b.medianMs;
    const spread = b.madMs / b.medianMs + (c.medianMs > 0 ? c.madMs / c.medianMs : 0);
    cases.push({ id: c.id, baselineMs: b.medianMs, currentMs: c.medianMs, change, movement: movement(change, spread) });
  }
  const ratiosBefore = new Map(baseline.ratios.filter((r) => r.value !== null && r.value > 0).map((r) => [r.id, r.value as number]));
  // A time ratio's spread is its two cases' relative spreads, in both runs (a size ratio has none).
  const relativeSpread = (results: BenchResults, id: string): number => {
    const c = results.cases.find((x) => x.id === id);
    return c === undefined || !(c.medianMs > 0) ? 0 : c.madMs / c.medianMs;
  };
  const ratios: RatioChange[] = [];
  for (const r of current.ratios) {
    const b = ratiosBefore.get(r.id);
    if (b === undefined || r.value === null) continue;
    const change = r.value / b;
    const spread = r.kind === 'time' ? [baseline, current].reduce((sum, run) => sum + relativeSpread(run, r.numerator) + relativeSpread(run, r.denominator), 0) : 0;
    ratios.push({ id: r.id, baseline: b, current: r.value, change, movement: movement(change, spread) });
  }
  const currentIds = new Set(current.cases.map((c) => c.id));
  return {
    baselineFinishedAt: baseline.finishedAt,
    sameMachine: JSON.stringify(baseline.machine) === JSON.stringify(current.machine),
    cases,
    ratios,
    onlyInBaseline: [...before.keys()].filter((id) => !currentIds.has(id)),
    onlyInCurrent: [...currentIds].filter((id) => !before.has(id)),
  };
}

const pct = (change: number): string => `${change >= 1 ? '+' : ''}${((change - 1) * 100).toFixed(0)}%`;

export function comparisonText(c: Comparison): string {
  const lines = [`compared with the run of ${c.baselineFinishedAt}${c.sameMachine ? '' : ' (another machine: read the ratios, not the times)'}`];
  const moved = <T extends { readonly movement: Movement }>(rows: readonly T[]) => rows.filter((r) => r.movement !== 'within noise');
  lines.push(`ratios (same-run): ${moved(c.ratios).length} of ${c.ratios.length} moved beyond their cases' spread`);
  for (const r of moved(c.ratios)) lines.push(`  ${r.movement.padEnd(6)} ${r.id}: ${r.baseline.toFixed(3)} → ${r.current.toFixed(3)} (${pct(r.change)})`);
  lines.push(`cases: ${moved(c.cases).length} of ${c.cases.length} moved beyond their runs' spread`);
  for (const r of moved(c.cases)) lines.push(`  ${r.movement.padEnd(6)} ${r.id}: ${r.baselineMs.toPrecision(3)} → ${r.currentMs.toPrecision(3)} ms (${pct(r.change)})`);
  if (c.onlyInBaseline.length > 0) lines.push(`only in the baseline: ${c.onlyInBaseline.join(', ')}`);
  if (c.onlyInCurrent.length > 0) lines.push(`only in this run: ${c.onlyInCurrent.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
