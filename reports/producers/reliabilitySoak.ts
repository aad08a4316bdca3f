// The soak run of the reliability suite: one long simulated period under faults, judged by every
// property. Each simulated day carries a handful of the property campaigns' own motifs
// (properties/arbitraries: chats and crossing chats, group chats, offline periods, partitions, phone
// and server seizures, seizures in a partition, a warrant, a theft, membership changes, a rollback),
// drawn from the seed and anchored that
// morning, in one cast (a group room of four and an outsider, with every direct room) on a
// network that drops, duplicates and reorders. The whole timeline is one scenario run once by the
// world (scenarios/run.ts: simulate, judge every property, replay for DET-REPLAY): no second world
// driver. Deterministic: the same seed and days give the same scenario and the same trace hash.
import fc from 'fast-check';
import { DEFAULT_RETENTION_TTL_MS } from '../../protocol/limits.ts';
import { groupCastOf } from '../../properties/arbitraries/cast.ts';
import { expandMotif } from '../../properties/arbitraries/expand.ts';
import { membershipConsistent } from '../../properties/arbitraries/groupTimeline.ts';
import { motifArb, type MotifWeights } from '../../properties/arbitraries/motifArbs.ts';
import type { JudgedVerdict } from '../../properties/propertyIds.ts';
import { runScenario } from '../../scenarios/run.ts';
import { PROPERTY_IDS, type Action, type PropertyId, type Scenario } from '../../scenarios/types.ts';

const DAY_MS = 86_400_000;
/** Each day's motifs start at 08:00 (anchors fall in its first 20 minutes, motifArbs.ts). */
const MORNING_MS = 8 * 3_600_000;
/** Members of the soak's group room (groupCastOf adds an outsider). */
const GROUP_MEMBERS = 4;
export const SOAK_DAYS_MIN = 1;
/** Most days: two months of traffic; a run this long takes minutes (docs/reliability.md). */
export const SOAK_DAYS_MAX = 60;
export const SOAK_EPISODES_MIN = 1;
export const SOAK_EPISODES_MAX = 20;
/** Motifs per simulated day by default. */
const SOAK_DEFAULT_EPISODES = 3;

/** The soak `npm test` runs (reliabilitySoak.test.ts): 5 to 15 s on this machine's two shared cores, by their load. */
export const TEST_SOAK = { seed: 1, days: 5, episodesPerDay: 3 } as const;
/** The soak `sealroom run` puts on the reliability page: a week at three motifs a day (11 to 35 s here, by load). */
export const RUN_SOAK: SoakOptions = { seed: 1, days: 7, episodesPerDay: 3 };

/**
 * What each day may carry: LIVE-DELIVERY's faults and situations, the seizures SEC-EVAPORATE,
 * SEC-FS and SEC-RETENTION judge, and group traffic for SEC-GROUP. No attack needs a malicious
 * server here: the server is honest, so every property is applicable.
 */
const SOAK_MOTIFS: MotifWeights = {
  chat: 8,
  'crossing-chat': 2,
  'group-chat': 6,
  offline: 4,
  partition: 4,
  'group-add': 1,
  'group-remove': 1,
  'theft-round-trip': 1,
  warrant: 1,
  rollback: 1,
  // Seizures are rarer: each one's key trial runs over every message before it (SEC-EVAPORATE,
  // SEC-FS), the cost that bounds a soak's length; every phone and the server are seized at the end too.
  'seize-phone': 1,
  'view-then-seize': 1,
  'seize-server': 1,
  'seize-in-partition': 1,
};

/**
 * The soak's network, every fault on at once (within the campaigns' own ranges, properties/arbitraries/
 * profile.ts): delays of 20 ms to 1.5 s, one copy in 12 dropped, one in 10 duplicated, one in 8
 * reordered. Partitions and offline periods come from the motifs.
 */
const SOAK_NETWORK = { delayMs: [20, 1_500], drop: [1, 12], duplicate: [1, 10], reorder: [1, 8] } as const;

export interface SoakOptions {
  readonly seed: number;
  readonly days: number;
  readonly episodesPerDay?: number;
}

function checkOptions(o: SoakOptions): number {
  const int = (v: number, lo: number, hi: number, what: string) => {
    if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new RangeError(`${what}: expected an integer from ${lo} to ${hi}, got ${v}`);
  };
  const episodes = o.episodesPerDay ?? SOAK_DEFAULT_EPISODES;
  int(o.seed, 0, 2 ** 31 - 1, 'seed');
  int(o.days, SOAK_DAYS_MIN, SOAK_DAYS_MAX, 'days');
  int(episodes, SOAK_EPISODES_MIN, SOAK_EPISODES_MAX, 'episodes per day');
  return episodes;
}

