// `sealroom run [--out DIR] [--seed S]` (`npm start`): runs the whole scenario library, one
// generated workload and the reference property campaigns, then writes every report into DIR — the
// transparency report, the property × scenario matrix, a timeline page per scenario, the campaign, an index.
import { EngineFault } from '../../engines/fault.ts';
import { writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { libraryFiles } from '../../reports/producers/library.ts';
import type { MatrixColumn, Unjudged } from '../../reports/producers/propertyMatrix.ts';
import type { RunSummary } from '../../reports/producers/runSummary.ts';
import type { ScenarioContract } from '../../reports/producers/scenarioRuns.ts';
import type { PublishedReport } from '../../reports/producers/transparencyPage.ts';
import type { SiteBundle } from '../../reports/render/site.ts';
import { UsageError } from '../../protocol/errors.ts';
import { ScenarioError, loadScenarioFile } from '../../scenarios/load.ts';
import type { PropertyId, Scenario } from '../../scenarios/types.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { CliInputError, EXIT, type ExitCode } from '../exitCodes.ts';
import { type JunitCase, junitXml } from '../formats/junit.ts';
import { ensureWritableDir, ensureWritableFile, readManifest, removeStaleOutputs, writeManifest, writeOutputFile } from '../outputs.ts';
import { parseJobs } from '../campaigns/jobs.ts';
import { runCampaigns, type PoolTask } from '../campaigns/pool.ts';
import { createProgress } from '../progress.ts';
import { type MetaLine, runMeta } from '../runMeta.ts';
import { catchMatrixSection } from './runCatchMatrix.ts';
import { MAX_WORLD_SEED, parseSeed } from '../seed.ts';

interface RunFlags {
  readonly out: string;
  /** Read as text: parseSeed refuses what a float parse would round. */
  readonly seed: string;
  readonly only: readonly string[] | undefined;
  readonly workload: boolean;
  readonly campaign: boolean;
  readonly junit: string | undefined;
  /** Campaigns run at once (cli/campaigns/pool.ts); default the core count. */
  readonly jobs: number | undefined;
}

type RunArgs = Omit<RunFlags, 'seed'> & { readonly seed: number };

const RUN_RESULTS_FORMAT = 'sealroom-run-results/1';
/** The workload every `run` adds to the library: small enough to cost seconds, big enough to show a period of traffic. */
const WORKLOAD = { users: 4, days: 2, server: 'curious', variant: 'reference' } as const;
/** Counterexample scenario files of the campaign go here, inside the output directory. */
const COUNTEREXAMPLE_SUBDIR = 'counterexamples';

/** The simulator, judges and producers load when the command runs, not when the CLI starts. */
async function producers() {
  const mods = await Promise.all([
    import('../../reports/producers/scenarioRuns.ts'),
    import('../../reports/producers/scenarioPage.ts'),
    import('../../reports/producers/propertyMatrix.ts'),
    import('../../reports/producers/transparencyIndex.ts'),
    import('../../reports/producers/simulatedCalendar.ts'),
    import('../../reports/producers/runIndex.ts'),
    import('../../reports/producers/workload.ts'),
    import('../../reports/producers/campaignPage.ts'),
    import('../reportFiles.ts'),
  ]);
  return Object.assign({}, ...mods) as Producers;
}
type Producers = typeof import('../../reports/producers/scenarioRuns.ts') &
  typeof import('../../reports/producers/scenarioPage.ts') &
  typeof import('../../reports/producers/propertyMatrix.ts') &
  typeof import('../../reports/producers/transparencyIndex.ts') &
  typeof import('../../reports/producers/simulatedCalendar.ts') &
  typeof import('../../reports/producers/runIndex.ts') &
  typeof import('../../reports/producers/workload.ts') &
  typeof import('../../reports/producers/campaignPage.ts') &
  typeof import('../reportFiles.ts');

interface Job {
  readonly label: string;
  readonly load: () => Scenario;
}

type Outcome = { readonly summary: RunSummary; readonly contract: ScenarioContract } | { readonly scenario: string; readonly error: string; readonly code: ExitCode };

function jobsFor(args: RunArgs, p: Producers): Job[] {
  let files = libraryFiles();
  if (args.only !== undefined) {
    const wanted = new Set(args.only);
    const names = new Set(files.map((f) => basename(f, '.json')));
    const unknown = [...wanted].filter((n) => !names.has(n) && n !== `sim-seed-${args.seed}`);
    if (unknown.length > 0) throw new CliInputError(`--only: no library scenario named ${unknown.join(', ')} (library: ${[...names].join(', ')})`);
    files = files.filter((f) => wanted.has(basename(f, '.json')));
  }
  const jobs: Job[] = files.map((f) => ({ label: basename(f, '.json'), load: () => loadScenarioFile(f) }));
  if (args.workload) jobs.push({ label: `sim-seed-${args.seed}`, load: () => p.workloadScenario({ seed: args.seed, ...WORKLOAD }) });
  return jobs;
}

function runJob(job: Job, seen: Set<string>, p: Producers): Outcome {
  let scenario: Scenario;
  try {
    scenario = job.load();
  } catch (e) {
    if (e instanceof ScenarioError) return { scenario: job.label, error: e.message, code: EXIT.BAD_INPUT };
    throw e;
  }
  if (seen.has(scenario.name)) return { scenario: `${job.label}-duplicate`, error: `two scenarios are named ${scenario.name}`, code: EXIT.BAD_INPUT };
  seen.add(scenario.name);
  try {
    const run = p.runAndSummarize(scenario);
    return { summary: run.summary, contract: p.contractOf(run.result) };
  } catch (e) {
    // A UsageError is the file asking for what the world cannot do (bad input, exit 2); any other crash
    // inside the simulator is a sealroom bug: reported on the page and with exit 3, after the other scenarios ran.
    // A fault of the engine under test is neither: exit 4, with its standard error on the page.
    if (e instanceof UsageError) return { scenario: scenario.name, error: `${e.name}: ${e.message}`, code: EXIT.BAD_INPUT };
    if (e instanceof EngineFault) return { scenario: scenario.name, error: e.message, code: EXIT.ENGINE_FAULT };
    return { scenario: scenario.name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), code: EXIT.INTERNAL };
  }
}

