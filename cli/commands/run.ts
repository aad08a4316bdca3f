// `sealroom run [--out DIR] [--seed S]` (`npm start`): runs the whole scenario library, one
// generated workload and the reference property campaigns, then writes every report into DIR — the
// transparency report, the property × scenario matrix, a timeline page per scenario, the campaign, an index.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { libraryFiles } from '../../reports/producers/library.ts';
import type { MatrixColumn } from '../../reports/producers/propertyMatrix.ts';
import type { RunSummary } from '../../reports/producers/runSummary.ts';
import type { ScenarioContract } from '../../reports/producers/scenarioRuns.ts';
import type { PublishedReport } from '../../reports/producers/transparencyPage.ts';
import type { SiteBundle } from '../../reports/render/site.ts';
import { ScenarioError, loadScenarioFile } from '../../scenarios/load.ts';
import type { PropertyId, Scenario } from '../../scenarios/types.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { CliInputError, EXIT, type ExitCode } from '../exitCodes.ts';
import { createProgress } from '../progress.ts';

interface RunArgs {
  readonly out: string;
  readonly seed: number;
  readonly only: readonly string[] | undefined;
  readonly workload: boolean;
  readonly campaign: boolean;
}

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
    import('../../reports/producers/transparencyPage.ts'),
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
  typeof import('../../reports/producers/transparencyPage.ts') &
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
    // A crash inside the simulator is a sealroom bug: reported on the page and with exit 3, after the other scenarios ran.
    return { scenario: scenario.name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), code: EXIT.INTERNAL };
  }
}

function columnOf(o: Outcome): MatrixColumn {
  if ('error' in o) return { scenario: o.scenario, error: o.error };
  const firstViolation: Partial<Record<PropertyId, string>> = {};
  for (const j of o.summary.judgements) if (j.violations[0] !== undefined) firstViolation[j.property] = j.violations[0];
  return { scenario: o.summary.scenario, verdicts: o.summary.verdicts, expected: o.summary.expected, matches: o.summary.matches, firstViolation };
}

/**
 * The property-campaign section: every campaign in properties/campaign.ts runs once against the
 * reference protocol at its default budget (what `npm test` runs) from --seed, and its page joins the site.
 * This is the hook: a weak-variant matrix or any other campaign report is added here the same way.
 */
async function campaignSection(args: RunArgs, io: CliIo, p: Producers): Promise<{ bundle: SiteBundle; failed: number; total: number }> {
  const [{ CAMPAIGNS }, { runCampaign }] = await Promise.all([import('../../properties/campaign.ts'), import('../../properties/campaignRun.ts')]);
  const progress = createProgress({ label: 'property campaigns', total: CAMPAIGNS.length, stream: io.progressStream, env: io.env });
  const counterexampleDir = join(args.out, COUNTEREXAMPLE_SUBDIR);
  const results = CAMPAIGNS.map((c) => {
    const r = runCampaign({ property: c.id, variant: 'reference', seed: args.seed, runs: c.defaultRuns, counterexampleDir });
    progress.tick();
    return r;
  });
  const failed = results.filter((r) => r.status === 'fail').length;
  progress.finish(`${CAMPAIGNS.length - failed} of ${CAMPAIGNS.length} properties held`);
  const bundle = p.campaignBundle(results, { variant: 'reference', seed: args.seed, link: (file) => relative(args.out, file) });
  return { bundle: { name: p.CAMPAIGN_PAGE_NAME, bundle }, failed, total: CAMPAIGNS.length };
}

/** Removes scenario pages an earlier run wrote for scenarios no longer in this one (so the index does not list them). */
function removeStalePages(outDir: string, current: ReadonlySet<string>): void {
  if (!existsSync(outDir)) return;
  for (const f of readdirSync(outDir)) {
    const m = /^(scenario-[a-z0-9][a-z0-9-]*?)\.(?:json|md|html|[a-z0-9-]+\.svg)$/.exec(f);
    if (m?.[1] !== undefined && !current.has(m[1])) rmSync(join(outDir, f), { force: true });
  }
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
    { name: 'transparency', bundle: p.transparencyBundle(published) },
    { name: 'index', bundle: p.runIndexBundle({ columns, described, command, extraReports: extra }) },
  ];
}

