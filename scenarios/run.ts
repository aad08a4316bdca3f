// Running a scenario: simulate its world to a closed event log, judge every property from that log,
// run it once more from the same seed for DET-REPLAY, and compare the verdicts with what it expects.
import { judgeLog, type Judgement } from '../properties/judges/index.ts';
import { judgeReplay } from '../properties/judges/replay.ts';
import type { RunLog } from '../sim/log/runLog.ts';
import type { StorageOptions } from '../sim/storage/runStorage.ts';
import { simulate } from '../sim/world/simulate.ts';
import { PROPERTY_IDS, type PropertyId, type Scenario, type Verdict } from './types.ts';

export interface ScenarioResult {
  readonly scenario: string;
  readonly verdicts: Record<PropertyId, Verdict>;
  readonly expected: Partial<Record<PropertyId, Verdict>>;
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
  for (const id of PROPERTY_IDS) {
    const j = judgements.find((x) => x.property === id);
    // A property the engine cannot support has no verdict to meet an expectation with (its judgement says why).
    if (j !== undefined && j.verdict !== 'not applicable') verdicts[id] = j.verdict;
  }
  const matches = Object.entries(s.expect).every(([id, v]) => verdicts[id as PropertyId] === v);
  return { scenario: s.name, verdicts, expected: s.expect, matches, traceHash: log.traceHash, judgements, log };
}
