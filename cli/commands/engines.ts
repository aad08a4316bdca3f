// `sealroom engines`: the engines the judge knows (engines/registry.ts), each with its host and the
// capabilities it declares, and how to bring one of your own (docs/engine-contract.md, engine-protocol.md).
import { defineCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';

interface EnginesArgs {
  readonly json: boolean;
}

export const enginesCommand = defineCommand<EnginesArgs>({
  command: 'engines',
  describe: 'List the engines the judge knows and the capabilities each declares',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print the list as JSON' }),
  run: async (args, io) => {
    const { CAPABILITIES } = await import('../../engines/contract.ts');
    const { ENGINES } = await import('../../engines/registry.ts');
    if (args.json) {
      io.stdout(`${JSON.stringify(ENGINES, null, 2)}\n`);
      return EXIT.OK;
    }
    const lines: string[] = [];
    for (const e of ENGINES) {
      const has = CAPABILITIES.filter((c) => e.capabilities[c]);
      lines.push(`${e.name.padEnd(20)} ${e.host === 'world' ? 'built in' : 'device engine'}; ${e.summary}`, `${''.padEnd(20)} capabilities: ${has.join(', ') || 'none'}`);
      if (e.provenance !== undefined) lines.push(`${''.padEnd(20)} provenance: ${e.provenance}`);
    }
    lines.push('', 'Any other engine: --engine "exec:COMMAND" runs COMMAND as an engine process (docs/engine-protocol.md);', 'check it first with `sealroom engine-conformance "exec:COMMAND"`.');
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT.OK;
  },
});
