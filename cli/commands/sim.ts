// `sealroom sim --seed N --users U --days D --server honest|curious|malicious [--variant V] [--out DIR]`:
// generates a seeded workload scenario (reports/producers/workload.ts), runs it, and writes the trace, a
// summary (JSON + Markdown), the timeline page and the operator's transparency report into DIR.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../protocol/errors.ts';
import { ALL_VARIANTS, type VariantName } from '../../protocol/variant.ts';
import type { ServerMode } from '../../scenarios/types.ts';
import type { ScenarioRun } from '../../reports/producers/scenarioRuns.ts';
import { DAYS_MAX, DAYS_MIN, USERS_MAX, USERS_MIN, workloadScenario, type WorkloadOptions } from '../../reports/producers/workload.ts';
import { defineCommand } from '../command.ts';
import { CliInputError, EXIT } from '../exitCodes.ts';
import { ensureWritableDir } from '../outputs.ts';
import { MAX_WORLD_SEED, parseSeed } from '../seed.ts';
import type { StorageKind } from '../../sim/storage/engine.ts';
import { type MetaLine, runMeta } from '../runMeta.ts';

const STORAGE_KINDS: readonly StorageKind[] = ['memory', 'sqlite'];

/** The simulator, judges and producers load when the command runs, not when the CLI starts. */
async function producers() {
  const mods = await Promise.all([
    import('../../reports/producers/scenarioRuns.ts'),
    import('../../reports/producers/scenarioPage.ts'),
    import('../../reports/producers/simReport.ts'),
    import('../../reports/producers/transparencyPage.ts'),
    import('../../reports/producers/simulatedCalendar.ts'),
    import('../../reports/producers/verdictText.ts'),
    import('../../sim/authority/index.ts'),
    import('../reportFiles.ts'),
  ]);
  return Object.assign({}, ...mods) as Producers;
}
type Producers = typeof import('../../reports/producers/scenarioRuns.ts') &
  typeof import('../../reports/producers/scenarioPage.ts') &
  typeof import('../../reports/producers/simReport.ts') &
  typeof import('../../reports/producers/transparencyPage.ts') &
  typeof import('../../reports/producers/simulatedCalendar.ts') &
  typeof import('../../reports/producers/verdictText.ts') &
  typeof import('../../sim/authority/index.ts') &
  typeof import('../reportFiles.ts');

interface SimArgs {
  /** Read as text: parseSeed refuses what a float parse would round. */
  readonly seed: string;
  readonly users: number;
  readonly days: number;
  readonly server: ServerMode;
  readonly variant: VariantName;
  readonly out: string | undefined;
  readonly json: boolean;
  /** The storage medium of the server and phones. */
  readonly storage: StorageKind;
}

const SERVER_MODES: readonly ServerMode[] = ['honest', 'curious', 'malicious'];
const TRACE_FILE = 'trace.jsonl';
const SCENARIO_FILE = 'scenario.json';

function optionsOf(args: SimArgs): WorkloadOptions {
  const int = (v: number, lo: number, hi: number, flag: string) => {
    if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new CliInputError(`--${flag} must be an integer from ${lo} to ${hi}, got ${v}`);
  };
  const seed = Number(parseSeed('--seed', args.seed, MAX_WORLD_SEED));
  int(args.users, USERS_MIN, USERS_MAX, 'users');
  int(args.days, DAYS_MIN, DAYS_MAX, 'days');
  return { seed, users: args.users, days: args.days, server: args.server, variant: args.variant };
}

function runWorkload(options: WorkloadOptions, storage: StorageKind, p: Producers): ScenarioRun {
  try {
    return p.runAndSummarize({ ...workloadScenario(options), storage });
  } catch (e) {
    // The world refuses a variant whose session engine it cannot run yet (shipped-2014): a usage problem, not a crash.
    if (e instanceof UsageError && /variant/.test(e.message)) throw new CliInputError(e.message);
    throw e;
  }
}

