// Every property judged over one finished run, in catalogue order (docs/properties.md).
// DET-REPLAY needs a second run and is judged by the scenario runner, not here.
import type { World } from '../../sim/world/world.ts';
import { judgeContext } from './context.ts';
import { judgeDelivery, judgeIntegrity, judgeMitm } from './conduct.ts';
import { judgeRetention, judgeWarrant } from './operator.ts';
import { judgeEvaporate, judgeForwardSecrecy, judgeHealing, judgePostQuantum, judgeServerBlind } from './secrecy.ts';
import { judgeGroup } from './group.ts';
import type { Judgement } from './verdict.ts';

export type { Judgement } from './verdict.ts';

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
    judgeGroup(ctx),
    judgeWarrant(ctx),
    judgePostQuantum(ctx),
    judgeDelivery(ctx),
  ];
}
