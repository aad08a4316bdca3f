// Running a scenario for the CLI: one run turned into everything the commands print
// and the reports show — the JSON contract, the summary and the hash-exact trace. Scenario loading and
// running stay in scenarios/; the library listing is in library.ts.
import { runScenario, type ScenarioResult } from '../../scenarios/run.ts';
import type { Expectations, PropertyId, Scenario, Verdict } from '../../scenarios/types.ts';
import { summarizeRun, type RunSummary } from './runSummary.ts';
import { traceFileFor, type TraceFile } from './traceFile.ts';

/** `scenario run --json` prints exactly this: nothing more, nothing less. */
export interface ScenarioContract {
  readonly scenario: string;
  readonly verdicts: Readonly<Record<PropertyId, Verdict>>;
  readonly expected: Expectations;
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

/** Runs `s` (with its DET-REPLAY second run) and gathers the summary and the trace file from its log. */
export function runAndSummarize(s: Scenario): ScenarioRun {
  const result = runScenario(s, { replay: true });
  const lines = result.log.traceLines;
  const trace = traceFileFor(lines, result.traceHash);
  const summary = summarizeRun(s, result, lines);
  return { scenario: s, result, summary, trace };
}
