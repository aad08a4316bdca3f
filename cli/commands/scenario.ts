// `sealroom scenario list [--json]`, `scenario run NAME|FILE [--json] [--out DIR]` and `scenario replay FILE`
// list the library, run one scenario and compare its verdicts with what it expects,
// re-run a counterexample file. run: exit 0 verdicts as expected, 1 not. replay: exit 0 when every
// failure the file records now passes ("fixed"), 1 when it still fails ("reproduces") or the verdicts
// changed otherwise. Both: 2 a bad file, unknown name or unwritable --out.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { libraryFiles, resolveScenarioArg } from '../../reports/producers/library.ts';
import type { ScenarioRun } from '../../reports/producers/scenarioRuns.ts';
import { UsageError } from '../../protocol/errors.ts';
import { isEngineName } from '../../engines/registry.ts';
import { loadScenarioFile, ScenarioError } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { StorageKind } from '../../sim/storage/engine.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { CliInputError, EXIT, type ExitCode } from '../exitCodes.ts';
import { type JunitCase, junitXml } from '../formats/junit.ts';
import { ensureWritableDir, ensureWritableFile, writeOutputFile } from '../outputs.ts';
import { type MetaLine, runMeta } from '../runMeta.ts';

/** The simulator, judges and report producers load only when a scenario runs: `list` and `--help` stay quick. */
async function producers() {
  const [runs, page, text, files] = await Promise.all([
    import('../../reports/producers/scenarioRuns.ts'),
    import('../../reports/producers/scenarioPage.ts'),
    import('../../reports/producers/verdictText.ts'),
    import('../reportFiles.ts'),
  ]);
  return { ...runs, ...page, ...text, ...files };
}

/** Loads a scenario file; a malformed one is bad input (exit 2) and its ScenarioError is printed as is. */
function loadOrExplain(file: string, engine?: string): Scenario {
  try {
    const s = engine === undefined ? loadScenarioFile(file) : loadScenarioFile(file, { allowExec: engine });
    if (engine === undefined || s.engine === engine) return s;
    if (s.engine !== undefined) throw new CliInputError(`--engine ${engine}: the scenario ${file} names the engine ${s.engine}`);
    return { ...s, engine };
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliInputError(e.message);
    throw e;
  }
}

/**
 * Runs a scenario from the user. A UsageError from the world is the file asking for something the
 * world cannot do (a replay of an envelope never sent, …) that the loader's checks did not foresee: bad
 * input (exit 2), told as one line. Anything else thrown is a bug in sealroom (exit 3).
 */
function runOrExplain<T>(run: () => T, file: string): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof UsageError) throw new CliInputError(`${file}: the world cannot run this scenario: ${e.message}`);
    throw e;
  }
}

function resolveOrExplain(arg: string, io: CliIo): string {
  const file = resolveScenarioArg(arg, io.cwd);
  if (file !== undefined) return file;
  const names = libraryFiles().map((f) => basename(f, '.json'));
  throw new CliInputError(`no scenario file ${arg} and no library scenario by that name (library: ${names.join(', ') || 'empty'})`);
}

// ---- list ------------------------------------------------------------------------------------------

interface ListArgs {
  readonly json: boolean;
}

interface ListedScenario {
  readonly name: string;
  readonly file: string;
  readonly variant: string;
  readonly server: string;
  readonly goal: string;
}

function listLibrary(cwd: string): { listed: ListedScenario[]; broken: { file: string; error: string }[] } {
  const listed: ListedScenario[] = [];
  const broken: { file: string; error: string }[] = [];
  for (const file of libraryFiles()) {
    try {
      const s = loadScenarioFile(file);
      listed.push({ name: s.name, file: relative(cwd, file), variant: s.variant, server: s.server.mode, goal: s.description.goal });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      broken.push({ file, error: e.message });
    }
  }
  return { listed, broken };
}

const listCommand = defineCommand<ListArgs>({
  command: 'list',
  describe: 'List the scenario library (name, variant, server mode, goal)',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print [{ name, file, variant, server, goal }] as JSON' }),
  run: async (args, io) => {
    const { listed, broken } = listLibrary(io.cwd);
    if (args.json) io.stdout(`${JSON.stringify(listed, null, 2)}\n`);
    else {
      const { terminalTable } = await import('../../reports/render/terminalTable.ts');
      const columns = [{ label: 'name' }, { label: 'variant' }, { label: 'server' }, { label: 'goal' }];
      io.stdout(
        terminalTable(
          columns,
          listed.map((s) => [s.name, s.variant, s.server, s.goal]),
        ),
      );
    }
    for (const b of broken) io.stderr(`sealroom: ${b.error}\n`);
    return broken.length === 0 ? EXIT.OK : EXIT.BAD_INPUT;
  },
});

