// `sealroom check [--property ID ...] [--variant NAME] [--runs N] [--seed S] [--shard i/n] [--json]`
// (contract): runs property campaigns over generated worlds. --json prints
// { variant, seed, runs, results: [{ property, status, runs, counterexample: { scenarioFile, replay } | null }] }.
// Exit 0 all pass, 1 any fails, 2 bad arguments. Shard i/n (1-based) runs seed S+i−1 with its share of N.
// Every variant runs; a property its engine cannot generate (SEC-GROUP on shipped-2014, which had no
// group rooms) is left out of the default list and refused when named.
import { resolve } from 'node:path';
import { PINNED_SEED } from '../../properties/budget.ts';
import { isVariantName, type VariantName } from '../../protocol/variant.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { CliInputError, EXIT, type ExitCode } from '../exitCodes.ts';

/** Where counterexample scenario files go unless --out says otherwise. */
const DEFAULT_COUNTEREXAMPLE_DIR = 'reports/out/counterexamples';

interface CheckArgs {
  readonly property: readonly string[] | undefined;
  readonly variant: string;
  readonly runs: number | undefined;
  readonly seed: number;
  readonly shard: string | undefined;
  readonly path: string | undefined;
  readonly out: string;
  readonly storage: 'memory' | 'sqlite' | undefined;
  readonly json: boolean;
}

interface Plan {
  readonly properties: readonly string[];
  readonly variant: VariantName;
  readonly seed: number;
  readonly runs: number | undefined;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
}

function parseShard(text: string | undefined): Plan['shard'] {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index < 1 || index > count) throw new CliInputError(`--shard must be i/n with 1 <= i <= n, got ${text}`);
  return { index, count };
}

function planOf(args: CheckArgs, m: CampaignModules): Plan {
  if (!isVariantName(args.variant)) throw new CliInputError(`unknown variant ${args.variant}`);
  const variant = args.variant;
  const known = m.CAMPAIGNS.map((c) => c.id as string);
  const properties = args.property ?? m.campaignsFor(variant).map((c) => c.id);
  for (const p of properties) {
    if (!known.includes(p)) throw new CliInputError(`unknown property ${p} (one of ${known.join(', ')})`);
    const why = m.campaignFor(p)?.unsupported(variant) ?? null;
    if (why !== null) throw new CliInputError(`${p} cannot run on the ${variant} variant: ${why}`);
  }
  if (args.runs !== undefined && (!Number.isSafeInteger(args.runs) || args.runs < 1)) throw new CliInputError(`--runs must be a positive integer, got ${args.runs}`);
  if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new CliInputError(`--seed must be a non-negative integer, got ${args.seed}`);
  if (args.path !== undefined && properties.length !== 1) throw new CliInputError('--path replays one counterexample: name exactly one --property');
  return { properties: [...new Set(properties)], variant, seed: args.seed, runs: args.runs, shard: parseShard(args.shard) };
}

/** This shard's seed and run count: shard i of n takes seed S+i−1 and every n-th run of N. */
function shardOf(plan: Plan, defaultRuns: number): { seed: number; runs: number } {
  const total = plan.runs ?? defaultRuns;
  if (plan.shard === undefined) return { seed: plan.seed, runs: total };
  const { index, count } = plan.shard;
  const runs = Math.floor(total / count) + (index - 1 < total % count ? 1 : 0);
  if (runs < 1) throw new CliInputError(`--shard ${index}/${count}: ${total} runs leave this shard none`);
  return { seed: plan.seed + index - 1, runs };
}

type CampaignModules = typeof import('../../properties/campaign.ts') & typeof import('../../properties/campaignRun.ts') & typeof import('../../properties/checkReport.ts');

/** The simulator and judges load when the command runs, not when the CLI starts. */
async function campaigns(): Promise<CampaignModules> {
  const mods = await Promise.all([import('../../properties/campaign.ts'), import('../../properties/campaignRun.ts'), import('../../properties/checkReport.ts')]);
  return Object.assign({}, ...mods) as CampaignModules;
}

async function runCheck(args: CheckArgs, io: CliIo): Promise<ExitCode> {
  const m = await campaigns();
  const plan = planOf(args, m);
  const outDir = resolve(io.cwd, args.out);
  const results = plan.properties.map((id) => {
    const spec = m.campaignFor(id);
    if (spec === undefined) throw new CliInputError(`unknown property ${id}`);
    const { seed, runs } = shardOf(plan, spec.defaultRuns);
    io.stderr(`sealroom check: ${id} on ${plan.variant}, seed ${seed}, ${runs} runs…\n`);
    return m.runCampaign({
      property: spec.id,
      variant: plan.variant,
      seed,
      runs,
      counterexampleDir: outDir,
      ...(args.path === undefined ? {} : { path: args.path }),
      ...(args.storage === undefined ? {} : { storage: args.storage }),
    });
  });
  const header = { variant: plan.variant, seed: plan.seed, runs: plan.runs ?? null, shard: args.shard ?? null };
  io.stdout(args.json ? `${JSON.stringify(m.checkJson(header, results), null, 2)}\n` : m.checkText(header, results));
  return results.every((r) => r.status === 'pass') ? EXIT.OK : EXIT.FAILED;
}

export const checkCommand = defineCommand<CheckArgs>({
  command: 'check',
  describe: 'Run property campaigns over generated worlds (and catch weak variants)',
  builder: (y) =>
    y
      .option('property', { type: 'string', array: true, requiresArg: true, describe: 'Property ID(s) to check (default: all)' })
      .option('variant', { type: 'string', default: 'reference', requiresArg: true, describe: 'Protocol variant: reference or a weak variant' })
      .option('runs', { type: 'number', requiresArg: true, describe: "Generated runs per property (default: each property's budget)" })
      .option('seed', { type: 'number', default: PINNED_SEED, requiresArg: true, describe: 'Campaign seed (fast-check)' })
      .option('shard', { type: 'string', requiresArg: true, describe: 'Run shard i of n (1-based): seed S+i-1 with its share of the runs' })
      .option('path', { type: 'string', requiresArg: true, describe: 'fast-check path of a counterexample: replay it directly (one --property)' })
      .option('out', { type: 'string', default: DEFAULT_COUNTEREXAMPLE_DIR, requiresArg: true, describe: 'Directory for counterexample scenario files' })
      .option('storage', { choices: ['memory', 'sqlite'] as const, requiresArg: true, describe: 'Storage medium of every simulated server and phone (default: memory)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the results as one JSON object' })
      .example('$0 check --property SEC-FS --variant no-ratchet', 'Show that the no-ratchet variant loses forward secrecy')
      .example('$0 check --runs 400 --seed 7 --shard 2/4', 'The second quarter of a long campaign (a CI matrix job)'),
  run: (args, io) => runCheck(args, io),
});
