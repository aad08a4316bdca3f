// `sealroom fuzz [--inputs N] [--seed S] [--json]`: the reliability suite's mutation fuzzer
// (reports/producers/reliabilityFuzz.ts, docs/reliability.md) with a budget of your choosing: N mutated
// inputs on every 1:1 and group target, from real captured messages and stored states. Exit 1 when
// any input crashed the code (anything but a typed ProtocolError), changed the receiver's state on a
// refusal, or decoded to a value that does not encode back to its bytes; npm test and `sealroom run`
// run the same fuzzer on a small fixed budget.
import { defineCommand } from '../command.ts';
import { CliInputError, EXIT } from '../exitCodes.ts';
import { terminalTable } from '../../reports/render/terminalTable.ts';

interface FuzzArgs {
  readonly inputs: number;
  readonly seed: string;
  readonly json: boolean;
}

/** Inputs a target at most: about a minute a thousand on this code's slowest target. */
const MAX_INPUTS = 1_000_000;

export const fuzzCommand = defineCommand<FuzzArgs>({
  command: 'fuzz',
  describe: 'The mutation fuzzer over captured wire messages and stored states (1:1 and group), with a budget of your choosing',
  builder: (y) =>
    y
      .option('inputs', { type: 'number', default: 2_000, requiresArg: true, describe: `Mutated inputs per target (1–${MAX_INPUTS}; npm test runs 100, sealroom run 500)` })
      .option('seed', { type: 'string', default: '1', requiresArg: true, describe: 'Seed of the captures and of the mutations (any text)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the figures as JSON' })
      .example('$0 fuzz --inputs 20000', 'A longer run than the suite budgets'),
  run: async (args, io) => {
    if (!Number.isSafeInteger(args.inputs) || args.inputs < 1 || args.inputs > MAX_INPUTS) throw new CliInputError(`--inputs must be an integer from 1 to ${MAX_INPUTS}, got ${args.inputs}`);
    if (args.seed === '') throw new CliInputError('--seed must not be empty');
    const { runReliabilityFuzz } = await import('../../reports/producers/reliabilityFuzz.ts');
    io.stderr(`fuzz: ${args.inputs} mutated inputs on every target, seed ${JSON.stringify(args.seed)}…\n`);
    const figures = runReliabilityFuzz({ seed: args.seed, budget: args.inputs });
    const problems = figures.reduce((n, f) => n + f.crashes + f.stateChangesOnRefusal + f.nonCanonical, 0);
    if (args.json) io.stdout(`${JSON.stringify({ seed: args.seed, inputs: args.inputs, problems, figures }, null, 2)}\n`);
    else {
      const rows = figures.map((f) => [f.family, f.target, String(f.tried), String(f.accepted), String(f.refused), String(f.crashes), String(f.stateChangesOnRefusal), String(f.nonCanonical)]);
      const right = (label: string) => ({ label, align: 'right' as const });
      const columns = [{ label: 'family' }, { label: 'target' }, right('tried'), right('accepted'), right('refused'), right('crashes'), right('state changed on refusal'), right('lossy decodes')];
      io.stdout(`${terminalTable(columns, rows)}\n`);
      for (const f of figures) if (f.firstProblem !== '') io.stdout(`✗ ${f.target}: ${f.firstProblem}\n`);
      io.stdout(
        problems === 0 ? 'no crash, no state change on refusal, no lossy decode\n' : `${problems} problems; replay: npx sealroom fuzz --inputs ${args.inputs} --seed ${JSON.stringify(args.seed)}\n`,
      );
    }
    return problems === 0 ? EXIT.OK : EXIT.FAILED;
  },
});
