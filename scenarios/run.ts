// Running a scenario: build the world it describes, schedule its timeline, run to its end, judge
// every property, and (for DET-REPLAY) run it again from the same seed and compare trace hashes.
import type { NetworkOptions } from '../sim/network/network.ts';
import { applyAction } from '../sim/world/apply.ts';
import { World } from '../sim/world/world.ts';
import { MEMORY_STORAGE, type StorageOptions } from '../sim/storage/runStorage.ts';
import { judgeRun, type Judgement } from '../properties/judges/index.ts';
import { judgement } from '../properties/judges/verdict.ts';
import { PROPERTY_IDS, type LinkFaultsSpec, type PropertyId, type Scenario, type Verdict } from './types.ts';

/** How long a run goes on after its last action: retries, redelivery and retention sweeps finish. */
export const DEFAULT_TAIL_MS = 4 * 24 * 60 * 60 * 1000;

export interface ScenarioResult {
  readonly scenario: string;
  readonly verdicts: Record<PropertyId, Verdict>;
  readonly expected: Partial<Record<PropertyId, Verdict>>;
  readonly matches: boolean;
  readonly traceHash: string;
  readonly judgements: readonly Judgement[];
  readonly world: World;
}

function networkOf(spec: LinkFaultsSpec | undefined): NetworkOptions {
  if (spec === undefined) return {};
  const p = (x: readonly [number, number] | undefined) => (x === undefined ? { num: 0, den: 1 } : { num: x[0], den: x[1] });
  const [min, max] = spec.delayMs ?? [50, 50];
  return {
    defaultLink: { delayMinMs: min, delayMaxMs: max, drop: p(spec.drop), duplicate: p(spec.duplicate), reorder: p(spec.reorder), reorderExtraMaxMs: spec.reorder === undefined ? 0 : Math.max(1, max * 4) },
  };
}

/** The world a scenario describes; `storage` (the CLI's --storage) applies unless the scenario pins its engine. */
export function buildWorld(s: Scenario, storage?: StorageOptions): World {
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
  });
}

/** One run of the scenario's world to its end. */
export function simulate(s: Scenario, storage?: StorageOptions): World {
  const world = buildWorld(s, storage);
  for (const action of s.timeline) world.engine.schedule(action.at, `action:${action.do}`, {}, () => applyAction(world, action));
  const last = s.timeline.at(-1)?.at ?? 0;
  world.runUntil(s.endMs ?? last + DEFAULT_TAIL_MS);
  return world;
}

export function runScenario(s: Scenario, options: { readonly replay?: boolean; readonly storage?: StorageOptions } = {}): ScenarioResult {
  const world = simulate(s, options.storage);
  const traceHash = world.traceHash; // before judging: the end-of-run seizures write to the trace too
  const judgements = [...judgeRun(world)];
  if (options.replay ?? true) {
    const replayed = simulate(s, options.storage);
    const again = replayed.traceHash;
    replayed.close();
    const violations = again === traceHash ? [] : [`the same seed gave trace hash ${again} after ${traceHash}`];
    judgements.push(judgement('DET-REPLAY', violations, ['scenario replayed from its seed']));
  }
  const verdicts = Object.fromEntries(PROPERTY_IDS.map((id) => [id, judgements.find((j) => j.property === id)?.verdict ?? 'pass'])) as Record<PropertyId, Verdict>;
  const matches = Object.entries(s.expect).every(([id, v]) => verdicts[id as PropertyId] === v);
  return { scenario: s.name, verdicts, expected: s.expect, matches, traceHash, judgements, world };
}
