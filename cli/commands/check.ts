// `sealroom check [--property ID ...] [--variant NAME] [--runs N] [--seed S] [--shard i/n] [--json]
// [--junit FILE] [--sarif FILE]` (contract): runs property campaigns over generated worlds. --json prints
// { format, variant, seed, runs, shard, coverageGate, results: [{ property, status, runs, seed, firstRun,
// reason, coverage, counterexample: { scenarioFile, replay, path, violations, shrinks, crash } | null }] }.
// Exit 0 all pass, 1 any fails, 2 bad arguments or an output that cannot be written (the results are
// printed first), 3 a generated run crashed (a bug in sealroom). Seeds are 64-bit. Shard i/n runs the
// i-th contiguous block of the campaign's runs, run for run as the unsharded campaign would, and leaves
// the coverage gates to `sealroom merge`. Every variant runs; a property its engine cannot generate
// (SEC-GROUP on shipped-2014, which had no group rooms) is left out of the default list and refused when named.
import { resolve } from 'node:path';
import { MAX_CAMPAIGN_SEED, PINNED_SEED } from '../../properties/budget.ts';
import type { CampaignOptions, CampaignResult } from '../../properties/campaignRun.ts';
import type { CheckJson } from '../../properties/checkReport.ts';
import { ENGINES, engineInfo, isEngineName } from '../../engines/registry.ts';
import { isVariantName, type VariantName } from '../../protocol/variant.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { CliInputError, EXIT, type ExitCode } from '../exitCodes.ts';
import { ensureWritableFile } from '../outputs.ts';
import { parseSeed } from '../seed.ts';
import { parseJobs } from '../campaigns/jobs.ts';
import { runCampaigns, type PoolTask } from '../campaigns/pool.ts';
import { writeCampaignPage, writeCheckFormats } from './checkOutputs.ts';

/** Where counterexample scenario files go unless --out says otherwise. */
const DEFAULT_COUNTEREXAMPLE_DIR = 'reports/out/counterexamples';

interface CheckArgs {
  readonly property: readonly string[] | undefined;
  readonly variant: string;
  readonly runs: number | undefined;
  /** Read as text: a 64-bit seed does not survive a float parse. */
  readonly seed: string;
  readonly shard: string | undefined;
  readonly path: string | undefined;
  readonly out: string;
  readonly storage: 'memory' | 'sqlite' | undefined;
  readonly json: boolean;
  readonly junit: string | undefined;
  readonly sarif: string | undefined;
  readonly engine: string | undefined;
  readonly jobs: number | undefined;
}

interface Plan {
  readonly properties: readonly string[];
  readonly variant: VariantName;
  readonly seed: bigint;
  readonly runs: number | undefined;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly engine: string | undefined;
  /** Campaigns run at once, each in a worker thread (cli/campaigns/pool.ts); 1: all in this thread. */
  readonly jobs: number;
}

/** Shards past this are refused: each is a CI job, and the run ranges are cut from one campaign. */
const MAX_SHARDS = 1_000;

function parseShard(text: string | undefined): Plan['shard'] {
  if (text === undefined) return undefined;
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || count > MAX_SHARDS || index < 1 || index > count) throw new CliInputError(`--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS}; found ${JSON.stringify(text)}`);
  return { index, count };
}