// ---- run / replay --------------------------------------------------------------------------------------

interface RunArgs {
  readonly scenario: string;
  readonly json: boolean;
  readonly out: string | undefined;
  /** The storage medium for a scenario that does not pin one. */
  readonly storage: StorageKind | undefined;
  readonly junit: string | undefined;
  /** The engine to run (a registered name or exec:COMMAND); the one way a file's exec: engine is allowed to start. */
  readonly engine: string | undefined;
}

const STORAGE_KINDS: readonly StorageKind[] = ['memory', 'sqlite'];

/** A scenario that pins its storage engine keeps it; otherwise --storage applies. */
function withStorage(s: Scenario, storage: StorageKind | undefined, io: CliIo): Scenario {
  if (storage === undefined || s.storage === storage) return s;
  if (s.storage !== undefined) {
    io.stderr(`${s.name} pins storage "${s.storage}": --storage ${storage} ignored\n`);
    return s;
  }
  return { ...s, storage };
}

async function writeRunFiles(outDir: string, run: ScenarioRun, replayCommand: string, meta: readonly MetaLine[]): Promise<string> {
  const { scenarioPageBundle, scenarioPageName, writeReports } = await producers();
  await mkdir(outDir, { recursive: true });
  const traceName = `${run.scenario.name}.trace.jsonl`;
  await writeFile(join(outDir, traceName), run.trace.jsonl, 'utf8');
  const bundle = scenarioPageBundle(run.summary, { replayCommand, links: [{ label: 'Trace (JSON Lines)', href: traceName }] });
  const site = await writeReports(outDir, [{ name: scenarioPageName(run.scenario.name), bundle }], undefined, meta);
  return site.indexHtml;
}

/** What replaying a counterexample shows: its recorded failures all pass now, it fails as recorded, or something else changed. */
type ReplayOutcome = 'fixed' | 'reproduces' | 'changed' | 'no recorded failure';

function replayOutcome(run: ScenarioRun): ReplayOutcome {
  const rows = run.summary.judgements.filter((j) => j.expected !== null);
  const recorded = rows.filter((j) => j.expected === 'fail');
  if (recorded.length === 0) return 'no recorded failure';
  if (run.result.matches) return 'reproduces';
  const fixed = recorded.every((j) => j.verdict === 'pass') && rows.every((j) => j.expected === 'fail' || j.verdict === j.expected);
  return fixed ? 'fixed' : 'changed';
}

const REPLAY_TEXT: Record<ReplayOutcome, string> = {
  fixed: 'FIXED: every failure this counterexample recorded now passes (exit 0)',
  reproduces: 'reproduces: every recorded verdict comes out the same, so the failure is still there (exit 1)',
  changed: 'CHANGED: the verdicts differ from those recorded in the file, and not only by passing (exit 1)',
  'no recorded failure': 'the file records no failure: judged as a scenario run',
};

function replayExit(outcome: ReplayOutcome, matches: boolean): ExitCode {
  if (outcome === 'fixed') return EXIT.OK;
  if (outcome === 'no recorded failure') return matches ? EXIT.OK : EXIT.FAILED;
  return EXIT.FAILED;
}

/** One JUnit test case per judged property: a verdict that misses its expectation is a failure. */
function junitOf(run: ScenarioRun, file: string, mode: 'run' | 'replay'): string {
  const cases = run.summary.judgements.map((j): JunitCase => {
    const base = { classname: `sealroom.scenario.${run.scenario.name}`, name: j.property };
    const unjudged = j.verdict === 'not applicable' || j.verdict === 'not exercised';
    if (j.expected === null && unjudged) return { ...base, skipped: [j.verdict, ...j.violations].join(': ') };
    if (j.expected === null || j.expected === j.verdict) return base;
    const message = `${j.property} ${j.verdict}, expected ${j.expected}`;
    return { ...base, problem: { kind: 'failure', message, type: 'expectation', detail: [...j.violations, `replay: sealroom scenario ${mode} ${file}`].join('\n') } };
  });
  return junitXml(
    `sealroom scenario ${mode}: ${run.scenario.name}`,
    [
      ['file', file],
      ['traceHash', run.result.traceHash],
    ],
    cases,
  );
}