/** The soak's one scenario, pure: the same options give the same scenario, byte for byte. */
export function soakScenario(o: SoakOptions): Scenario {
  const episodes = checkOptions(o);
  const cast = groupCastOf(GROUP_MEMBERS);
  const group = cast.group;
  if (group === undefined) throw new Error('soak: the group cast has no room');
  const timed: Action[] = [];
  for (let day = 0; day < o.days; day++) {
    const motifs = fc.sample(motifArb(SOAK_MOTIFS), { seed: (o.seed * 1_000 + day) | 0, numRuns: episodes });
    motifs.forEach((m, i) => {
      const startMs = day * DAY_MS + MORNING_MS + m.atMs;
      for (const s of expandMotif({ cast, ttlMs: DEFAULT_RETENTION_TTL_MS, label: (local) => `d${day}m${i}-${local}` }, m)) timed.push({ ...s.action, at: startMs + s.offsetMs } as Action);
    });
  }
  const sorted = timed
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map(({ a }) => a);
  const json = {
    name: `soak-seed-${o.seed}-${o.days}d`,
    description: {
      goal: `Soak: ${o.days} simulated days under faults, every property judged over the whole run.`,
      threat: `An honest server, a network that drops, duplicates and reorders, ${episodes} campaign motifs a day (offline periods, partitions, seizures, rollbacks, group traffic).`,
      expected: 'Every promise holds on the reference protocol.',
    },
    seed: o.seed,
    variant: 'reference',
    server: { mode: 'honest', warrantPolicy: 'refuse-content' },
    network: SOAK_NETWORK,
    parties: [...cast.parties],
    rooms: cast.rooms,
    timeline: membershipConsistent(sorted, group),
    expect: {},
  };
  return JSON.parse(JSON.stringify(json)) as Scenario;
}

/** What one soak run did and how every property was judged. */
export interface SoakFigures {
  readonly seed: number;
  readonly days: number;
  readonly actions: number;
  readonly messages: number;
  readonly acceptances: number;
  readonly faults: {
    readonly dropped: number;
    readonly partitionDropped: number;
    readonly duplicated: number;
    readonly reordered: number;
    readonly offlinePeriods: number;
    readonly partitions: number;
    readonly phoneSeizures: number;
    readonly serverSeizures: number;
    readonly rollbacks: number;
  };
  readonly verdicts: Readonly<Record<PropertyId, JudgedVerdict>>;
  /** Properties that failed, each with its first violation. */
  readonly failures: readonly { readonly property: PropertyId; readonly violation: string }[];
  readonly traceHash: string;
  /** The process's peak resident set after the run, in bytes (the whole process, not the run alone). */
  readonly peakRssBytes: number;
}

/** Runs the soak (simulate, judge, replay) and counts what happened from its event log. */
export function runSoak(o: SoakOptions): SoakFigures {
  const scenario = soakScenario(o);
  const r = runScenario(scenario);
  const count = (kind: string): number => r.log.events.filter((e) => e.kind === kind).length;
  const ended = r.log.events.find((e) => e.kind === 'run-ended');
  const net = ended?.kind === 'run-ended' ? ended.totals.network : { dropped: 0, partitionDropped: 0, duplicated: 0, reordered: 0 };
  const verdicts = {} as Record<PropertyId, JudgedVerdict>;
  const failures: { property: PropertyId; violation: string }[] = [];
  for (const id of PROPERTY_IDS) {
    const j = r.judgements.find((x) => x.property === id);
    verdicts[id] = j?.verdict ?? 'not exercised';
    if (j?.verdict === 'fail') failures.push({ property: id, violation: j.violations[0] ?? '' });
  }
  const timeline = scenario.timeline;
  return {
    seed: o.seed,
    days: o.days,
    actions: timeline.length,
    messages: count('message-sent'),
    acceptances: count('message-accepted'),
    faults: {
      dropped: net.dropped,
      partitionDropped: net.partitionDropped,
      duplicated: net.duplicated,
      reordered: net.reordered,
      offlinePeriods: timeline.filter((a) => a.do === 'offline').length,
      partitions: timeline.filter((a) => a.do === 'partition').length,
      phoneSeizures: timeline.filter((a) => a.do === 'seize-phone').length,
      serverSeizures: timeline.filter((a) => a.do === 'seize-server').length,
      rollbacks: timeline.filter((a) => a.do === 'roll-back-phone').length,
    },
    verdicts,
    failures,
    traceHash: r.traceHash,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
