// Running one property campaign with fc.check: generated runs from a seed, a
// bounded shrink of the first failure, the coverage gates, and the counterexample written as a
// scenario file with the command that replays it. Shared by the vitest suites and `sealroom check`.
import fc from 'fast-check';
import type { VariantName } from '../protocol/variant.ts';
import type { Scenario } from './scenario.ts';
import { campaignFor } from './campaign.ts';
import { counterexampleScenario, replayCommand, writeCounterexample } from './counterexample.ts';
import { describeShortfall, tallyCoverage, type CoverageTally } from './coverage.ts';
import { runOutcome, type CampaignPropertyId, type RunOutcome } from './outcome.ts';

/**
 * Shrink steps (whole simulated runs) after the first failure. Each costs a world; past this the
 * smallest failure so far is kept. Deterministic: a step count, never a clock.
 */
export const DEFAULT_MAX_SHRINK_RUNS = 40;

export interface CampaignOptions {
  readonly property: CampaignPropertyId;
  readonly variant: VariantName;
  readonly seed: number;
  readonly runs: number;
  /** fast-check's path of a known counterexample: replays it directly. */
  readonly path?: string;
  /** Where the counterexample scenario file goes; omitted: not written. */
  readonly counterexampleDir?: string;
  readonly maxShrinkRuns?: number;
  /** The storage medium every generated world runs on; default: each scenario's own (memory). */
  readonly storage?: 'memory' | 'sqlite';
}

export interface Counterexample {
  readonly scenario: Scenario;
  readonly scenarioFile: string | null;
  readonly replay: string;
  readonly path: string;
  readonly violations: readonly string[];
  readonly shrinks: number;
  readonly crash?: string;
}

export interface CampaignResult {
  readonly property: CampaignPropertyId;
  readonly variant: VariantName;
  readonly seed: number;
  /** Runs generated (up to and including the first failure). */
  readonly runs: number;
  readonly status: 'pass' | 'fail';
  /** Why it failed: a counterexample, or a rare situation produced too rarely. */
  readonly reason: 'counterexample' | 'coverage' | null;
  readonly coverage: readonly CoverageTally[];
  readonly shortfall: readonly string[];
  readonly counterexample: Counterexample | null;
}

interface Probe {
  readonly perRun: string[][];
  failures: number;
  shrinkRuns: number;
  last: RunOutcome | undefined;
}

function predicateOf(o: CampaignOptions, check: (r: RunOutcome) => boolean, probe: Probe, maxShrinks: number) {
  return (scenario: Scenario): boolean => {
    if (probe.failures > 0) {
      if (probe.shrinkRuns >= maxShrinks) return true; // budget spent: keep the smallest failure so far
      probe.shrinkRuns++;
    }
    const outcome = runOutcome(o.property, scenario);
    if (probe.failures === 0) probe.perRun.push([...outcome.situations]);
    const ok = check(outcome);
    if (!ok) {
      probe.failures++;
      probe.last = outcome;
    }
    return ok;
  };
}

export function runCampaign(o: CampaignOptions): CampaignResult {
  const spec = campaignFor(o.property);
  if (spec === undefined) throw new RangeError(`runCampaign: no campaign for property ${o.property}`);
  if (!Number.isSafeInteger(o.runs) || o.runs < 1) throw new RangeError(`runCampaign: runs must be a positive integer, got ${o.runs}`);
  const probe: Probe = { perRun: [], failures: 0, shrinkRuns: 0, last: undefined };
  const medium = o.storage;
  const arbitrary = medium === undefined ? spec.arbitrary(o.variant) : spec.arbitrary(o.variant).map((s): Scenario => ({ ...s, storage: medium }));
  const property = fc.property(arbitrary, predicateOf(o, spec.predicate, probe, o.maxShrinkRuns ?? DEFAULT_MAX_SHRINK_RUNS));
  const details = fc.check(property, { seed: o.seed, numRuns: o.runs, ...(o.path === undefined ? {} : { path: o.path }) });
  const coverage = tallyCoverage(spec.coverage, probe.perRun);
  const base = { property: o.property, variant: o.variant, seed: o.seed, runs: details.numRuns, coverage };
  if (details.failed && details.counterexample !== null) {
    const [found] = details.counterexample;
    const violations = probe.last?.violations ?? ['the property failed'];
    const coords = { property: o.property, variant: o.variant, seed: o.seed, runs: o.runs };
    const scenario = counterexampleScenario(found, coords, violations);
    const scenarioFile = o.counterexampleDir === undefined ? null : writeCounterexample(o.counterexampleDir, scenario);
    const crash = probe.last?.crash;
    const counterexample: Counterexample = {
      scenario,
      scenarioFile,
      replay: replayCommand(coords),
      path: details.counterexamplePath,
      violations,
      shrinks: details.numShrinks,
      ...(crash === undefined ? {} : { crash }),
    };
    return { ...base, status: 'fail', reason: 'counterexample', shortfall: [], counterexample };
  }
  const shortfall = describeShortfall(coverage);
  return { ...base, status: shortfall.length === 0 ? 'pass' : 'fail', reason: shortfall.length === 0 ? null : 'coverage', shortfall, counterexample: null };
}
