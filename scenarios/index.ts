// The scenario language's public surface (docs/scenario-language.md): load and validate scenario files
// against the published JSON Schema, and run a scenario to its verdicts.
export { loadScenarioFile, parseScenario, ScenarioError } from './load.ts';
export { runScenario } from './run.ts';
export type { ScenarioResult } from './run.ts';
export type { Scenario, ScenarioDescription, PropertyId, Verdict, Expectations, Action, Attack, RoomSpec, LinkFaultsSpec, ServerMode, WarrantPolicy } from './types.ts';
export { PROPERTY_IDS } from './types.ts';
