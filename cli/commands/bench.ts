// `sealroom bench [--quick] [--json] [--check] [--out DIR] [--suite S…] [--filter TEXT]`: runs the
// benchmark suites (bench/run.ts), writes bench-results.json and the bench report into DIR, re-renders
// the report index there, and with --check exits 1 when a target in bench/targets.json is missed.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineCommand } from '../command.ts';
import { CliInputError, EXIT } from '../exitCodes.ts';
import { ensureWritableDir } from '../outputs.ts';
import { runMeta, withRunMeta } from '../runMeta.ts';

interface BenchArgs {
  readonly quick: boolean;
  readonly json: boolean;
  readonly check: boolean;
  readonly out: string;
  readonly suite: readonly string[] | undefined;
  readonly filter: string | undefined;
  readonly baseline: string | undefined;
}

const SUITES = ['primitives', 'protocol', 'group', 'peers', 'world', 'storage'] as const;

/**
 * The week row's child process died (a crash, a kill, running out of memory) rather than measuring
 * something: bench/week/measure.ts words those failures so. That is an internal error (exit 3), not a
 * missed target (exit 1).
 */
export function crashedChildren<F extends { readonly id: string; readonly error: string }>(failures: readonly F[], weekRowId: string): F[] {
  return failures.filter((f) => f.id === weekRowId && /^week run (could not start|exited|was killed)/.test(f.error));
}

/** An earlier run's results file, checked before the bench runs: a missing or foreign file is bad input. */
async function readBaseline(path: string): Promise<unknown> {
  const { baselineProblem } = await import('../../bench/harness/compare.ts');
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliInputError(`--baseline ${path}: not a readable JSON file (${e instanceof Error ? e.message : String(e)})`);
  }
  const problem = baselineProblem(value);
  if (problem !== undefined) throw new CliInputError(`--baseline ${path}: not a bench results file: ${problem}`);
  return value;
}

export const benchCommand = defineCommand<BenchArgs>({
  command: 'bench',
  describe: 'Benchmark the crypto core and the protocol beside libsignal, with ratio targets (bench/targets.json)',
  builder: (y) =>
    y
      .option('quick', { type: 'boolean', default: false, describe: 'Short time budgets (whole run under 4 minutes on 2 cores)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the results JSON on stdout (progress on stderr)' })
      .option('check', { type: 'boolean', default: false, describe: 'Exit 1 when a target in bench/targets.json is missed' })
      .option('out', { type: 'string', default: 'reports/out', requiresArg: true, describe: 'Where bench-results.json and the bench report go' })
      .option('suite', { type: 'array', string: true, choices: SUITES, describe: 'Run only these suites (default: all)' })
      .option('filter', { type: 'string', requiresArg: true, describe: 'Run only cases whose id contains this text' })
      .option('baseline', { type: 'string', requiresArg: true, describe: 'An earlier bench-results.json: print what moved beyond the noise since (ratios, and times on the same machine)' })
      .example('$0 bench --quick --check', 'Quick run; fail if a target is missed')
      .example('$0 bench --suite protocol peers --json', 'Protocol and peer rows only, results as JSON')
      .example('$0 bench --quick --baseline old/bench-results.json', 'What got faster or slower since an earlier run'),
  run: async (args, io) => {
    const baseline = args.baseline === undefined ? undefined : await readBaseline(resolve(io.cwd, args.baseline));
    const { runBench } = await import('../../bench/run.ts');
    const { TargetsFileError } = await import('../../bench/harness/targets.ts');
    ensureWritableDir('--out', args.out);
    const { WEEK_ROW_ID } = await import('../../bench/week/measure.ts');
    const suites = args.suite?.map((s) => s as (typeof SUITES)[number]);
    let run;
    try {
      run = await runBench({
        quick: args.quick,
        json: args.json,
        check: args.check,
        outDir: args.out,
        ...(suites === undefined ? {} : { suites }),
        ...(args.filter === undefined ? {} : { filter: args.filter }),
        stdout: io.stdout,
        stderr: io.stderr,
      });
    } catch (e) {
      if (e instanceof TargetsFileError) throw new CliInputError(`bench/targets.json: ${e.message}`);
      throw e;
    }
    if (baseline !== undefined) {
      const { compareResults, comparisonText } = await import('../../bench/harness/compare.ts');
      // readBaseline checked it is a results file of this format.
      const text = comparisonText(compareResults(baseline as typeof run.results, run.results));
      if (args.json) io.stderr(text);
      else io.stdout(text);
    }
    // The bench report carries the run's metadata like every report (cli/runMeta.ts).
    // The renderer (and Vega under it) loads only when a report is written, not with every command.
    const { loadReportDir, readBundleFile, writeSite } = await import('../reportFiles.ts');
    const benchBundle = join(args.out, 'bench.json');
    const written = existsSync(benchBundle) ? await readBundleFile(benchBundle) : null;
    if (written !== null) await writeFile(benchBundle, `${JSON.stringify(withRunMeta(written, runMeta(io, null)), null, 2)}\n`, 'utf8');
    const site = await writeSite(args.out, await loadReportDir(args.out), false);
    io.stderr(`bench: wrote ${run.files.length} files to ${args.out}; index: ${site.indexHtml}\n`);
    const crashed = crashedChildren(run.results.failures, WEEK_ROW_ID);
    for (const c of crashed) io.stderr(`sealroom: internal error: the ${c.id} child process did not finish (${c.error.split('\n')[0]})\n`);
    if (crashed.length > 0) return EXIT.INTERNAL;
    return run.exitCode === 0 ? EXIT.OK : EXIT.FAILED;
  },
});