function columnOf(o: Outcome): MatrixColumn {
  if ('error' in o) return { scenario: o.scenario, error: o.error };
  const firstViolation: Partial<Record<PropertyId, string>> = {};
  for (const j of o.summary.judgements) if (j.violations[0] !== undefined) firstViolation[j.property] = j.violations[0];
  const unjudged: Partial<Record<PropertyId, Unjudged>> = {};
  for (const j of o.summary.judgements) if (j.verdict === 'not applicable' || j.verdict === 'not exercised') unjudged[j.property] = j.verdict;
  return { scenario: o.summary.scenario, variant: o.summary.variant, verdicts: o.summary.verdicts, expected: o.summary.expected, matches: o.summary.matches, firstViolation, unjudged };
}

/**
 * The property-campaign section: every campaign in properties/campaign.ts runs once against the
 * reference protocol at its default budget (what `npm test` runs) from --seed, and its page joins the site.
 * The catch matrix (runCatchMatrix.ts) joins the same way.
 */
interface CampaignSection {
  readonly bundle: SiteBundle;
  readonly failed: number;
  readonly total: number;
  readonly files: string[];
  readonly cases: JunitCase[];
  /** Campaigns whose generated run crashed: a bug in sealroom (exit 3), whatever the verdicts. */
  readonly crashed: number;
}

async function campaignSection(args: RunArgs, io: CliIo, p: Producers): Promise<CampaignSection> {
  const [{ CAMPAIGNS }, { runCampaign }] = await Promise.all([import('../../properties/campaign.ts'), import('../../properties/campaignRun.ts')]);
  const progress = createProgress({ label: 'property campaigns', total: CAMPAIGNS.length, stream: io.progressStream, env: io.env });
  const counterexampleDir = join(args.out, COUNTEREXAMPLE_SUBDIR);
  const tasks = CAMPAIGNS.map((c): PoolTask => ({ options: { property: c.id, variant: 'reference', seed: args.seed, runs: c.defaultRuns, counterexampleDir }, onDone: () => progress.tick() }));
  const results = await runCampaigns(tasks, parseJobs(args.jobs), runCampaign);
  const failed = results.filter((r) => r.status === 'fail').length;
  progress.finish(`${CAMPAIGNS.length - failed} of ${CAMPAIGNS.length} properties held`);
  const rows = results.map((r) => ({ ...r, seed: args.seed }));
  const bundle = p.campaignBundle(rows, { variant: 'reference', seed: args.seed, link: (file) => relative(args.out, file) });
  const files = results.flatMap((r) => (r.counterexample?.scenarioFile == null ? [] : [relative(args.out, r.counterexample.scenarioFile)]));
  const cases = results.map((r): JunitCase => {
    const base = { classname: 'sealroom.run.campaign', name: r.property, assertions: r.runs };
    if (r.status === 'pass') return base;
    const detail = r.counterexample === null ? r.shortfall.join('\n') : [...r.counterexample.violations, `replay: ${r.counterexample.replay}`].join('\n');
    return { ...base, problem: { kind: r.counterexample?.crash === undefined ? 'failure' : 'error', message: r.reason ?? 'failed', type: r.reason ?? 'failed', detail } };
  });
  const crashed = results.filter((r) => r.counterexample?.crash !== undefined).length;
  return { bundle: { name: p.CAMPAIGN_PAGE_NAME, bundle }, failed, total: CAMPAIGNS.length, files, cases, crashed };
}

