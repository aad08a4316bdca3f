// Running a run spec (spec.ts): build the world it describes, schedule its timeline, run to its end,
// and finish the world (end-of-run seizures, published report), returning the closed event log.
// Everything a judge or a report needs is in that log; the world is closed before it is returned.
import type { NetworkOptions } from '../network/network.ts';
import type { RunLog } from '../log/runLog.ts';
import { MEMORY_STORAGE, type StorageOptions } from '../storage/runStorage.ts';
import { applyAction } from './apply.ts';
import type { LinkFaultsSpec, RunSpec } from './spec.ts';
import { World } from './world.ts';

/** How long a run goes on after its last action: retries, redelivery and retention sweeps finish. */
export const DEFAULT_TAIL_MS = 4 * 24 * 60 * 60 * 1000;

function networkOf(spec: LinkFaultsSpec | undefined): NetworkOptions {
  if (spec === undefined) return {};
  const p = (x: readonly [number, number] | undefined) => (x === undefined ? { num: 0, den: 1 } : { num: x[0], den: x[1] });
  const [min, max] = spec.delayMs ?? [50, 50];
  return {
    defaultLink: {
      delayMinMs: min,
      delayMaxMs: max,
      drop: p(spec.drop),
      duplicate: p(spec.duplicate),
      reorder: p(spec.reorder),
      reorderExtraMaxMs: spec.reorder === undefined ? 0 : Math.max(1, max * 4),
    },
  };
}

/** The world a run spec describes; `storage` (the CLI's --storage) applies unless the spec pins its engine. */
export function buildWorld(s: RunSpec, storage?: StorageOptions): World {
  const medium: StorageOptions = s.storage === undefined ? (storage ?? MEMORY_STORAGE) : s.storage === storage?.engine ? storage : { engine: s.storage };
  return new World({
    seed: s.seed,
    variant: s.variant,
    serverMode: s.server.mode,
    warrantPolicy: s.server.warrantPolicy,
    ...(s.server.retentionTtlMs === undefined ? {} : { retentionTtlMs: s.server.retentionTtlMs }),
    network: networkOf(s.network),
    parties: s.parties,
    rooms: s.rooms,
    storage: medium,
    ...(s.engine === undefined ? {} : { engine: s.engine }),
  });
}

/** Runs the world of `s` to its end, finishes it, closes its storage, and returns the closed log. */
export function simulate(s: RunSpec, storage?: StorageOptions): RunLog {
  const world = buildWorld(s, storage);
  let log: RunLog;
  try {
    for (const action of s.timeline) world.engine.schedule(action.at, `action:${action.do}`, {}, () => applyAction(world, action));
    const last = s.timeline.at(-1)?.at ?? 0;
    world.runUntil(s.endMs ?? last + DEFAULT_TAIL_MS);
    log = world.finish();
  } catch (e) {
    // Closing after a failure must not hide that failure (a dead engine cannot release its devices).
    try {
      world.close();
    } catch {
      // the first failure is the one reported
    }
    throw e;
  }
  world.close(); // a SQLite world's files go with it
  return log;
}
