// The simulated world's public surface (docs/architecture.md): describe a run as data (RunSpec, in the
// one action vocabulary), simulate it to a closed event log, and read that log as the judges do.
export { simulate, buildWorld, DEFAULT_TAIL_MS } from './world/simulate.ts';
export type { RunSpec, RunDescription, RoomSpec, LinkFaultsSpec, StorageEngineName } from './world/spec.ts';
export type { Action, ActionKind, Attack, Evaporation, Match, WarrantScope } from './world/vocabulary.ts';
export { World } from './world/world.ts';
export type { WorldOptions, WorldRoom } from './world/world.ts';
export type { Phone, PhoneOracle, AttackerKit, JudgedCopy } from './world/phone.ts';
export { RunLog, digestOf } from './log/runLog.ts';
export type { RunEvent, RunEventKind, EventOf, SentMessage, SentCopy, Acceptance, Refusal, PhoneSeizure, ServerSeizure, MembershipChange, WorldSettings, RunTotals } from './log/events.ts';
export { viewOf } from './log/view.ts';
export type { RunView } from './log/view.ts';
export { GroundTruth, truthEvents } from './log/truth.ts';
export type { TruthEvent } from './log/truth.ts';
export type { ServerMode } from './server/types.ts';
export type { WarrantPolicy } from './authority/warrant.ts';
export { transparencyReport, renderTransparencyMarkdown } from './authority/index.ts';
export type { TransparencyReport } from './authority/index.ts';