/** Mutated inputs per target in `sealroom run`'s reliability page: a few seconds, five times what `npm test` tries. */
const RUN_FUZZ_BUDGET = 500;

/** The reliability suite (reports/producers/reliabilitySuite.ts): the mutation fuzzer, a small crash-injection budget and a short soak, as a page. */
async function reliabilitySection(seed: number): Promise<{ bundle: SiteBundle; problems: number; tried: number }> {
  const [{ runReliabilitySuite, runCrashBudget }, { RUN_SOAK }] = await Promise.all([import('../../reports/producers/reliabilitySuite.ts'), import('../../reports/producers/reliabilitySoak.ts')]);
  const r = await runReliabilitySuite({ seed: String(seed), fuzzBudget: RUN_FUZZ_BUDGET, crash: runCrashBudget(), soak: RUN_SOAK });
  return { bundle: { name: 'reliability', bundle: r.bundle }, problems: r.problems, tried: r.tried };
}

function summariesOf(outcomes: readonly Outcome[]): RunSummary[] {
  return outcomes.flatMap((o) => ('summary' in o ? [o.summary] : []));
}

function bundlesOf(outcomes: readonly Outcome[], args: RunArgs, p: Producers, extra: readonly { title: string; href: string }[]): SiteBundle[] {
  const summaries = outcomes.flatMap((o) => ('summary' in o ? [o.summary] : []));
  const links = [{ label: 'Property matrix', href: 'matrix.html' }];
  const pages = summaries.map((s) => ({
    name: p.scenarioPageName(s.scenario),
    bundle: p.scenarioPageBundle(s, {
      links,
      replayCommand: s.scenario.startsWith('sim-seed-')
        ? `sealroom sim --seed ${s.seed} --users ${WORKLOAD.users} --days ${WORKLOAD.days} --server ${WORKLOAD.server}`
        : `sealroom scenario run ${s.scenario}`,
    }),
  }));
  const published: PublishedReport[] = summaries.map((s) => ({ scenario: s.scenario, report: s.transparency, lied: s.operatorLied, warrantVerdict: s.verdicts['SEC-WARRANT'] }));
  const columns = outcomes.map(columnOf);
  const described = new Map(summaries.map((s) => [s.scenario, { variant: s.variant, server: s.serverMode, goal: s.goal }] as const));
  const command = `sealroom run --out ${args.out} --seed ${args.seed}`;
  return [
    ...pages,
    { name: 'matrix', bundle: p.propertyMatrixBundle(columns) },
    ...p.transparencyPages(published, { epochMs: p.SIMULATED_EPOCH_MS }),
    { name: 'index', bundle: p.runIndexBundle({ columns, described, command, extraReports: extra }) },
  ];
}

const MACHINE_FILES = ['run-results.json', 'transparency-reports.json'] as const;

async function writeMachineFiles(outDir: string, outcomes: readonly Outcome[]): Promise<void> {
  const results = outcomes.map((o) => ('contract' in o ? o.contract : { scenario: o.scenario, error: o.error }));
  await writeFile(join(outDir, 'run-results.json'), `${JSON.stringify({ format: RUN_RESULTS_FORMAT, scenarios: results }, null, 2)}\n`, 'utf8');
  const reports = outcomes.flatMap((o) => ('summary' in o ? [{ scenario: o.summary.scenario, lied: o.summary.operatorLied, report: o.summary.transparency }] : []));
  await writeFile(join(outDir, 'transparency-reports.json'), `${JSON.stringify({ format: 'sealroom-transparency-reports/1', runs: reports }, null, 2)}\n`, 'utf8');
}

