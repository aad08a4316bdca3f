// Running a scenario: simulate its world to a closed event log, judge every property from that log,
// run it once more from the same seed for DET-REPLAY, and compare the verdicts with what it expects.
import { judgeLog, type Judgement } from '../properties/judges/index.ts';
import { judgeReplay } from '../properties/judges/replay.ts';
import type { RunLog } from '../sim/log/runLog.ts';
import type { StorageOptions } from '../sim/storage/runStorage.ts';
import { simulate } from '../sim/world/simulate.ts';
import type { JudgedVerdict } from '../properties/propertyIds.ts';
import { PROPERTY_IDS, type Expectations, type PropertyId, type Scenario, type Verdict } from './types.ts';

export interface ScenarioResult {
  readonly scenario: string;
  readonly verdicts: Record<PropertyId, Verdict>;
  readonly expected: Expectations;
  readonly matches: boolean;
  readonly traceHash: string;
  readonly judgements: readonly Judgement[];
  /** The run's closed event log: what the judges read, and what the reports draw. */
  readonly log: RunLog;
}

export function runScenario(s: Scenario, options: { readonly replay?: boolean; readonly storage?: StorageOptions } = {}): ScenarioResult {
  const log = simulate(s, options.storage);
  const judgements = [...judgeLog(log.events)];
  if (options.replay ?? true) judgements.push(judgeReplay(s, log, options.storage));
  const verdicts = {} as Record<PropertyId, Verdict>;
  const judged: Partial<Record<PropertyId, JudgedVerdict>> = {};
  for (const id of PROPERTY_IDS) {
    const j = judgements.find((x) => x.property === id);
    // A property the engine cannot support, or the run did not exercise, has no verdict to meet an expectation with (its judgement says why).
    if (j !== undefined && (j.verdict === 'pass' || j.verdict === 'fail')) verdicts[id] = j.verdict;
    if (j !== undefined) judged[id] = j.verdict;
  }
  // An expectation is met by the judged verdict itself: "not exercised" only by a run that gave the judge nothing to judge.
  const matches = Object.entries(s.expect).every(([id, v]) => judged[id as PropertyId] === v);
  return { scenario: s.name, verdicts, expected: s.expect, matches, traceHash: log.traceHash, judgements, log };
}
