// `sealroom engines`: the engines the judge knows (engines/registry.ts), each with its host and the
// capabilities it declares, and how to bring one of your own (docs/engine-contract.md, engine-protocol.md).
import { defineCommand, type CliIo } from '../command.ts';
import { CliInputError, EXIT, type ExitCode } from '../exitCodes.ts';

async function verdictsTable(args: EnginesArgs, io: CliIo): Promise<ExitCode> {
  const { ENGINES, engineInfo, engineLabel, isEngineName } = await import('../../engines/registry.ts');
  const { libsignalInstalled } = await import('../../engines/libsignal/bridge.ts');
  const { engineColumn, engineVerdictsMarkdown } = await import('../../properties/engineVerdicts.ts');
  if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new CliInputError(`--seed must be a non-negative integer; found ${args.seed}`);
  for (const e of args.engine ?? []) if (!isEngineName(e)) throw new CliInputError(`--engine: unknown engine ${JSON.stringify(e)} (see sealroom engines, or exec:COMMAND)`);
  const named = args.engine ?? ENGINES.filter((e) => e.host === 'device' && (e.name !== 'libsignal' || libsignalInstalled())).map((e) => e.name);
  const columns = [
    ...(args.engine === undefined ? [engineColumn(undefined, 'privacy-mode (reference)', args.seed, args.property, (l) => io.stderr(`sealroom engines: ${l}\n`))] : []),
    ...named.map((e) => engineColumn(e, engineLabel(engineInfo(e)), args.seed, args.property, (l) => io.stderr(`sealroom engines: ${l}\n`))),
  ];
  io.stdout(args.json ? `${JSON.stringify(columns, null, 2)}\n` : engineVerdictsMarkdown(columns, args.seed));
  return EXIT.OK;
}

interface EnginesArgs {
  readonly json: boolean;
  readonly verdicts: boolean;
  readonly engine: readonly string[] | undefined;
  readonly property: readonly string[] | undefined;
  readonly seed: number;
}

export const enginesCommand = defineCommand<EnginesArgs>({
  command: 'engines',
  describe: 'List the engines the judge knows and the capabilities each declares',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'Print the list (or the verdicts) as JSON' })
      .option('verdicts', { type: 'boolean', default: false, describe: 'Run every property campaign on each engine and print the verdicts side by side (minutes)' })
      .option('engine', {
        type: 'string',
        array: true,
        describe: 'With --verdicts: the engines to judge (registered names or exec:COMMAND); default every device engine that loads, beside the reference',
      })
      .option('property', { type: 'string', array: true, describe: 'With --verdicts: only these properties' })
      .option('seed', { type: 'number', default: 1, describe: "With --verdicts: the campaigns' seed" })
      .example('$0 engines --verdicts', 'The verdict table of the README: the reference, libsignal, privacy-mode-device')
      .example('$0 engines --verdicts --engine "exec:python3 engines/python-static/engine.py"', 'An engine of your own beside nothing else'),
  run: async (args, io) => {
    if (args.verdicts) return verdictsTable(args, io);
    const { CAPABILITIES } = await import('../../engines/contract.ts');
    const { ENGINES } = await import('../../engines/registry.ts');
    const { terminalTable } = await import('../../reports/render/terminalTable.ts');
    if (args.json) {
      io.stdout(`${JSON.stringify(ENGINES, null, 2)}\n`);
      return EXIT.OK;
    }
    const rows = ENGINES.flatMap((e) => {
      const has = CAPABILITIES.filter((c) => e.capabilities[c]);
      return [
        [e.name, `${e.host === 'world' ? 'built in' : 'device engine'}; ${e.summary}`],
        ['', `capabilities: ${has.join(', ') || 'none'}`],
        ...(e.provenance === undefined ? [] : [['', `provenance: ${e.provenance}`]]),
      ];
    });
    const lines = [terminalTable([{ label: 'engine' }, { label: 'text' }], rows, { header: false }).replace(/\n$/, '')];
    lines.push('', 'Any other engine: --engine "exec:COMMAND" runs COMMAND as an engine process (docs/engine-protocol.md);', 'check it first with `sealroom engine-conformance "exec:COMMAND"`.');
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT.OK;
  },
});
