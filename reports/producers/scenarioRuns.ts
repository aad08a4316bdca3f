// Running scenarios for the CLI (issue 7 items 3–4): the library directory listing, name-or-file
// resolution, and one run turned into everything the commands print and the reports show (the JSON
// contract, the summary, the hash-exact trace). Scenario loading and running stay in scenarios/.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runScenario, type ScenarioResult } from '../../scenarios/run.ts';
import type { PropertyId, Scenario, Verdict } from '../../scenarios/types.ts';
import { summarizeRun, type RunSummary } from './runSummary.ts';
import { traceFileFor, type TraceFile } from './traceFile.ts';

/** The scenario library, relative to the repository root. */
export const LIBRARY_DIR = join(import.meta.dirname, '..', '..', 'scenarios', 'library');

/** `scenario run --json` prints exactly this (issue 7): nothing more, nothing less. */
export interface ScenarioContract {
  readonly scenario: string;
  readonly verdicts: Readonly<Record<PropertyId, Verdict>>;
  readonly expected: Readonly<Partial<Record<PropertyId, Verdict>>>;
  readonly matches: boolean;
  readonly traceHash: string;
}

export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly result: ScenarioResult;
  readonly summary: RunSummary;
  readonly trace: TraceFile;
}

export function contractOf(r: Pick<ScenarioResult, 'scenario' | 'verdicts' | 'expected' | 'matches' | 'traceHash'>): ScenarioContract {
  return { scenario: r.scenario, verdicts: { ...r.verdicts }, expected: { ...r.expected }, matches: r.matches, traceHash: r.traceHash };
}

/** Scenario files in the library, sorted by name (the directory is read each time: it grows). */
export function libraryFiles(dir: string = LIBRARY_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** A scenario argument: an existing path, or the name of a library scenario. Undefined when neither. */
export function resolveScenarioArg(arg: string, cwd: string, dir: string = LIBRARY_DIR): string | undefined {
  const asPath = join(cwd, arg);
  if (arg.startsWith('/') ? existsSync(arg) : existsSync(asPath)) return arg.startsWith('/') ? arg : asPath;
  const named = libraryFiles(dir).find((f) => basename(f, '.json') === arg || basename(f, '.json') === arg.replace(/\.json$/, ''));
  return named;
}

/** Runs `s` (with its DET-REPLAY second run) and gathers the summary and the trace file. */
export function runAndSummarize(s: Scenario): ScenarioRun {
  const result = runScenario(s, { replay: true });
  const lines = result.world.engine.trace.lines();
  const trace = traceFileFor(lines, result.traceHash);
  const summary = summarizeRun(s, result, lines.slice(0, trace.lineCount));
  return { scenario: s, result, summary, trace };
}
