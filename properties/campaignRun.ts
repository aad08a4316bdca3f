// Running one property campaign with fc.check: generated runs from a 64-bit seed, a
// bounded shrink of the first failure, the coverage gates, and the counterexample written as a
// scenario file with the command that replays it. Shared by the vitest suites and `sealroom check`.
// A shard runs a contiguous block of a larger campaign's runs, exactly as that campaign would.
import { EngineFault } from '../engines/fault.ts';
import fc from 'fast-check';
import { xorshift128plusFromState } from 'pure-rand/generator/xorshift128plus';
import type { VariantName } from '../protocol/variant.ts';
import { MAX_CAMPAIGN_SEED } from './budget.ts';
import type { Scenario } from './scenario.ts';
import { campaignFor, gatesOn } from './campaign.ts';
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
  /** 0 … MAX_CAMPAIGN_SEED; every seed gives its own runs. */
  readonly seed: number | bigint;
  readonly runs: number;
  /**
   * Index of this block's first run within a longer campaign from the same seed (a shard); default 0.
   * Run k of the block is run firstRun + k of that campaign, value for value.
   */
  readonly firstRun?: number;
  /** False: a coverage shortfall is reported but does not fail (a shard, whose gates apply after a merge). */
  readonly coverageGate?: boolean;
  /** fast-check's path of a known counterexample: replays it directly. */
  readonly path?: string;
  /** Where the counterexample scenario file goes; omitted: not written. */
  readonly counterexampleDir?: string;
  readonly maxShrinkRuns?: number;
  /** The storage medium every generated world runs on; default: each scenario's own (memory). */
  readonly storage?: 'memory' | 'sqlite';
  /** The engine every generated world runs (engines/registry.ts); default: the variant's own. */
  readonly engine?: string;
  /** The shard this block is (`i/n`), named in the replay command. */
  readonly shard?: string;
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
  readonly seed: number | bigint;
  /** Index of the first run (non-zero for a shard). */
  readonly firstRun: number;
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
  /** The engine under test failed (engines/fault.ts): the runs left pass untried and the fault is thrown after, so it is never a verdict. */
  fault: EngineFault | undefined;
}

function predicateOf(o: CampaignOptions, check: (r: RunOutcome) => boolean, probe: Probe, maxShrinks: number) {
  return (scenario: Scenario): boolean => {
    if (probe.fault !== undefined) return true;
    if (probe.failures > 0) {
      if (probe.shrinkRuns >= maxShrinks) return true; // budget spent: keep the smallest failure so far
      probe.shrinkRuns++;
    }
    let outcome: RunOutcome;
    try {
      outcome = runOutcome(o.property, scenario);
    } catch (e) {
      if (!(e instanceof EngineFault)) throw e;
      probe.fault = e;
      return true;
    }
    if (probe.failures === 0) probe.perRun.push([...outcome.situations]);
    const ok = check(outcome);
    if (!ok) {
      probe.failures++;
      probe.last = outcome;
    }
    return ok;
  };
}

/**
 * fast-check seeds its generator with 32 bits (xorshift128plus reads seed | 0), so a seed of 2^32 + 1
 * would replay seed 1. This generator puts the low word where fast-check does and the high word in the
 * state word fast-check leaves at zero: a seed below 2^32 gives fast-check's own stream (pinned
 * campaigns keep their runs) and two different 64-bit seeds never share a state. fast-check jumps the
 * generator once before each run, so starting `firstRun` jumps ahead starts at that run.
 */
export function campaignRandom(seed: bigint, firstRun: number): () => fc.RandomGenerator {
  const lo = Number(seed & 0xffffffffn) | 0;
  const hi = Number(seed >> 32n) | 0;
  return () => {
    const g = xorshift128plusFromState([-1, ~lo, lo, hi]);
    for (let i = 0; i < firstRun; i++) g.jump();
    return g as unknown as fc.RandomGenerator;
  };
}

