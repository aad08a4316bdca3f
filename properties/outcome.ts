// One generated run judged for one property: simulate the scenario (a closed event log), judge that
// property from the log with the catalogue's judge (DET-REPLAY: judges/replay.ts), and collect the
// situations the run produced. The same judges as the scenario runner, so a counterexample replayed
// as a scenario file gets the same verdict.
import { EngineFault } from '../engines/fault.ts';
import { simulate } from '../sim/world/simulate.ts';
import { propertySpec } from './catalogue.ts';
import { judgeContext } from './judges/context.ts';
import { judgeReplay } from './judges/replay.ts';
import type { JudgedVerdict, PropertyId } from './propertyIds.ts';
import type { Scenario } from './scenario.ts';
import { situationsOf } from './situations.ts';

/** Every property a simulated run is judged on has a campaign. */
export type CampaignPropertyId = PropertyId;

export interface RunOutcome {
  readonly property: CampaignPropertyId;
  readonly verdict: JudgedVerdict;
  readonly violations: readonly string[];
  /** The judge's `exercised` list plus the ground-truth situations (situations.ts). */
  readonly situations: readonly string[];
  /** Set when the run itself threw (a simulator or generator bug, reported as a failure). */
  readonly crash?: string;
}

function judged(property: CampaignPropertyId, s: Scenario): RunOutcome {
  const log = simulate(s);
  const ctx = judgeContext(log.events);
  const situations = situationsOf(s, ctx.run);
  const judge = propertySpec(property).judge;
  const j = judge === undefined ? judgeReplay(s, log) : judge(ctx);
  return { property, verdict: j.verdict, violations: j.violations, situations: [...j.exercised, ...situations] };
}

/** Judge one run; a run that throws is a failure whose violation names the crash, but a fault of the engine under test (engines/fault.ts) is no verdict: it is thrown on. */
export function runOutcome(property: CampaignPropertyId, s: Scenario): RunOutcome {
  try {
    return judged(property, s);
  } catch (e) {
    if (e instanceof EngineFault) throw e;
    const crash = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { property, verdict: 'fail', violations: [`the run crashed: ${crash}`], situations: situationsOf(s, undefined), crash };
  }
}
