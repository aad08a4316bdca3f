// DET-REPLAY (docs/properties.md): the same seed gives the same trace hash, byte for byte. The one
// judge that needs a second run: it simulates the spec again and compares the new log's hash with
// the first log's. Used by the scenario runner and by the campaigns alike.
import type { RunLog } from '../../sim/log/runLog.ts';
import { simulate } from '../../sim/world/simulate.ts';
import type { RunSpec } from '../../sim/world/spec.ts';
import type { StorageOptions } from '../../sim/storage/runStorage.ts';
import { judgement, type Judgement } from './verdict.ts';

export function judgeReplay(spec: RunSpec, first: RunLog, storage?: StorageOptions): Judgement {
  const again = simulate(spec, storage).traceHash;
  const violations = again === first.traceHash ? [] : [`the same seed gave trace hash ${again} after ${first.traceHash}`];
  return judgement('DET-REPLAY', violations, ['scenario replayed from its seed']);
}