function planOf(args: CheckArgs, m: CampaignModules): Plan {
  if (!isVariantName(args.variant)) throw new CliInputError(`--variant: unknown variant ${JSON.stringify(args.variant)}`);
  const variant = args.variant;
  const engine = args.engine;
  if (engine !== undefined && !isEngineName(engine)) throw new CliInputError(`--engine: unknown engine ${JSON.stringify(engine)} (one of ${ENGINES.map((e) => e.name).join(', ')}, or exec:COMMAND)`);
  if (engine !== undefined && engineInfo(engine).host === 'device' && variant !== 'reference') throw new CliInputError(`--engine ${engine} runs as itself: --variant must be reference`);
  const known = m.CAMPAIGNS.map((c) => c.id as string);
  const properties = args.property ?? m.campaignsFor(variant, engine).map((c) => c.id);
  for (const p of properties) {
    if (!known.includes(p)) throw new CliInputError(`--property: unknown property ${JSON.stringify(p)} (one of ${known.join(', ')})`);
    const why = m.campaignFor(p)?.unsupported(variant, engine) ?? null;
    if (why !== null) throw new CliInputError(`--property ${p} cannot run on the ${engine ?? variant} ${engine === undefined ? 'variant' : 'engine'}: ${why}`);
  }
  if (args.runs !== undefined && (!Number.isSafeInteger(args.runs) || args.runs < 1)) throw new CliInputError(`--runs must be a positive integer; found ${args.runs}`);
  const seed = parseSeed('--seed', args.seed, MAX_CAMPAIGN_SEED);
  if (args.path !== undefined && properties.length !== 1) throw new CliInputError('--path replays one counterexample: name exactly one --property');
  if (args.path !== undefined && !/^\d+(:\d+)*$/.test(args.path)) throw new CliInputError(`--path must be a fast-check path such as 3:0:1; found ${JSON.stringify(args.path)}`);
  // An exec: engine is one process per sealroom process, killed by this thread's exit and signal
  // hooks (engines/exec/channel.ts), which a worker thread's engine would escape: those run serially.
  const asked = parseJobs(args.jobs);
  const jobs = engine?.startsWith('exec:') === true ? 1 : asked;
  return { properties: [...new Set(properties)], variant, seed, runs: args.runs, shard: parseShard(args.shard), engine, jobs };
}

/** This shard's block of the campaign: shard i of n takes the i-th of n contiguous, near-equal run ranges. */
function shardBlock(total: number, shard: Plan['shard']): { firstRun: number; runs: number } {
  if (shard === undefined) return { firstRun: 0, runs: total };
  const { index, count } = shard;
  const base = Math.floor(total / count);
  const extra = total % count;
  const runs = base + (index - 1 < extra ? 1 : 0);
  if (runs < 1) throw new CliInputError(`--shard ${index}/${count}: ${total} runs leave this shard none`);
  return { firstRun: (index - 1) * base + Math.min(index - 1, extra), runs };
}

type CampaignModules = typeof import('../../properties/campaign.ts') &
  typeof import('../../properties/campaignRun.ts') &
  typeof import('../../properties/checkReport.ts') &
  typeof import('../../properties/counterexample.ts');

/** The simulator and judges load when the command runs, not when the CLI starts. */
async function campaigns(): Promise<CampaignModules> {
  const mods = await Promise.all([
    import('../../properties/campaign.ts'),
    import('../../properties/campaignRun.ts'),
    import('../../properties/checkReport.ts'),
    import('../../properties/counterexample.ts'),
  ]);
  return Object.assign({}, ...mods) as CampaignModules;
}

async function runPlan(plan: Plan, args: CheckArgs, io: CliIo, m: CampaignModules, outDir: string): Promise<CampaignResult[]> {
  const tasks = plan.properties.map((id): PoolTask => {
    const spec = m.campaignFor(id);
    if (spec === undefined) throw new CliInputError(`unknown property ${id}`);
    const total = plan.runs ?? spec.defaultRuns;
    const { firstRun, runs } = shardBlock(total, plan.shard);
    const span = plan.shard === undefined ? `${runs} runs` : `runs ${firstRun}–${firstRun + runs - 1} of ${total}`;
    const options: CampaignOptions = {
      property: spec.id,
      variant: plan.variant,
      seed: plan.seed,
      runs,
      firstRun,
      coverageGate: plan.shard === undefined,
      ...(args.shard === undefined ? {} : { shard: args.shard }),
      ...(args.path === undefined ? {} : { path: args.path }),
      ...(args.storage === undefined ? {} : { storage: args.storage }),
      ...(plan.engine === undefined ? {} : { engine: plan.engine }),
    };
    return { options, onStart: () => io.stderr(`sealroom check: ${id} on ${plan.engine ?? plan.variant}, seed ${plan.seed}, ${span}…\n`) };
  });
  const results = await runCampaigns(tasks, plan.jobs, m.runCampaign);
  // The file is named now and written after the results are printed, so an unwritable --out loses nothing.
  return results.map((r) => (r.counterexample === null ? r : { ...r, counterexample: { ...r.counterexample, scenarioFile: m.counterexampleFile(outDir, r.counterexample.scenario) } }));
}

