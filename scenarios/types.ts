// The scenario format in TypeScript (docs/scenario-language.md): a run spec (sim/world/spec.ts) in
// the world's one action vocabulary (sim/world/vocabulary.ts) plus expected verdicts per property.
// The published JSON Schema (scenario.schema.json) is the contract; load.ts validates against it.
export type { Action, Attack } from '../sim/world/vocabulary.ts';
export type { LinkFaultsSpec, RoomSpec, RunDescription as ScenarioDescription } from '../sim/world/spec.ts';
export type { ServerMode } from '../sim/server/types.ts';
export type { WarrantPolicy } from '../sim/authority/warrant.ts';
export type { Scenario } from '../properties/scenario.ts';
export type { Expectations, JudgedVerdict, PropertyId, Verdict } from '../properties/propertyIds.ts';
export { RUN_PROPERTY_IDS as PROPERTY_IDS } from '../properties/propertyIds.ts';
