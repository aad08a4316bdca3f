// The property campaigns as data: one entry per property ID in docs/properties.md's
// catalogue, each with the generation profile tuned for it, its predicate over a judged run, the
// rare situations it must exercise with a minimum share of runs, and its default run budget.
// Run them with runCampaign (campaignRun.ts): vitest and `sealroom check` share this table.
import type fc from 'fast-check';
import { lacking } from '../engines/contract.ts';
import { engineInfo, engineLabel } from '../engines/registry.ts';
import type { VariantName } from '../protocol/variant.ts';
import type { Scenario } from './scenario.ts';
import type { Profile } from './arbitraries/profile.ts';
import { scenarioArb } from './arbitraries/scenario.ts';
import { unsupportedReason } from './arbitraries/variantLimits.ts';
import type { CampaignPropertyId, RunOutcome } from './outcome.ts';
import { propertySpec } from './catalogue.ts';
import { SITUATION } from './situations.ts';
import { FORGED_GROUP_SENDER_KEY, REDELIVERED_AFTER_FORGED_ROLLBACK, REDELIVERED_AFTER_ROLLBACK, RELABELLED_ENVELOPE, SETUP_REPLAY_NO_ONE_TIME, SETUP_REPLAY_OTHER_KEY } from './judges/conduct.ts';
import { KEM_PREKEY_WITHHELD, SEIZED_AFTER_ROLLBACK, SERVER_DEVICE_IN_GROUP_RUN, THIEF_ACTED_AFTER_HEALING } from './judges/secrecy.ts';
import { GROUP_MESSAGE_AFTER_HEALING } from './judges/healing.ts';
import { SEIZED_AFTER_ONE_TIME_GROUP_SETUP, SEIZED_AFTER_ONE_TIME_SETUP, SEIZED_AFTER_SETUP_KEYS_DUE } from './judges/setupSchedule.ts';
import { GROUP_CONTROL_SETUP_TRIED } from './judges/postQuantum.ts';

export interface CoverageGate {
  /** A judge's `exercised` string or a SITUATION from situations.ts. */
  readonly situation: string;
  /** Share of runs (0–1) that must produce it, or the campaign fails. */
  readonly minShare: number;
  /**
   * The engines whose runs can produce it (undefined: every engine): a situation made by the reference's
   * own wire, groups or setup trial is not applicable on a device engine, and its gate is not applied there.
   */
  readonly onlyOn?: readonly string[];
}

export interface PropertyCampaign {
  readonly id: CampaignPropertyId;
  /** The catalogue's promise (catalogue.ts). */
  readonly promise: string;
  readonly profile: Profile;
  readonly coverage: readonly CoverageGate[];
  /** Runs per campaign in `npm test` and by default in `sealroom check` (each run is a whole world). */
  readonly defaultRuns: number;
  readonly arbitrary: (variant: VariantName, engine?: string) => fc.Arbitrary<Scenario>;
  /**
   * Why the campaign cannot run for a variant's engine, or on `engine` (e.g. no group rooms in shipped-2014;
   * a capability the engine lacks, which makes the property not applicable there), or null.
   */
  readonly unsupported: (variant: VariantName, engine?: string) => string | null;
  /** True when the promise held in this run. */
  readonly predicate: (r: RunOutcome) => boolean;
}

/** Gates on situations only the reference's own wire, groups or setup trial produce. */
const REFERENCE_ENGINE: readonly string[] = ['privacy-mode', 'shipped-2014'];

/** The gates a campaign applies on `engine` (every gate when no engine is named: the variant's own engine). */
export function gatesOn(gates: readonly CoverageGate[], engine: string | undefined): CoverageGate[] {
  return gates.filter((g) => engine === undefined || g.onlyOn === undefined || g.onlyOn.includes(engine));
}

type Entry = Omit<PropertyCampaign, 'arbitrary' | 'predicate' | 'unsupported' | 'promise'>;