async function writeSimFiles(outDir: string, run: ScenarioRun, options: WorkloadOptions, storage: StorageKind, p: Producers, meta: readonly MetaLine[]): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const s = run.summary;
  await writeFile(join(outDir, TRACE_FILE), run.trace.jsonl, 'utf8');
  await writeFile(join(outDir, SCENARIO_FILE), `${JSON.stringify(run.scenario, null, 2)}\n`, 'utf8');
  await writeFile(join(outDir, 'sim-summary.json'), `${JSON.stringify(p.simSummary(s, options), null, 2)}\n`, 'utf8');
  await writeFile(join(outDir, 'transparency-report.json'), `${JSON.stringify(s.transparency, null, 2)}\n`, 'utf8');
  await writeFile(join(outDir, 'transparency-report.md'), p.renderTransparencyMarkdown(s.transparency), 'utf8');
  const replay = `sealroom sim --seed ${options.seed} --users ${options.users} --days ${options.days} --server ${options.server} --variant ${options.variant}${storage === 'memory' ? '' : ` --storage ${storage}`}`;
  const bundles = [
    { name: 'index', bundle: p.simSummaryBundle(s, options, { trace: TRACE_FILE, scenario: SCENARIO_FILE }) },
    { name: p.scenarioPageName(s.scenario), bundle: p.scenarioPageBundle(s, { replayCommand: replay, links: [{ label: 'Trace (JSON Lines)', href: TRACE_FILE }] }) },
    {
      name: 'transparency',
      bundle: p.transparencyBundle([{ scenario: s.scenario, report: s.transparency, lied: s.operatorLied, warrantVerdict: s.verdicts['SEC-WARRANT'] }], { epochMs: p.SIMULATED_EPOCH_MS }),
    },
  ];
  return (await p.writeReports(outDir, bundles, `Made by: ${replay}`, meta)).indexHtml;
}

export const simCommand = defineCommand<SimArgs>({
  command: 'sim',
  describe: 'Simulate a seeded workload (users in pairs, days of traffic, a warrant and a seizure) and write its trace and reports',
  builder: (y) =>
    y
      .option('seed', { type: 'string', default: '1', requiresArg: true, describe: 'Seed of the workload and of the world (0 … 2^53 − 1)' })
      .option('users', { type: 'number', default: 4, requiresArg: true, describe: `Users, paired into direct rooms (${USERS_MIN}–${USERS_MAX})` })
      .option('days', { type: 'number', default: 2, requiresArg: true, describe: `Simulated days of traffic (${DAYS_MIN}–${DAYS_MAX})` })
      .option('server', { choices: SERVER_MODES, default: 'honest' as ServerMode, requiresArg: true, describe: 'How the server behaves' })
      .option('variant', { choices: ALL_VARIANTS, default: 'reference' as VariantName, requiresArg: true, describe: 'Protocol variant (reference or a weak variant)' })
      .option('out', { type: 'string', requiresArg: true, describe: 'Where to write (default reports/out/sim-seed-N)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the summary JSON instead of the verdict table' })
      .option('storage', {
        choices: STORAGE_KINDS,
        default: 'memory' as StorageKind,
        requiresArg: true,
        describe: 'Storage medium of the server and phones: memory, or SQLite files judged on their raw bytes',
      })
      .example('$0 sim --seed 7 --users 6 --days 3 --server curious', 'Three days of six users against a curious server')
      .example('$0 sim --server malicious --variant no-replay-check', 'A malicious server against a weak variant'),
  run: async (args, io) => {
    const options = optionsOf(args);
    io.stderr(`sim: ${options.users} users, ${options.days} days, ${options.server} server, variant ${options.variant}, seed ${options.seed} (run, judge, replay)…\n`);
    const out = args.out ?? join('reports', 'out', `sim-seed-${options.seed}`);
    // An unwritable --out is bad input found before the run; the verdicts print before the files are written.
    ensureWritableDir('--out', out);
    const p = await producers();
    const run = runWorkload(options, args.storage, p);
    const summary = p.simSummary(run.summary, options);
    if (args.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      io.stdout(p.verdictTableText({ ...run.summary }));
      const c = summary.counts;
      io.stdout(
        `${c.messagesSent} messages, ${c.deliveries} deliveries, ${c.views} views, ${c.envelopesSeenByServer} envelopes at the server, ${c.serverSeizures} server seizure(s), ${c.warrants} warrant(s)\n`,
      );
    }
    const index = await writeSimFiles(out, run, options, args.storage, p, runMeta(io, options.seed));
    io.stderr(`wrote ${TRACE_FILE}, ${SCENARIO_FILE}, sim-summary.json, transparency-report.{json,md} and the report pages to ${out}; index: ${index}\n`);
    return summary.allPass ? EXIT.OK : EXIT.FAILED;
  },
});
