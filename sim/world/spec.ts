// What a run is, as data: the world to build (seed, variant, server, storage, network, parties,
// rooms) and a timeline of actions in the world's one vocabulary (vocabulary.ts). Scenario files and
// generated campaign runs are run specs (plus expected verdicts, which only the judges read);
// simulate.ts runs one. The published JSON Schema (scenarios/scenario.schema.json) is its contract.
import type { VariantName } from '../../protocol/variant.ts';
import type { WarrantPolicy } from '../authority/warrant.ts';
import type { ServerMode } from '../server/types.ts';
import type { Action } from './vocabulary.ts';

export type StorageEngineName = 'memory' | 'sqlite';

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

export interface RunDescription {
  readonly goal: string;
  readonly threat: string;
  readonly expected: string;
}

export interface RunSpec {
  readonly name: string;
  readonly description: RunDescription;
  readonly seed: number;
  readonly variant: VariantName;
  readonly server: {
    readonly mode: ServerMode;
    readonly warrantPolicy: WarrantPolicy;
    readonly retentionTtlMs?: number;
  };
  readonly storage?: StorageEngineName;
  /** The engine the phones run (engines/registry.ts); default the built-in engine of `variant`. */
  readonly engine?: string;
  readonly network?: LinkFaultsSpec;
  readonly parties: readonly string[];
  readonly rooms: readonly RoomSpec[];
  readonly timeline: readonly Action[];
  /** Simulated time at which the run ends (after the last action, deliveries and retries). */
  readonly endMs?: number;
}