/** A run holds unless it fails: not exercised or not applicable is no counterexample (the coverage gates ask for enough exercise). */
const holds = (r: RunOutcome): boolean => r.verdict !== 'fail';

const ENTRIES: readonly Entry[] = [
  {
    id: 'SEC-SERVER-BLIND',
    profile: {
      modes: ['malicious', 'malicious', 'curious', 'honest'],
      cast: 'either',
      partyCount: [2, 3],
      focus: { 'seize-server': 3, 'substitute-verify': 4, 'key-change-queued': 2, 'seize-in-partition': 1, 'group-first-contact': 4 },
      focusCount: [1, 3],
      background: { chat: 4, warrant: 1, 'lie-about-deletion': 1, verify: 1 },
      backgroundCount: [1, 3],
      network: 'mild',
      ttl: 'default',
    },
    coverage: [
      { situation: 'server seized', minShare: 0.4 },
      { situation: 'malicious server', minShare: 0.15 },
      { situation: 'server substituted keys', minShare: 0.1 },
      { situation: SERVER_DEVICE_IN_GROUP_RUN, minShare: 0.15, onlyOn: REFERENCE_ENGINE },
    ],
    defaultRuns: 20,
  },
  {
    id: 'SEC-MITM',
    profile: {
      modes: ['malicious'],
      partyCount: [2, 3],
      focus: { 'key-change-queued': 3, 'substitute-verify': 2 },
      focusCount: [1, 2],
      background: { chat: 3, verify: 1, offline: 1 },
      backgroundCount: [0, 2],
      network: 'clean',
      ttl: 'default',
    },
    coverage: [
      { situation: 'server substituted a bundle', minShare: 0.5 },
      { situation: 'key change raised', minShare: 0.4 },
      { situation: 'message held back by a key change', minShare: 0.3 },
    ],
    defaultRuns: 20,
  },
  {
    id: 'SEC-EVAPORATE',
    profile: {
      modes: ['curious', 'honest', 'malicious'],
      partyCount: [2, 3],
      focus: { 'view-then-seize': 4, chat: 1, rollback: 3, 'late-seizure': 2 },
      focusCount: [1, 2],
      background: { chat: 3, 'seize-server': 1, 'seize-phone': 1, offline: 1, 'seize-in-partition': 1 },
      backgroundCount: [0, 2],
      network: 'mild',
      ttl: 'default',
    },
    coverage: [
      { situation: 'phone seized after a view', minShare: 0.5 },
      { situation: SEIZED_AFTER_ROLLBACK, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
    ],
    defaultRuns: 20,
  },
  {
    id: 'SEC-RETENTION',
    profile: {
      modes: ['honest'],
      partyCount: [2, 3],
      focus: { 'seize-after-ttl': 3, 'seize-server': 1 },
      focusCount: [1, 2],
      background: { chat: 3, offline: 1, warrant: 1 },
      backgroundCount: [0, 2],
      network: 'mild',
      ttl: 'short',
    },
    coverage: [
      { situation: 'seizure after delivery', minShare: 0.5 },
      { situation: SITUATION.serverSeizedPastTtl, minShare: 0.3 },
    ],
    defaultRuns: 30,
  },
  {
    id: 'SEC-INTEGRITY',
    profile: {
      modes: ['malicious'],
      cast: 'either',
      partyCount: [2, 3],
      focus: { replay: 2, 'counter-jump': 2, 'bit-flip': 2, 'relabel-first': 3, 'setup-replay': 2, 'group-first-contact': 2, 'rollback-replay': 2 },
      focusCount: [1, 3],
      background: { chat: 3 },
      backgroundCount: [0, 2],
      network: 'mild',
      ttl: 'default',
    },
    coverage: [
      { situation: 'refused DUPLICATE_MESSAGE', minShare: 0.3 },
      { situation: 'refused INVALID_MESSAGE', minShare: 0.3 },
      { situation: RELABELLED_ENVELOPE, minShare: 0.1 },
      { situation: SETUP_REPLAY_NO_ONE_TIME, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
      { situation: FORGED_GROUP_SENDER_KEY, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
      { situation: REDELIVERED_AFTER_ROLLBACK, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
      { situation: REDELIVERED_AFTER_FORGED_ROLLBACK, minShare: 0.05, onlyOn: REFERENCE_ENGINE },
      { situation: SETUP_REPLAY_OTHER_KEY, minShare: 0.05, onlyOn: REFERENCE_ENGINE },
    ],
    defaultRuns: 30,
  },
  {
    id: 'SEC-FS',
    profile: {
      modes: ['curious', 'honest', 'malicious'],
      cast: 'either',
      partyCount: [2, 3],
      focus: { 'view-then-seize': 2, 'seize-phone': 1, 'late-seizure': 2 },
      focusCount: [1, 2],
      background: { chat: 3, offline: 1, 'group-seize': 1, 'stale-bundle': 1 },
      backgroundCount: [1, 3],
      network: 'mild',
      ttl: 'default',
    },
    coverage: [
      { situation: 'phone seized after messages were decrypted', minShare: 0.5 },
      { situation: SEIZED_AFTER_SETUP_KEYS_DUE, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
      { situation: SEIZED_AFTER_ONE_TIME_SETUP, minShare: 0.3, onlyOn: REFERENCE_ENGINE },
      { situation: SEIZED_AFTER_ONE_TIME_GROUP_SETUP, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
    ],
    defaultRuns: 15,
  },
  {
    id: 'SEC-PCS',
    profile: {
      modes: ['curious', 'honest'],
      cast: 'either',
      partyCount: [2, 3],
      focus: { 'theft-round-trip': 1, 'thief-forges': 1, 'group-theft': 1, 'rollback-thief': 1 },
      focusCount: [1, 1],
      background: { chat: 2, 'seize-phone': 1 },
      backgroundCount: [0, 2],
      network: 'clean',
      ttl: 'default',
    },
    coverage: [
      { situation: 'phone stolen, then two ratchet round trips', minShare: 0.5 },
      { situation: THIEF_ACTED_AFTER_HEALING, minShare: 0.2 },
      { situation: GROUP_MESSAGE_AFTER_HEALING, minShare: 0.15, onlyOn: REFERENCE_ENGINE },
    ],
    defaultRuns: 20,
  },
  {
    id: 'SEC-GROUP',
    // No fork-group motif: a server that forks the room's view keeps a member from hearing of a
    // removal, and that member's next message is readable by the removed one on the reference too —
    // the documented limit of sender keys that scenarios/library/forked-group.json shows (SEC-GROUP
    // fail by design). groupTimeline.ts likewise leaves out sends racing a membership change.
    profile: {
      modes: ['malicious', 'curious', 'malicious'],
      cast: 'group',
      partyCount: [3, 4],
      focus: { 'group-remove': 4, 'group-add': 2, 'group-ghost': 2 },
      focusCount: [1, 3],
      background: { 'group-chat': 3, 'seize-server': 1 },
      backgroundCount: [0, 2],
      network: 'clean',
      ttl: 'default',
    },
    coverage: [
      { situation: 'member removed, then the room kept talking', minShare: 0.35 },
      { situation: 'member added', minShare: 0.2 },
      { situation: 'server injected a ghost member', minShare: 0.1 },
    ],
    defaultRuns: 20,
  },
  {
    id: 'SEC-WARRANT',
    profile: {
      modes: ['honest', 'curious'],
      partyCount: [2, 3],
      focus: { warrant: 3, 'seize-in-partition': 2, 'seize-server': 1, 'seize-phone': 1 },
      focusCount: [1, 3],
      background: { chat: 3, offline: 1 },
      backgroundCount: [0, 2],
      network: 'mild',
      ttl: 'default',
    },
    coverage: [
      { situation: 'seizure', minShare: 0.5 },
      { situation: 'warrant under a gag', minShare: 0.2 },
      { situation: SITUATION.seizureInPartition, minShare: 0.2 },
    ],
    defaultRuns: 30,
  },
  {
    id: 'SEC-PQ',
    profile: {
      modes: ['honest', 'curious', 'malicious'],
      cast: 'either',
      partyCount: [2, 3],
      focus: { chat: 2, 'pq-downgrade': 1, 'group-pq-downgrade': 1 },
      focusCount: [1, 2],
      background: { verify: 1, 'seize-server': 1 },
      backgroundCount: [0, 1],
      network: 'mild',
      ttl: 'default',
    },
    coverage: [
      { situation: 'PQXDH session', minShare: 0.8 },
      { situation: KEM_PREKEY_WITHHELD, minShare: 0.1 },
      { situation: GROUP_CONTROL_SETUP_TRIED, minShare: 0.1, onlyOn: REFERENCE_ENGINE },
    ],
    defaultRuns: 20,
  },
  {
    id: 'LIVE-DELIVERY',
    profile: {
      modes: ['honest', 'curious'],
      partyCount: [2, 4],
      focus: { chat: 2, 'crossing-chat': 1, rollback: 1 },
      focusCount: [1, 3],
      background: { offline: 2, partition: 2, chat: 1 },
      backgroundCount: [1, 3],
      network: 'faulty',
      ttl: 'default',
    },
    coverage: [
      { situation: 'messages lost on the network', minShare: 0.3 },
      { situation: 'duplicates on the network', minShare: 0.2 },
      { situation: SITUATION.offlinePeriod, minShare: 0.2 },
    ],
    defaultRuns: 30,
  },
  {
    id: 'DET-REPLAY',
    profile: {
      modes: ['honest', 'curious', 'malicious'],
      partyCount: [2, 4],
      focus: { chat: 2, 'view-then-seize': 1, 'seize-in-partition': 1, 'theft-round-trip': 1, 'key-change-queued': 1, replay: 1, warrant: 1 },
      focusCount: [1, 3],
      background: { offline: 1, partition: 1, chat: 1 },
      backgroundCount: [0, 2],
      network: 'faulty',
      ttl: 'default',
    },
    coverage: [
      { situation: SITUATION.faultyNetwork, minShare: 0.9 },
      { situation: SITUATION.maliciousServer, minShare: 0.15 },
    ],
    defaultRuns: 20,
  },
];

function campaignOf(e: Entry): PropertyCampaign {
  const { profile } = e;
  const promise = propertySpec(e.id).promise;
  return {
    ...e,
    promise,
    arbitrary: (variant, engine) => scenarioArb(profile, { name: `gen-${e.id.toLowerCase()}`, variant, goal: `Generated run for ${e.id}: ${promise}.`, ...(engine === undefined ? {} : { engine }) }),
    predicate: holds,
    unsupported: (variant, engine) => notApplicableOn(e.id, engine) ?? unsupportedReason(profile, variant, engine),
  };
}

export const CAMPAIGNS: readonly PropertyCampaign[] = ENTRIES.map(campaignOf);

export function campaignFor(id: string): PropertyCampaign | undefined {
  return CAMPAIGNS.find((c) => c.id === id);
}

/** The campaigns a variant's engine (or `engine`) can run (shipped-2014: every one but SEC-GROUP). */
export function campaignsFor(variant: VariantName, engine?: string): PropertyCampaign[] {
  return CAMPAIGNS.filter((c) => c.unsupported(variant, engine) === null);
}

/** Why the property is not applicable on `engine` (a capability it lacks, or a judge that does not model it), or null. */
function notApplicableOn(id: CampaignPropertyId, engine: string | undefined): string | null {
  if (engine === undefined) return null;
  const spec = propertySpec(id);
  const info = engineInfo(engine);
  const missing = lacking(info.capabilities, spec.needs);
  if (missing.length > 0) return `not applicable: the ${engineLabel(info)} engine lacks ${missing.join(', ')}`;
  if (spec.models !== undefined && !spec.models.includes(engine)) return `not applicable: the judge models only the ${spec.models.join(', ')} engine`;
  return null;
}