async function writeMachineFiles(outDir: string, outcomes: readonly Outcome[]): Promise<void> {
  const results = outcomes.map((o) => ('contract' in o ? o.contract : { scenario: o.scenario, error: o.error }));
  await writeFile(join(outDir, 'run-results.json'), `${JSON.stringify({ format: RUN_RESULTS_FORMAT, scenarios: results }, null, 2)}\n`, 'utf8');
  const reports = outcomes.flatMap((o) => ('summary' in o ? [{ scenario: o.summary.scenario, lied: o.summary.operatorLied, report: o.summary.transparency }] : []));
  await writeFile(join(outDir, 'transparency-reports.json'), `${JSON.stringify({ format: 'sealroom-transparency-reports/1', runs: reports }, null, 2)}\n`, 'utf8');
}

function exitCodeOf(outcomes: readonly Outcome[]): ExitCode {
  let code: ExitCode = EXIT.OK;
  for (const o of outcomes) {
    const c = 'code' in o ? o.code : o.summary.matches ? EXIT.OK : EXIT.FAILED;
    if (c > code) code = c;
  }
  return code;
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

export const runCommand = defineCommand<RunArgs>({
  command: 'run',
  describe: 'Run the whole scenario library and a generated workload, and write every report (npm start)',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'reports/out', requiresArg: true, describe: 'Where the reports go' })
      .option('seed', { type: 'number', default: 1, requiresArg: true, describe: 'Seed of the generated workload and of the property campaigns' })
      .option('only', { type: 'array', string: true, describe: 'Run only these library scenarios (by name)' })
      .option('workload', { type: 'boolean', default: true, describe: 'Add the generated workload run (--no-workload to leave it out)' })
      .option('campaign', { type: 'boolean', default: true, describe: 'Run the reference property campaigns at their default budget (--no-campaign to skip)' })
      .example('$0 run', 'Everything, reports in reports/out/')
      .example('$0 run --out /tmp/r --only phone-seized-after-view --no-workload --no-campaign', 'One scenario, quick'),
  run: async (args, io) => {
    if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new CliInputError(`--seed must be a non-negative integer, got ${args.seed}`);
    const p = await producers();
    const jobs = jobsFor(args, p);
    const progress = createProgress({ label: 'scenarios', total: jobs.length, stream: io.progressStream, env: io.env });
    const seen = new Set<string>();
    const outcomes: Outcome[] = [];
    for (const job of jobs) {
      outcomes.push(runJob(job, seen, p));
      progress.tick();
    }
    const matched = outcomes.filter((o) => 'summary' in o && o.summary.matches).length;
    progress.finish(`${matched} of ${jobs.length} scenarios as expected`);
    const campaign = args.campaign ? await campaignSection(args, io, p) : undefined;
    const extra = campaign === undefined ? [] : [{ title: `Property campaign: ${campaign.total - campaign.failed} of ${campaign.total} properties held`, href: `${p.CAMPAIGN_PAGE_NAME}.html` }];
    const bundles = [...bundlesOf(outcomes, args, p, extra), ...(campaign === undefined ? [] : [campaign.bundle])];
    removeStalePages(args.out, new Set(bundles.map((b) => b.name)));
    await mkdir(args.out, { recursive: true });
    await writeMachineFiles(args.out, outcomes);
    const site = await p.writeReports(args.out, bundles, 'Made by sealroom run (npm start). Every number comes from the simulated runs; nothing reads the wall clock.');
    reportLines(outcomes, io);
    io.stdout(`${matched} of ${jobs.length} scenarios ended as expected; ${site.files.length} files in ${args.out}\nindex: ${site.indexHtml}\n`);
    if (campaign !== undefined && campaign.failed > 0) io.stdout(`✗ property campaign: ${campaign.failed} of ${campaign.total} properties failed (see ${p.CAMPAIGN_PAGE_NAME}.html)\n`);
    const code = exitCodeOf(outcomes);
    return campaign !== undefined && campaign.failed > 0 && code === EXIT.OK ? EXIT.FAILED : code;
  },
});
