// `runBench`: the whole benchmark run behind `sealroom bench`. Runs the suites one case at a
// time (printing a line per row as it goes), measures sizes and peak RSS, computes ratios in the same
// run, evaluates bench/targets.json, and writes bench-results.json plus the rendered report (bench.md,
// bench.html, one SVG per chart, bench.json) into `outDir`. Exit code 1 only for `check` with a miss.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSite } from '../reports/render/site.ts';
import type { ReportBundle } from '../reports/render/bundle.ts';
import { FULL_BUDGET, measureCase, QUICK_BUDGET, type Budget } from './harness/measure.ts';
import { machineInfo } from './harness/machine.ts';
import { computeAllRatios, measurementsOf } from './harness/ratios.ts';
import { RESULTS_FORMAT, RESULTS_VERSION, resultsToJson, type BenchResults } from './harness/results.ts';
import { checkPasses, evaluateTargets, loadTargets, type Target } from './harness/targets.ts';
import type { BenchCase, CaseFailure, CaseResult, PendingRow, SizeResult, SuiteName } from './harness/types.ts';
import { benchBundle } from './report/bundle.ts';
import { benchCharts } from './report/charts.ts';
import { caseHeader, caseLine, failureLine, pendingLines, ratioLines, sizeLines, targetLines } from './report/console.ts';
import { loadSuites } from './suites/index.ts';

export interface BenchOptions {
  /** Short budgets: the whole run in under 2 minutes on 2 cores. */
  readonly quick?: boolean;
  /** Print the results JSON on stdout (progress goes to stderr). */
  readonly json?: boolean;
  /** Exit code 1 when a target in bench/targets.json is missed (or must be measured and was not). */
  readonly check?: boolean;
  /** Where to write results and the report; null writes nothing. Default `reports/out`. */
  readonly outDir?: string | null;
  /** Suites to run (default: all). */
  readonly suites?: readonly SuiteName[];
  /** Only cases whose id contains this text. */
  readonly filter?: string;
  /** Replaces the built-in suites (harness tests run a tiny fake suite). */
  readonly cases?: readonly BenchCase[];
  /** Measure sizes and memory (default true). */
  readonly sizes?: boolean;
  /** Default: bench/targets.json. */
  readonly targets?: readonly Target[];
  readonly budget?: Budget;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

export interface BenchRun {
  readonly results: BenchResults;
  readonly bundle: ReportBundle;
  readonly exitCode: 0 | 1;
  /** Files written, relative to outDir. */
  readonly files: readonly string[];
}

const DEFAULT_OUT_DIR = 'reports/out';
const REPORT_NAME = 'bench';
export const RESULTS_FILE = 'bench-results.json';

async function runCases(cases: readonly BenchCase[], budget: Budget, say: (t: string) => void): Promise<{ results: CaseResult[]; failures: CaseFailure[] }> {
  const results: CaseResult[] = [];
  const failures: CaseFailure[] = [];
  say(caseHeader());
  for (const c of cases) {
    const outcome = await measureCase(c, budget);
    if (outcome.ok) {
      results.push(outcome.result);
      say(caseLine(outcome.result));
    } else {
      failures.push(outcome.failure);
      say(failureLine(outcome.failure));
    }
  }
  return { results, failures };
}

async function writeOutputs(outDir: string, results: BenchResults, bundle: ReportBundle): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, RESULTS_FILE), resultsToJson(results), 'utf8');
  // Only this report's own files: the shared index is re-rendered by the CLI from the whole directory.
  const files = renderSite([{ name: REPORT_NAME, bundle }], { includeJson: true }).filter((f) => f.path.startsWith(`${REPORT_NAME}.`));
  for (const f of files) await writeFile(join(outDir, f.path), f.text, 'utf8');
  return [RESULTS_FILE, ...files.map((f) => f.path)];
}

async function collectSizes(enabled: boolean, say: (t: string) => void): Promise<{ sizes: SizeResult[]; failures: CaseFailure[] }> {
  if (!enabled) return { sizes: [], failures: [] };
  const { measureSizes, peakRss } = await import('./sizes.ts');
  const { measureWeek, WEEK_ROW_ID } = await import('./week/measure.ts');
  const measured = await measureSizes();
  say('\nSimulated week with 1,000 users (child process, ~35 s)…\n');
  const failures = measured.failures.map((f): CaseFailure => ({ id: f.id, suite: 'peers', impl: 'libsignal-client', error: f.error }));
  const sizes = [...measured.sizes, peakRss()];
  // A week that does not deliver is a failed row (its target then fails), not a lost run: every
  // figure measured before it still reaches the results.
  try {
    sizes.push(measureWeek());
  } catch (e) {
    const failure: CaseFailure = { id: WEEK_ROW_ID, suite: 'world', impl: 'sealroom-native', error: e instanceof Error ? e.message : String(e) };
    failures.push(failure);
    say(failureLine(failure));
  }
  say(`\nSizes and memory\n${sizeLines(sizes)}`);
  return { sizes, failures };
}

export async function runBench(options: BenchOptions = {}): Promise<BenchRun> {
  const started = performance.now();
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = options.stderr ?? ((t: string) => void process.stderr.write(t));
  const say = options.json === true ? stderr : stdout;
  const budget = options.budget ?? (options.quick === true ? QUICK_BUDGET : FULL_BUDGET);
  const loaded = options.cases === undefined ? await loadSuites(options.suites) : { cases: [...options.cases], pending: [] as PendingRow[], release: () => undefined };
  const selected = options.filter === undefined ? loaded.cases : loaded.cases.filter((c) => c.id.includes(options.filter as string));
  const timed = await runCases(selected, budget, say);
  loaded.release();
  const sized = await collectSizes(options.sizes ?? options.cases === undefined, say);
  const ratios = computeAllRatios(timed.results, sized.sizes);
  const targets = evaluateTargets(options.targets ?? loadTargets(), measurementsOf(timed.results, sized.sizes));
  say(`\nRatios (time: median / median; below 1× the first is faster)\n${ratioLines(ratios.filter((r) => !r.id.startsWith('noble/native.')))}`);
  say(`\nTargets (bench/targets.json)\n${targetLines(targets)}`);
  if (loaded.pending.length > 0) say(`\nNot measured in this build\n${pendingLines(loaded.pending)}`);
  const results: BenchResults = {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    finishedAt: new Date().toISOString(),
    mode: options.quick === true ? 'quick' : 'full',
    durationS: (performance.now() - started) / 1_000,
    machine: machineInfo(),
    cases: timed.results,
    failures: [...timed.failures, ...sized.failures],
    sizes: sized.sizes,
    ratios,
    targets,
    pending: loaded.pending,
    charts: benchCharts(timed.results),
  };
  const bundle = benchBundle(results);
  const outDir = options.outDir === undefined ? DEFAULT_OUT_DIR : options.outDir;
  const files = outDir === null ? [] : await writeOutputs(outDir, results, bundle);
  if (options.json === true) stdout(resultsToJson(results));
  const exitCode = options.check === true && !checkPasses(targets) ? 1 : 0;
  return { results, bundle, exitCode, files };
}
