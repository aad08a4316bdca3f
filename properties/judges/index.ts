// Every log-judged property over one finished run, in catalogue order (properties/catalogue.ts).
// DET-REPLAY needs a second run: judges/replay.ts.
import type { RunEvent } from '../../sim/log/events.ts';
import { CATALOGUE } from '../catalogue.ts';
import { judgeContext } from './context.ts';
import type { Judgement } from './verdict.ts';

export type { Judgement } from './verdict.ts';

/** Judges a closed run log: a pure function of the log (judging it twice gives the same verdicts). */
export function judgeLog(events: readonly RunEvent[]): Judgement[] {
  const ctx = judgeContext(events);
  return CATALOGUE.flatMap((p) => (p.judge === undefined ? [] : [p.judge(ctx)]));
}
