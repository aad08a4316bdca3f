// One whole generated run as data (issue 6 §1): world seed, cast, server mode, network, TTL and a
// timeline assembled from motifs — all drawn up front, so fast-check shrinks it (dropping motifs
// drops their actions) and seed + path replay it exactly. Every result passes parseScenario.
import fc from 'fast-check';
import { DEFAULT_RETENTION_TTL_MS } from '../../protocol/limits.ts';
import type { VariantName } from '../../protocol/variant.ts';
import { parseScenario } from '../../scenarios/load.ts';
import type { Action, LinkFaultsSpec, Scenario, ServerMode } from '../../scenarios/types.ts';
import { castOf } from './cast.ts';
import { expandMotif } from './expand.ts';
import { MALICIOUS_ONLY, type Motif } from './motif.ts';
import { motifArb } from './motifArbs.ts';
import { networkArb, ttlArb, type Profile } from './profile.ts';

/** World seeds stay within 31 bits: readable in file names and commands. */
const MAX_WORLD_SEED = 0x7fff_ffff;

/** The drawn parts of a run, before they become a scenario. */
export interface RunParts {
  readonly seed: number;
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
}

export function runPartsArb(p: Profile): fc.Arbitrary<RunParts> {
  return fc.record({
    seed: fc.nat(MAX_WORLD_SEED),
    partyCount: fc.integer({ min: p.partyCount[0], max: p.partyCount[1] }),
    mode: fc.constantFrom(...p.modes),
    network: networkArb(p.network),
    retentionTtlMs: ttlArb(p.ttl),
    focus: fc.array(motifArb(p.focus), { minLength: p.focusCount[0], maxLength: p.focusCount[1] }),
    background: fc.array(motifArb(p.background), { minLength: p.backgroundCount[0], maxLength: p.backgroundCount[1] }),
  });
}

/** The timeline of a run: every motif expanded at its anchor, in time order (stable for ties). */
export function timelineOf(parts: RunParts): Action[] {
  const cast = castOf(parts.partyCount);
  const ttlMs = parts.retentionTtlMs ?? DEFAULT_RETENTION_TTL_MS;
  const motifs = [...parts.focus, ...parts.background].filter((m) => parts.mode === 'malicious' || !MALICIOUS_ONLY.has(m.kind));
  const timed = motifs.flatMap((m, i) => expandMotif({ cast, ttlMs, label: (local) => `m${i}-${local}` }, m).map((s) => ({ ...s.action, at: m.atMs + s.offsetMs }) as Action));
  return timed.map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at || x.i - y.i).map(({ a }) => a);
}

function describe(parts: RunParts, timeline: readonly Action[], meta: ScenarioMeta): Scenario['description'] {
  const kinds = [...new Set([...parts.focus, ...parts.background].map((m) => m.kind))].join(', ');
  return {
    goal: meta.goal,
    threat: `Generated run: ${parts.partyCount} parties, a ${parts.mode} server, ${timeline.length} actions (${kinds || 'nothing'})${parts.network === undefined ? '' : ', a faulty network'}.`,
    expected: 'Every promise holds on the reference protocol.',
  };
}

/** A scenario from drawn parts; throws (a generator bug) if the result does not pass parseScenario. */
export function assembleScenario(parts: RunParts, meta: ScenarioMeta): Scenario {
  const cast = castOf(parts.partyCount);
  const timeline = timelineOf(parts);
  const json = {
    name: meta.name,
    description: describe(parts, timeline, meta),
    seed: parts.seed,
    variant: meta.variant,
    server: { mode: parts.mode, warrantPolicy: 'refuse-content', ...(parts.retentionTtlMs === undefined ? {} : { retentionTtlMs: parts.retentionTtlMs }) },
    ...(parts.network === undefined ? {} : { network: parts.network }),
    parties: [...cast.parties],
    rooms: cast.rooms,
    timeline,
    expect: {},
  };
  return parseScenario(JSON.parse(JSON.stringify(json)) as unknown, `<generated ${meta.name}>`);
}

/** Whole generated scenarios for one profile. */
export function scenarioArb(p: Profile, meta: ScenarioMeta): fc.Arbitrary<Scenario> {
  return runPartsArb(p).map((parts) => assembleScenario(parts, meta));
}
