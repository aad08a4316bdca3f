// DET-REPLAY (docs/properties.md): the same seed gives the same trace hash, byte for byte. The one
// judge that needs a second run: it simulates the spec again and compares the new log's hash with
// the first log's. Used by the scenario runner and by the campaigns alike. An engine that draws its
// own randomness (engines/contract.ts 'deterministic-randomness' false) cannot give the same bytes:
// not applicable there.
import type { RunLog } from '../../sim/log/runLog.ts';
import { simulate } from '../../sim/world/simulate.ts';
import type { RunSpec } from '../../sim/world/spec.ts';
import type { StorageOptions } from '../../sim/storage/runStorage.ts';
import { engineLabel, engineOfRun } from '../../engines/registry.ts';
import { judgement, notApplicable, type Judgement } from './verdict.ts';

export function judgeReplay(spec: RunSpec, first: RunLog, storage?: StorageOptions): Judgement {
  const engine = engineOfRun(spec);
  if (!engine.capabilities['deterministic-randomness']) return notApplicable('DET-REPLAY', engineLabel(engine), ['deterministic-randomness']);
  const again = simulate(spec, storage).traceHash;
  const violations = again === first.traceHash ? [] : [`the same seed gave trace hash ${again} after ${first.traceHash}`];
  return judgement('DET-REPLAY', violations, ['scenario replayed from its seed']);
}