/** The worst outcome wins; a bug in sealroom is worse than a fault of the engine under test. */
const SEVERITY: readonly ExitCode[] = [EXIT.OK, EXIT.FAILED, EXIT.BAD_INPUT, EXIT.ENGINE_FAULT, EXIT.INTERNAL];

function exitCodeOf(outcomes: readonly Outcome[]): ExitCode {
  let code: ExitCode = EXIT.OK;
  for (const o of outcomes) {
    const c = 'code' in o ? o.code : o.summary.matches ? EXIT.OK : EXIT.FAILED;
    if (SEVERITY.indexOf(c) > SEVERITY.indexOf(code)) code = c;
  }
  return code;
}

/** One JUnit case per scenario: a crash or unloadable file is an error, unmet expectations a failure. */
function junitCases(outcomes: readonly Outcome[]): JunitCase[] {
  return outcomes.map((o): JunitCase => {
    if ('error' in o)
      return {
        classname: 'sealroom.run.scenario',
        name: o.scenario,
        problem: { kind: 'error', message: o.error, type: o.code === EXIT.BAD_INPUT ? 'bad-input' : o.code === EXIT.ENGINE_FAULT ? 'engine-fault' : 'crash', detail: o.error },
      };
    const base = { classname: 'sealroom.run.scenario', name: o.summary.scenario };
    if (o.summary.matches) return base;
    const unmet = o.summary.judgements.filter((j) => j.expected !== null && j.expected !== j.verdict).map((j) => `${j.property} ${j.verdict} (expected ${j.expected})`);
    return { ...base, problem: { kind: 'failure', message: unmet.join(', '), type: 'expectation', detail: `${unmet.join('\n')}\nreplay: sealroom scenario run ${o.summary.scenario}` } };
  });
}

function reportLines(outcomes: readonly Outcome[], io: CliIo): void {
  for (const o of outcomes) {
    if ('error' in o) io.stdout(`! ${o.scenario}: ${o.error}\n`);
    else if (!o.summary.matches) {
      const unmet = o.summary.judgements.filter((j) => j.expected !== null && j.expected !== j.verdict).map((j) => `${j.property} ${j.verdict} (expected ${j.expected})`);
      io.stdout(`✗ ${o.summary.scenario}: ${unmet.join(', ')}\n`);
    }
  }
}

/**
 * Writes every output and the manifest. The files an earlier run recorded in the manifest are removed
 * first (so the index lists no scenario that left the library); a file sealroom did not write is never touched.
 */
async function writeAll(outDir: string, outcomes: readonly Outcome[], bundles: readonly SiteBundle[], written: readonly string[], p: Producers, meta: readonly MetaLine[]) {
  removeStaleOutputs(outDir, readManifest(outDir), new Set(written));
  await writeMachineFiles(outDir, outcomes);
  const site = await p.writeReports(outDir, bundles, 'Made by sealroom run (npm start). Every number comes from the simulated runs; nothing reads the wall clock.', meta);
  writeManifest(outDir, [...MACHINE_FILES, ...bundles.map((b) => `${b.name}.json`), ...site.files, ...written]);
  return site;
}

