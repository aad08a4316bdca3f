// Every property judged over one finished run, in catalogue order (DESIGN.md "Property catalogue").
// DET-REPLAY needs a second run and is judged by the scenario runner, not here.
import type { World } from '../../sim/world/world.ts';
import { judgeContext } from './context.ts';
import { judgeDelivery, judgeIntegrity, judgeMitm } from './conduct.ts';
import { judgeRetention, judgeWarrant } from './operator.ts';
import { judgeEvaporate, judgeForwardSecrecy, judgeHealing, judgePostQuantum, judgeServerBlind } from './secrecy.ts';
import { judgement, type Judgement } from './verdict.ts';

export type { Judgement } from './verdict.ts';

/** SEC-GROUP is judged once group rooms run inside the simulated world (issue 4 integration); until then no run exercises it. */
function judgeGroupNotYetSimulated(): Judgement {
  return judgement('SEC-GROUP', [], []);
}

export function judgeRun(world: World): Judgement[] {
  const ctx = judgeContext(world);
  return [
    judgeServerBlind(ctx),
    judgeMitm(ctx),
    judgeEvaporate(ctx),
    judgeRetention(ctx),
    judgeIntegrity(ctx),
    judgeForwardSecrecy(ctx),
    judgeHealing(ctx),
    judgeGroupNotYetSimulated(),
    judgeWarrant(ctx),
    judgePostQuantum(ctx),
    judgeDelivery(ctx),
  ];
}