async function runOne(file: string, args: RunArgs, io: CliIo, mode: 'run' | 'replay'): Promise<ExitCode> {
  if (args.engine !== undefined && !isEngineName(args.engine)) throw new CliInputError(`--engine: unknown engine ${JSON.stringify(args.engine)} (see sealroom engines, or exec:COMMAND)`);
  const scenario = withStorage(loadOrExplain(file, args.engine), args.storage, io);
  if (args.out !== undefined) ensureWritableDir('--out', args.out);
  if (args.junit !== undefined) ensureWritableFile('--junit', resolve(io.cwd, args.junit));
  const { runAndSummarize, contractOf, verdictTableText } = await producers();
  const run = runOrExplain(() => runAndSummarize(scenario), file);
  const outcome = mode === 'replay' ? replayOutcome(run) : undefined;
  if (args.json) io.stdout(`${JSON.stringify(outcome === undefined ? contractOf(run.result) : { ...contractOf(run.result), replay: outcome }, null, 2)}\n`);
  else {
    io.stdout(verdictTableText({ ...run.summary }));
    if (outcome !== undefined) {
      const failing = run.summary.judgements.filter((j) => j.expected === 'fail').map((j) => j.property);
      io.stdout(`counterexample ${REPLAY_TEXT[outcome]}${failing.length > 0 ? ` (recorded failures: ${failing.join(', ')})` : ''}\n`);
    }
  }
  if (args.out !== undefined) {
    const index = await writeRunFiles(args.out, run, `sealroom scenario ${mode} ${file}`, runMeta(io, run.summary.seed));
    io.stderr(`wrote the timeline page and trace to ${args.out}; index: ${index}\n`);
  }
  if (args.junit !== undefined) writeOutputFile('--junit', resolve(io.cwd, args.junit), junitOf(run, file, mode));
  if (outcome !== undefined) return replayExit(outcome, run.result.matches);
  return run.result.matches ? EXIT.OK : EXIT.FAILED;
}

const junitOption = { type: 'string', requiresArg: true, describe: 'Also write each property as a JUnit XML test case here' } as const;
const outOption = { type: 'string', requiresArg: true, describe: 'Also write the timeline page, trace and index here' } as const;
const jsonOption = { type: 'boolean', default: false, describe: 'Print exactly { scenario, verdicts, expected, matches, traceHash } (replay adds "replay": fixed|reproduces|changed)' } as const;
const engineOption = { type: 'string', requiresArg: true, describe: "The engine every phone runs (sealroom engines), or exec:COMMAND; a file's own exec: engine runs only when named here" } as const;
const storageOption = { choices: STORAGE_KINDS, requiresArg: true, describe: 'Storage medium (memory, or SQLite files judged on their raw bytes) unless the scenario pins one' } as const;

const runCommand = defineCommand<RunArgs>({
  command: 'run <scenario>',
  describe: 'Run a library scenario (by name) or a scenario file; exit 0 when every verdict is as expected',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'A library name (see scenario list) or a path to a scenario JSON file' })
      .option('json', jsonOption)
      .option('out', outOption)
      .option('junit', junitOption)
      .option('storage', storageOption)
      .option('engine', engineOption)
      .example('$0 scenario run phone-seized-after-view', 'Run a library scenario and show its verdicts')
      .example('$0 scenario run phone-seized-after-view --storage sqlite', 'The same on SQLite files, seizures reading the raw bytes')
      .example('$0 scenario run my.json --json', 'Run a file and print the verdicts as JSON'),
  run: async (args, io) => runOne(resolveOrExplain(args.scenario, io), args, io, 'run'),
});

const replayCommand = defineCommand<RunArgs>({
  command: 'replay <scenario>',
  describe: 'Re-run a counterexample file: exit 0 "fixed" when its recorded failures now pass, 1 when it still fails',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'The counterexample scenario file (or a library name)' })
      .option('json', jsonOption)
      .option('out', outOption)
      .option('junit', junitOption)
      .option('storage', storageOption)
      .option('engine', engineOption)
      .example('$0 scenario replay reports/out/counterexamples/shipped-2014-sec-mitm.json', 'Does the counterexample still fail?'),
  run: async (args, io) => runOne(resolveOrExplain(args.scenario, io), args, io, 'replay'),
});

const schemaCommand = defineCommand<object>({
  command: 'schema',
  describe: 'Print the scenario JSON Schema (every field described; point an editor at it for completion)',
  builder: (y) => y.example('$0 scenario schema > scenario.schema.json', 'Save the schema for an editor'),
  run: async (_args, io) => {
    io.stdout(await readFile(new URL('../../scenarios/scenario.schema.json', import.meta.url), 'utf8'));
    return EXIT.OK;
  },
});

export const scenarioCommand = defineCommand<object>({
  command: 'scenario <action>',
  describe: 'List, run or replay attack scenarios (scenarios/library), or print their schema',
  builder: (y, ctx) =>
    y
      .command(ctx.module(listCommand))
      .command(ctx.module(runCommand))
      .command(ctx.module(replayCommand))
      .command(ctx.module(schemaCommand))
      .demandCommand(1, 'Name an action: list, run, replay or schema.'),
});
