// The judge's public surface (docs/properties.md): the property catalogue, the judges (pure functions
// of a run's event log), the weak-variant catch matrix, and the fast-check campaigns.
export { PROPERTY_IDS, RUN_PROPERTY_IDS, isPropertyId } from './propertyIds.ts';
export type { CatalogueId, PropertyId, Verdict, Expectations } from './propertyIds.ts';
export { CATALOGUE, propertySpec, catalogueJson } from './catalogue.ts';
export type { PropertySpec } from './catalogue.ts';
export { CATCH_MATRIX } from './catchMatrix.ts';
export type { CatchRow } from './catchMatrix.ts';
export type { Scenario } from './scenario.ts';
export { judgeLog } from './judges/index.ts';
export type { Judgement } from './judges/index.ts';
export { judgeReplay } from './judges/replay.ts';
export { judgeContext } from './judges/context.ts';
export type { JudgeContext } from './judges/context.ts';
export { CAMPAIGNS, campaignFor, campaignsFor } from './campaign.ts';
export type { PropertyCampaign, CoverageGate } from './campaign.ts';
export { runCampaign } from './campaignRun.ts';
export type { CampaignOptions, CampaignResult, Counterexample } from './campaignRun.ts';
export { PINNED_SEED } from './budget.ts';
