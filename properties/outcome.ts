// One generated run judged for one property: simulate the scenario, build the judges'
// context once, run only that property's judge (DET-REPLAY: simulate again and compare trace
// hashes), and collect the situations the run produced. Same judges as scenarios/run.ts, so a
// counterexample replayed with runScenario gets the same verdict.
import { judgeContext, type JudgeContext } from './judges/context.ts';
import { judgeDelivery, judgeIntegrity, judgeMitm } from './judges/conduct.ts';
import { judgeRetention, judgeWarrant } from './judges/operator.ts';
import { judgeGroup } from './judges/group.ts';
import { judgeEvaporate, judgeForwardSecrecy, judgeHealing, judgePostQuantum, judgeServerBlind } from './judges/secrecy.ts';
import type { Judgement } from './judges/verdict.ts';
import { simulate } from '../scenarios/run.ts';
import type { PropertyId, Scenario, Verdict } from '../scenarios/types.ts';
import { situationsOf } from './situations.ts';

/** Every property a simulated run is judged on has a campaign. */
export type CampaignPropertyId = PropertyId;

const JUDGES: { readonly [K in Exclude<CampaignPropertyId, 'DET-REPLAY'>]: (ctx: JudgeContext) => Judgement } = {
  'SEC-SERVER-BLIND': judgeServerBlind,
  'SEC-MITM': judgeMitm,
  'SEC-EVAPORATE': judgeEvaporate,
  'SEC-RETENTION': judgeRetention,
  'SEC-INTEGRITY': judgeIntegrity,
  'SEC-FS': judgeForwardSecrecy,
  'SEC-PCS': judgeHealing,
  'SEC-GROUP': judgeGroup,
  'SEC-WARRANT': judgeWarrant,
  'SEC-PQ': judgePostQuantum,
  'LIVE-DELIVERY': judgeDelivery,
};

export interface RunOutcome {
  readonly property: CampaignPropertyId;
  readonly verdict: Verdict;
  readonly violations: readonly string[];
  /** The judge's `exercised` list plus the ground-truth situations (situations.ts). */
  readonly situations: readonly string[];
  /** Set when the run itself threw (a simulator or generator bug, reported as a failure). */
  readonly crash?: string;
}

function judged(property: CampaignPropertyId, s: Scenario): RunOutcome {
  const world = simulate(s);
  try {
    const situations = situationsOf(s, world);
    if (property === 'DET-REPLAY') {
      const first = world.traceHash;
      const second = simulate(s);
      const again = second.traceHash;
      second.close();
      const violations = again === first ? [] : [`the same seed gave trace hash ${again} after ${first}`];
      return { property, verdict: violations.length === 0 ? 'pass' : 'fail', violations, situations: ['scenario replayed from its seed', ...situations] };
    }
    const j = JUDGES[property](judgeContext(world));
    return { property, verdict: j.verdict, violations: j.violations, situations: [...j.exercised, ...situations] };
  } finally {
    world.close(); // a SQLite world's files go with it
  }
}

/** Judge one run; a run that throws is a failure whose violation names the crash. */
export function runOutcome(property: CampaignPropertyId, s: Scenario): RunOutcome {
  try {
    return judged(property, s);
  } catch (e) {
    const crash = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { property, verdict: 'fail', violations: [`the run crashed: ${crash}`], situations: situationsOf(s, undefined), crash };
  }
}
