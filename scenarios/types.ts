// A scenario is data (DESIGN.md "Scenarios"): the world to build, a timeline of actions, and the
// verdict expected for each property. This file holds the TypeScript view of the format; the
// published JSON Schema (scenario.schema.json) is the contract and load.ts validates against it.
import type { VariantName } from '../protocol/variant.ts';

export const PROPERTY_IDS = [
  'SEC-SERVER-BLIND',
  'SEC-MITM',
  'SEC-EVAPORATE',
  'SEC-RETENTION',
  'SEC-INTEGRITY',
  'SEC-FS',
  'SEC-PCS',
  'SEC-GROUP',
  'SEC-WARRANT',
  'SEC-PQ',
  'LIVE-DELIVERY',
  'DET-REPLAY',
] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];
export type Verdict = 'pass' | 'fail';

export type ServerMode = 'honest' | 'curious' | 'malicious';
export type WarrantPolicy = 'refuse-content' | 'comply' | 'comply-silently';
export type StorageEngine = 'memory' | 'sqlite';
export type Evaporation = 'view-once' | { readonly timerMs: number };

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

export interface Match {
  readonly from?: string;
  readonly to?: string;
  readonly room?: string;
}

export type Attack =
  | { readonly attack: 'substitute-bundle'; readonly target: string; readonly requester?: string; readonly attacker: string }
  | { readonly attack: 'withhold-bundle'; readonly target: string; readonly requester?: string }
  | { readonly attack: 'reserve-one-time-prekey'; readonly target: string; readonly requester?: string }
  | { readonly attack: 'drop' | 'duplicate' | 'reorder'; readonly match: Match; readonly count?: number }
  | { readonly attack: 'delay'; readonly match: Match; readonly count?: number; readonly delayMs: number }
  | { readonly attack: 'modify'; readonly match: Match; readonly count?: number; readonly bits: readonly number[] }
  | { readonly attack: 'replay'; readonly from: string; readonly to: string; readonly nth: number; readonly times?: number }
  | { readonly attack: 'forge'; readonly claimedFrom: string; readonly to: string; readonly room: string }
  | { readonly attack: 'counter-jump'; readonly claimedFrom: string; readonly to: string; readonly jump: number }
  | { readonly attack: 'inject-member'; readonly room: string; readonly ghost: string }
  | { readonly attack: 'fork-group'; readonly room: string; readonly from: string; readonly members: readonly string[] }
  | { readonly attack: 'lie-about-deletion' }
  | { readonly attack: 'under-report'; readonly omit: 'seizures' | 'warrants' | 'notifications' };

export type WarrantScope = 'content' | 'metadata' | 'keys';

export type Action = { readonly at: number } & (
  | { readonly do: 'send'; readonly from: string; readonly room: string; readonly label?: string; readonly evaporation?: Evaporation; readonly bytes?: number }
  | { readonly do: 'view'; readonly user: string; readonly label: string }
  | { readonly do: 'offline' | 'online'; readonly user: string }
  | { readonly do: 'partition'; readonly users: readonly string[] }
  | { readonly do: 'heal' }
  | { readonly do: 'network'; readonly faults: LinkFaultsSpec }
  | ({ readonly do: 'adversary' } & Attack)
  | {
      readonly do: 'warrant';
      readonly target: { readonly user: string } | { readonly room: string };
      readonly scope: readonly WarrantScope[];
      readonly fromMs: number;
      readonly toMs: number;
      readonly gagUntilMs?: number;
    }
  | { readonly do: 'seize-phone' | 'steal-phone'; readonly user: string }
  | { readonly do: 'seize-server' }
  | { readonly do: 'verify'; readonly user: string; readonly peer: string }
  | { readonly do: 'acknowledge-key-change' | 'release-held'; readonly user: string; readonly peer: string }
  | { readonly do: 'add-member' | 'remove-member'; readonly by: string; readonly room: string; readonly user: string }
);

export type ActionKind = Action['do'];

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