/** 3 when a generated run crashed (a bug, whatever the verdicts), else 1 on any failure, else 0. */
export function checkExitCode(j: CheckJson): ExitCode {
  if (j.results.some((r) => r.counterexample?.crash != null)) return EXIT.INTERNAL;
  return j.results.every((r) => r.status === 'pass') ? EXIT.OK : EXIT.FAILED;
}

async function runCheck(args: CheckArgs, io: CliIo): Promise<ExitCode> {
  const m = await campaigns();
  const plan = planOf(args, m);
  if (plan.engine !== undefined && args.property === undefined)
    for (const c of m.CAMPAIGNS) {
      const why = c.unsupported(plan.variant, plan.engine);
      if (why !== null) io.stderr(`sealroom check: ${c.id} on ${plan.engine}: ${why}\n`);
    }
  // Report files are checked before the work; the counterexample folder is written after the results print.
  if (args.junit !== undefined) ensureWritableFile('--junit', resolve(io.cwd, args.junit));
  if (args.sarif !== undefined) ensureWritableFile('--sarif', resolve(io.cwd, args.sarif));
  const outDir = resolve(io.cwd, args.out);
  const results = await runPlan(plan, args, io, m, outDir);
  const json = m.checkJson({ variant: plan.variant, ...(plan.engine === undefined ? {} : { engine: plan.engine }), seed: plan.seed, runs: plan.runs ?? null, shard: args.shard ?? null }, results);
  io.stdout(args.json ? `${JSON.stringify(json, null, 2)}\n` : m.checkJsonText(json));
  const code = checkExitCode(json);
  for (const r of results) if (r.counterexample !== null) writeCounterexampleOrExplain(m, outDir, r);
  await writeCampaignPage(json, outDir, io, '--out');
  await writeCheckFormats(json, args, io, code);
  return code;
}

function writeCounterexampleOrExplain(m: CampaignModules, outDir: string, r: CampaignResult): void {
  if (r.counterexample === null) return;
  try {
    m.writeCounterexample(outDir, r.counterexample.scenario);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CliInputError(`--out ${outDir}: cannot write the counterexample of ${r.property} (${why}); the results above still stand`);
  }
}

export const checkCommand = defineCommand<CheckArgs>({
  command: 'check',
  describe: 'Run property campaigns over generated worlds (and catch weak variants)',
  builder: (y) =>
    y
      .option('property', { type: 'string', array: true, requiresArg: true, describe: 'Property ID(s) to check (default: all)' })
      .option('variant', { type: 'string', default: 'reference', requiresArg: true, describe: 'Protocol variant: reference or a weak variant' })
      .option('runs', { type: 'number', requiresArg: true, describe: "Generated runs per property (default: each property's budget)" })
      .option('seed', { type: 'string', default: String(PINNED_SEED), requiresArg: true, describe: 'Campaign seed, 0 … 2^64 − 1' })
      .option('shard', { type: 'string', requiresArg: true, describe: 'Run shard i of n (1-based): the i-th block of the runs; gates apply at merge' })
      .option('path', { type: 'string', requiresArg: true, describe: 'fast-check path of a counterexample: replay it directly (one --property)' })
      .option('out', { type: 'string', default: DEFAULT_COUNTEREXAMPLE_DIR, requiresArg: true, describe: 'Directory for counterexample scenario files and the campaign page (campaign.html)' })
      .option('storage', { choices: ['memory', 'sqlite'] as const, requiresArg: true, describe: 'Storage medium of every simulated server and phone (default: memory)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the results as one JSON object' })
      .option('engine', { type: 'string', requiresArg: true, describe: "Engine the phones run (engines/registry.ts), e.g. libsignal; default the variant's own" })
      .option('junit', { type: 'string', requiresArg: true, describe: 'Also write the results as JUnit XML here' })
      .option('sarif', { type: 'string', requiresArg: true, describe: 'Also write the failures as SARIF 2.1.0 here' })
      .option('jobs', { type: 'number', requiresArg: true, describe: 'Campaigns run at once in worker threads (default: the core count); the results are the serial ones' })
      .example('$0 check --property SEC-FS --variant no-ratchet', 'Show that the no-ratchet variant loses forward secrecy')
      .example('$0 check --runs 400 --seed 7 --shard 2/4 --json > shard-2.json', 'The second quarter of a long campaign (a CI matrix job)'),
  run: (args, io) => runCheck(args, io),
});