export const runCommand = defineCommand<RunFlags>({
  command: 'run',
  describe: 'Run the whole scenario library and a generated workload, and write every report (npm start)',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'reports/out', requiresArg: true, describe: 'Where the reports go' })
      .option('seed', { type: 'string', default: '1', requiresArg: true, describe: 'Seed of the generated workload and of the property campaigns (0 … 2^53 − 1)' })
      .option('only', { type: 'array', string: true, describe: 'Run only these library scenarios (by name)' })
      .option('workload', { type: 'boolean', default: true, describe: 'Add the generated workload run (--no-workload to leave it out)' })
      .option('jobs', { type: 'number', requiresArg: true, describe: 'Campaigns run at once in worker threads (default: the core count); the results are the serial ones' })
      .option('campaign', { type: 'boolean', default: true, describe: 'Run the reference property campaigns and the weak-variant catch matrix at their default budgets (--no-campaign to skip both)' })
      .option('junit', { type: 'string', requiresArg: true, describe: 'Also write every scenario and campaign as a JUnit XML test case here' })
      .example('$0 run', 'Everything, reports in reports/out/')
      .example('$0 run --out /tmp/r --only phone-seized-after-view --no-workload --no-campaign', 'One scenario, quick'),
  run: async (args, io) => {
    const seed = Number(parseSeed('--seed', args.seed, MAX_WORLD_SEED));
    const a: RunArgs = { ...args, seed };
    parseJobs(a.jobs); // a bad --jobs is bad input before any work
    // Before any work: an --out that cannot be written is bad input, found now rather than at the end.
    ensureWritableDir('--out', a.out);
    if (a.junit !== undefined) ensureWritableFile('--junit', resolve(io.cwd, a.junit));
    const p = await producers();
    const jobs = jobsFor(a, p);
    const progress = createProgress({ label: 'scenarios', total: jobs.length, stream: io.progressStream, env: io.env });
    const seen = new Set<string>();
    const outcomes: Outcome[] = [];
    for (const job of jobs) {
      outcomes.push(runJob(job, seen, p));
      progress.tick();
    }
    const matched = outcomes.filter((o) => 'summary' in o && o.summary.matches).length;
    progress.finish(`${matched} of ${jobs.length} scenarios as expected`);
    const campaign = a.campaign ? await campaignSection(a, io, p) : undefined;
    // The other half of the evidence: every weak variant must fail the properties it breaks.
    const catches = a.campaign ? await catchMatrixSection({ out: a.out, seed: a.seed, counterexampleSubdir: COUNTEREXAMPLE_SUBDIR, jobs: parseJobs(a.jobs) }, io, summariesOf(outcomes)) : undefined;
    const reliability = a.campaign ? await reliabilitySection(a.seed) : undefined;
    const extra = [
      ...(campaign === undefined ? [] : [{ title: `Property campaign: ${campaign.total - campaign.failed} of ${campaign.total} properties held`, href: `${p.CAMPAIGN_PAGE_NAME}.html` }]),
      ...(reliability === undefined ? [] : [{ title: `Reliability: ${reliability.problems} problems in ${reliability.tried} mutated inputs`, href: `${reliability.bundle.name}.html` }]),
      ...(catches === undefined ? [] : [{ title: `Catch matrix: ${catches.total - catches.missed} of ${catches.total} weak-variant pairs caught`, href: `${catches.bundle.name}.html` }]),
    ];
    const bundles = [
      ...bundlesOf(outcomes, a, p, extra),
      ...(campaign === undefined ? [] : [campaign.bundle]),
      ...(catches === undefined ? [] : [catches.bundle]),
      ...(reliability === undefined ? [] : [reliability.bundle]),
    ];
    const site = await writeAll(a.out, outcomes, bundles, [...(campaign?.files ?? []), ...(catches?.files ?? [])], p, runMeta(io, a.seed));
    if (a.junit !== undefined) {
      const cases = [...junitCases(outcomes), ...(campaign?.cases ?? [])];
      writeOutputFile('--junit', resolve(io.cwd, a.junit), junitXml(`sealroom run: seed ${a.seed}`, [['seed', String(a.seed)]], cases));
    }
    reportLines(outcomes, io);
    io.stdout(`${matched} of ${jobs.length} scenarios ended as expected; ${site.files.length} files in ${a.out}\nindex: ${site.indexHtml}\n`);
    if (campaign !== undefined && campaign.failed > 0) io.stdout(`✗ property campaign: ${campaign.failed} of ${campaign.total} properties failed (see ${p.CAMPAIGN_PAGE_NAME}.html)\n`);
    if (catches !== undefined && catches.missed > 0) io.stdout(`✗ catch matrix: ${catches.missed} of ${catches.total} weak-variant pairs missed (see ${catches.bundle.name}.html)\n`);
    const code = exitCodeOf(outcomes);
    if (campaign !== undefined && campaign.crashed > 0) return EXIT.INTERNAL;
    if (reliability !== undefined && reliability.problems > 0)
      io.stdout(`✗ reliability: ${reliability.problems} problems: fuzzer crashes or violations, crash-injection findings or failed soak properties (see ${reliability.bundle.name}.html)\n`);
    const judged = (campaign !== undefined && campaign.failed > 0) || (catches !== undefined && catches.missed > 0) || (reliability !== undefined && reliability.problems > 0);
    return judged && code === EXIT.OK ? EXIT.FAILED : code;
  },
});
