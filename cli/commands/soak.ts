// `sealroom soak [--seed S] [--days D] [--episodes E] [--json] [--out DIR]`: one long simulated run
// under faults (reports/producers/reliabilitySoak.ts), every property judged over the whole log, and
// its figures. With --out, the run's scenario (replayable with `sealroom scenario run FILE`) and the
// figures as JSON. `npm test` and `sealroom run` run a small fixed soak; this is the longer one.
import { join } from 'node:path';
import { defineCommand } from '../command.ts';
import { CliInputError, EXIT } from '../exitCodes.ts';
import { ensureWritableDir, writeOutputFile } from '../outputs.ts';
import { parseSeed } from '../seed.ts';

interface SoakArgs {
  /** Read as text: parseSeed refuses what a float parse would round. */
  readonly seed: string;
  readonly days: number;
  readonly episodes: number;
  readonly json: boolean;
  readonly out: string | undefined;
}

/** The soak's seed feeds fast-check's 32-bit seed (reliabilitySoak.ts). */
const MAX_SOAK_SEED = 2 ** 31 - 1;

export const soakCommand = defineCommand<SoakArgs>({
  command: 'soak',
  describe: 'One long simulated run under faults (drops, duplicates, reordering, offline periods, partitions, seizures), every property judged',
  builder: (y) =>
    y
      .option('seed', { type: 'string', default: '1', requiresArg: true, describe: `Seed of the soak's motifs and of the world (0 … ${MAX_SOAK_SEED})` })
      .option('days', { type: 'number', default: 14, requiresArg: true, describe: 'Simulated days (1–60; npm test runs 5, sealroom run 7)' })
      .option('episodes', { type: 'number', default: 3, requiresArg: true, describe: 'Campaign motifs a simulated day (1–20)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the figures as JSON' })
      .option('out', { type: 'string', requiresArg: true, describe: 'Write soak-scenario.json (replayable) and soak-figures.json here' })
      .example('$0 soak --days 30', 'A month of simulated traffic under faults (a few minutes here)')
      .example('$0 soak --seed 7 --days 14 --out /tmp/soak', 'Keep the scenario to replay it with `sealroom scenario run`'),
  run: async (args, io) => {
    const seed = Number(parseSeed('--seed', args.seed, BigInt(MAX_SOAK_SEED)));
    const { SOAK_DAYS_MAX, SOAK_DAYS_MIN, SOAK_EPISODES_MAX, SOAK_EPISODES_MIN, runSoak, soakScenario } = await import('../../reports/producers/reliabilitySoak.ts');
    const int = (v: number, lo: number, hi: number, flag: string) => {
      if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new CliInputError(`--${flag} must be an integer from ${lo} to ${hi}, got ${v}`);
    };
    int(args.days, SOAK_DAYS_MIN, SOAK_DAYS_MAX, 'days');
    int(args.episodes, SOAK_EPISODES_MIN, SOAK_EPISODES_MAX, 'episodes');
    if (args.out !== undefined) ensureWritableDir('--out', args.out);
    const options = { seed, days: args.days, episodesPerDay: args.episodes };
    io.stderr(`soak: ${args.days} simulated days, ${args.episodes} motifs a day, seed ${seed} (run, judge, replay)…\n`);
    const f = runSoak(options);
    if (args.out !== undefined) {
      writeOutputFile('--out', join(args.out, 'soak-scenario.json'), `${JSON.stringify(soakScenario(options), null, 2)}\n`);
      writeOutputFile('--out', join(args.out, 'soak-figures.json'), `${JSON.stringify(f, null, 2)}\n`);
    }
    if (args.json) io.stdout(`${JSON.stringify(f, null, 2)}\n`);
    else {
      const x = f.faults;
      io.stdout(
        `${f.days} days, ${f.actions} actions, ${f.messages} messages, ${f.acceptances} acceptances; faults: ${x.dropped} dropped, ${x.partitionDropped} cut by a partition, ${x.duplicated} duplicated, ${x.reordered} reordered, ${x.offlinePeriods} offline periods, ${x.partitions} partitions, ${x.phoneSeizures} phone and ${x.serverSeizures} server seizures, ${x.rollbacks} rollbacks\n`,
      );
      for (const [id, v] of Object.entries(f.verdicts))
        io.stdout(`  ${v === 'fail' ? '✗' : ' '} ${id.padEnd(17)} ${v}${v === 'fail' ? `: ${f.failures.find((y) => y.property === id)?.violation ?? ''}` : ''}\n`);
      io.stdout(`trace ${f.traceHash}; peak resident memory ${(f.peakRssBytes / 1024 / 1024).toFixed(0)} MiB\n`);
      if (f.failures.length > 0)
        io.stdout(
          `replay: npx sealroom soak --seed ${seed} --days ${args.days} --episodes ${args.episodes}${args.out === undefined ? ' --out DIR (then sealroom scenario run DIR/soak-scenario.json)' : ''}\n`,
        );
    }
    return f.failures.length === 0 ? EXIT.OK : EXIT.FAILED;
  },
});