/** fast-check biases run k by k; a block's run k is the campaign's run firstRun + k, so it is biased as that one. */
function startingAt<T>(p: fc.IRawProperty<T, false>, firstRun: number): fc.IRawProperty<T, false> {
  if (firstRun === 0) return p;
  return {
    isAsync: () => p.isAsync(),
    generate: (mrng, runId) => p.generate(mrng, runId === undefined ? undefined : runId + firstRun),
    shrink: (v) => p.shrink(v),
    run: (v) => p.run(v),
    runBeforeEach: () => p.runBeforeEach(),
    runAfterEach: () => p.runAfterEach(),
  };
}

/** The campaign-wide path of a block's counterexample: its first step is the run index. */
function campaignPath(localPath: string, firstRun: number): string {
  const [first = '0', ...rest] = localPath.split(':');
  return [String(Number(first) + firstRun), ...rest].join(':');
}

function checkedSeed(seed: number | bigint): bigint {
  if (typeof seed === 'number' && !Number.isSafeInteger(seed)) throw new RangeError(`runCampaign: seed must be an integer, got ${seed}`);
  const big = BigInt(seed);
  if (big < 0n || big > MAX_CAMPAIGN_SEED) throw new RangeError(`runCampaign: seed must be in 0 … 2^64 − 1, got ${big}`);
  return big;
}

export function runCampaign(o: CampaignOptions): CampaignResult {
  const spec = campaignFor(o.property);
  if (spec === undefined) throw new RangeError(`runCampaign: no campaign for property ${o.property}`);
  if (!Number.isSafeInteger(o.runs) || o.runs < 1) throw new RangeError(`runCampaign: runs must be a positive integer, got ${o.runs}`);
  const firstRun = o.firstRun ?? 0;
  if (!Number.isSafeInteger(firstRun) || firstRun < 0) throw new RangeError(`runCampaign: firstRun must be a non-negative integer, got ${firstRun}`);
  const seed = checkedSeed(o.seed);
  const probe: Probe = { perRun: [], failures: 0, shrinkRuns: 0, last: undefined, fault: undefined };
  const medium = o.storage;
  const generated = spec.arbitrary(o.variant, o.engine);
  const arbitrary = medium === undefined ? generated : generated.map((s): Scenario => ({ ...s, storage: medium }));
  // A --path replay names a run of the whole campaign (campaign-wide paths are what results report).
  const offset = o.path === undefined ? firstRun : 0;
  const property = startingAt(fc.property(arbitrary, predicateOf(o, spec.predicate, probe, o.maxShrinkRuns ?? DEFAULT_MAX_SHRINK_RUNS)), offset);
  const details = fc.check(property, { seed: 0, randomType: campaignRandom(seed, offset), numRuns: o.runs, ...(o.path === undefined ? {} : { path: o.path }) });
  if (probe.fault !== undefined) throw probe.fault;
  const coverage = tallyCoverage(gatesOn(spec.coverage, o.engine), probe.perRun);
  const base = { property: o.property, variant: o.variant, seed: o.seed, firstRun, runs: details.numRuns, coverage };
  if (details.failed && details.counterexample !== null) {
    const [found] = details.counterexample;
    const violations = probe.last?.violations ?? ['the property failed'];
    const coords = {
      property: o.property,
      variant: o.variant,
      seed: o.seed,
      runs: o.runs,
      ...(o.shard === undefined ? {} : { shard: o.shard }),
      ...(o.engine === undefined ? {} : { engine: o.engine }),
    };
    const scenario = counterexampleScenario(found, coords, violations);
    const scenarioFile = o.counterexampleDir === undefined ? null : writeCounterexample(o.counterexampleDir, scenario);
    const crash = probe.last?.crash;
    const counterexample: Counterexample = {
      scenario,
      scenarioFile,
      replay: replayCommand(coords),
      path: campaignPath(details.counterexamplePath, offset),
      violations,
      shrinks: details.numShrinks,
      ...(crash === undefined ? {} : { crash }),
    };
    return { ...base, status: 'fail', reason: 'counterexample', shortfall: [], counterexample };
  }
  const shortfall = describeShortfall(coverage);
  const gated = (o.coverageGate ?? true) && shortfall.length > 0;
  return { ...base, status: gated ? 'fail' : 'pass', reason: gated ? 'coverage' : null, shortfall, counterexample: null };
}
