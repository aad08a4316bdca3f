// A scenario is data (docs/scenario-language.md): the world to build, a timeline of actions, and the
// verdict expected for each property. This file holds the TypeScript view of the format; the
// published JSON Schema (scenario.schema.json) is the contract and load.ts validates against it.
import type { VariantName } from '../protocol/variant.ts';
import { PROPERTY_IDS as CATALOGUE, type PropertyId as CatalogueId } from '../sim/checkers/violation.ts';
import type { Action } from '../sim/world/vocabulary.ts';

export type { Action, ActionKind, Attack, Evaporation, Match, WarrantScope } from '../sim/world/vocabulary.ts';

/** The catalogue's properties a simulated run can be judged on (PERF-THROUGHPUT belongs to bench/). */
export type PropertyId = Exclude<CatalogueId, 'PERF-THROUGHPUT'>;
export const PROPERTY_IDS: readonly PropertyId[] = CATALOGUE.filter((id): id is PropertyId => id !== 'PERF-THROUGHPUT');
export type Verdict = 'pass' | 'fail';

export type ServerMode = 'honest' | 'curious' | 'malicious';
export type WarrantPolicy = 'refuse-content' | 'comply' | 'comply-silently';
export type StorageEngine = 'memory' | 'sqlite';

export interface LinkFaultsSpec {
  readonly delayMs?: readonly [number, number];
  /** Integer probabilities as [numerator, denominator]. */
  readonly drop?: readonly [number, number];
  readonly duplicate?: readonly [number, number];
  readonly reorder?: readonly [number, number];
}

export interface RoomSpec {
  readonly id: string;
  readonly kind: 'direct' | 'group';
  readonly members: readonly string[];
  /** Group rooms: who created it (an admin). Defaults to the first member. */
  readonly creator?: string;
}

export interface ScenarioDescription {
  readonly goal: string;
  readonly threat: string;
  readonly expected: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: ScenarioDescription;
  readonly seed: number;
  readonly variant: VariantName;
  readonly server: {
    readonly mode: ServerMode;
    readonly warrantPolicy: WarrantPolicy;
    readonly retentionTtlMs?: number;
  };
  readonly storage?: StorageEngine;
  readonly network?: LinkFaultsSpec;
  readonly parties: readonly string[];
  readonly rooms: readonly RoomSpec[];
  readonly timeline: readonly Action[];
  /** Simulated time at which the run ends (after the last action, deliveries and retries). */
  readonly endMs?: number;
  readonly expect: Partial<Record<PropertyId, Verdict>>;
}
