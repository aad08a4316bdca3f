// One whole generated run as data: world seed, cast, server mode, network, TTL and a
// timeline assembled from motifs — all drawn up front, so fast-check shrinks it (dropping motifs
// drops their actions) and seed + path replay it exactly. Every result passes the scenario loader
// (scenario.test.ts checks it against scenarios/load.ts).
import fc from 'fast-check';
import { DEFAULT_RETENTION_TTL_MS } from '../../protocol/limits.ts';
import type { VariantName } from '../../protocol/variant.ts';
import type { ServerMode } from '../../sim/server/types.ts';
import type { LinkFaultsSpec } from '../../sim/world/spec.ts';
import type { Action } from '../../sim/world/vocabulary.ts';
import type { Scenario } from '../scenario.ts';
import { castOf, groupCastOf, type Cast } from './cast.ts';
import { expandMotif } from './expand.ts';
import { membershipConsistent } from './groupTimeline.ts';
import { GROUP_MOTIFS, MALICIOUS_ONLY, type Motif } from './motif.ts';
import { motifArb } from './motifArbs.ts';
import { networkArb, ttlArb, type Profile } from './profile.ts';
import { MAX_WORLD_SEED, fitProfile, worldSeedMax } from './variantLimits.ts';

/** The drawn parts of a run, before they become a scenario. */
interface RunParts {
  readonly seed: number;
  readonly cast: 'direct' | 'group';
  /** Parties (direct cast) or the group room's initial members (group cast). */
  readonly partyCount: number;
  readonly mode: ServerMode;
  readonly network: LinkFaultsSpec | undefined;
  readonly retentionTtlMs: number | undefined;
  readonly focus: readonly Motif[];
  readonly background: readonly Motif[];
}

export interface ScenarioMeta {
  readonly name: string;
  readonly variant: VariantName;
  readonly goal: string;
  /** The engine the phones run (engines/registry.ts), when not the variant's own. */
  readonly engine?: string;
}

function runPartsArb(p: Profile, seedMax: number = MAX_WORLD_SEED): fc.Arbitrary<RunParts> {
  return fc
    .record({
      seed: fc.nat(seedMax),
      cast: fc.constant<RunParts['cast']>(p.cast === 'group' ? 'group' : 'direct'),
      partyCount: fc.integer({ min: p.partyCount[0], max: p.partyCount[1] }),
      mode: fc.constantFrom(...p.modes),
      network: networkArb(p.network),
      retentionTtlMs: ttlArb(p.ttl),
      focus: fc.array(motifArb(p.focus), { minLength: p.focusCount[0], maxLength: p.focusCount[1] }),
      background: fc.array(motifArb(p.background), { minLength: p.backgroundCount[0], maxLength: p.backgroundCount[1] }),
    })
    .map((parts) => (p.cast === 'either' && [...parts.focus, ...parts.background].some((m) => GROUP_MOTIFS.has(m.kind)) ? { ...parts, cast: 'group' as const } : parts));
}

function castOfParts(parts: RunParts): Cast {
  return parts.cast === 'group' ? groupCastOf(parts.partyCount) : castOf(parts.partyCount);
}

/**
 * The timeline of a run: every motif expanded at its anchor, in time order (stable for ties); in a
 * group cast, made membership-consistent (groupTimeline.ts).
 */
function timelineOf(parts: RunParts): Action[] {
  const cast = castOfParts(parts);
  const ttlMs = parts.retentionTtlMs ?? DEFAULT_RETENTION_TTL_MS;
  const motifs = [...parts.focus, ...parts.background].filter((m) => parts.mode === 'malicious' || !MALICIOUS_ONLY.has(m.kind));
  const timed = motifs.flatMap((m, i) => expandMotif({ cast, ttlMs, label: (local) => `m${i}-${local}` }, m).map((s) => ({ ...s.action, at: m.atMs + s.offsetMs }) as Action));
  const sorted = timed
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map(({ a }) => a);
  return cast.group === undefined ? sorted : membershipConsistent(sorted, cast.group);
}

function describe(parts: RunParts, timeline: readonly Action[], meta: ScenarioMeta): Scenario['description'] {
  const kinds = [...new Set([...parts.focus, ...parts.background].map((m) => m.kind))].join(', ');
  const who = parts.cast === 'group' ? `a group room of ${parts.partyCount} members and an outsider` : `${parts.partyCount} parties`;
  return {
    goal: meta.goal,
    threat: `Generated run: ${who}, a ${parts.mode} server, ${timeline.length} actions (${kinds || 'nothing'})${parts.network === undefined ? '' : ', a faulty network'}.`,
    expected: 'Every promise holds on the reference protocol.',
  };
}

/** A scenario from drawn parts, as plain JSON data (no undefined fields: it is written to files as it is). */
function assembleScenario(parts: RunParts, meta: ScenarioMeta): Scenario {
  const cast = castOfParts(parts);
  const timeline = timelineOf(parts);
  const json = {
    name: meta.name,
    description: describe(parts, timeline, meta),
    seed: parts.seed,
    variant: meta.variant,
    ...(meta.engine === undefined ? {} : { engine: meta.engine }),
    server: { mode: parts.mode, warrantPolicy: 'refuse-content', ...(parts.retentionTtlMs === undefined ? {} : { retentionTtlMs: parts.retentionTtlMs }) },
    ...(parts.network === undefined ? {} : { network: parts.network }),
    parties: [...cast.parties],
    rooms: cast.rooms,
    timeline,
    expect: {},
  };
  return JSON.parse(JSON.stringify(json)) as Scenario;
}

/** Whole generated scenarios for one profile, narrowed to what the variant's engine runs (variantLimits.ts). */
export function scenarioArb(p: Profile, meta: ScenarioMeta): fc.Arbitrary<Scenario> {
  return runPartsArb(fitProfile(p, meta.variant, meta.engine), worldSeedMax(meta.variant)).map((parts) => assembleScenario(parts, meta));
}
