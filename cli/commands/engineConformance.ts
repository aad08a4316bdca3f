// `sealroom engine-conformance exec:COMMAND`: does an engine in another process keep the engine
// protocol (docs/engine-protocol.md)? One line per check; exit 0 when all pass, 1 when one fails,
// 4 when the engine hangs or crashes (engines/exec/conformance/kit.ts).
import { defineCommand } from '../command.ts';
import { CliInputError, EXIT } from '../exitCodes.ts';

interface ConformanceArgs {
  readonly engine: string;
  readonly json: boolean;
}

export const engineConformanceCommand = defineCommand<ConformanceArgs>({
  command: 'engine-conformance <engine>',
  describe: 'Check that an engine in another process keeps the engine protocol, before judging it',
  builder: (y) =>
    y
      .positional('engine', { type: 'string', demandOption: true, describe: 'exec:COMMAND, the shell command that starts the engine' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the checks as JSON' })
      .example('$0 engine-conformance "exec:python3 engines/python-static/engine.py"', 'The Python engine in this repository')
      .example('$0 engine-conformance "exec:node --import tsx engines/exec/serve.ts privacy-mode-device"', 'The reference protocol, served out of process'),
  run: async (args, io) => {
    const { isExecSpec, commandOf } = await import('../../engines/exec/execEngine.ts');
    if (!isExecSpec(args.engine) || commandOf(args.engine) === '') throw new CliInputError(`engine-conformance: expected exec:COMMAND, found ${JSON.stringify(args.engine)}`);
    const { conformanceText, runConformance } = await import('../../engines/exec/conformance/kit.ts');
    const report = runConformance(args.engine);
    if (args.json) {
      const { fault, ...rest } = report;
      io.stdout(`${JSON.stringify({ ...rest, ...(fault === undefined ? {} : { fault: { kind: fault.kind, detail: fault.detail, stderr: fault.stderr } }) }, null, 2)}\n`);
    } else io.stdout(conformanceText(report));
    if (report.fault !== undefined) return EXIT.ENGINE_FAULT;
    return report.checks.some((c) => c.outcome === 'fail') ? EXIT.FAILED : EXIT.OK;
  },
});
