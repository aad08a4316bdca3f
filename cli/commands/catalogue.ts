// `sealroom catalogue [--json]`: the property catalogue (properties/catalogue.ts) — every property with
// its promise, how it is judged and what it reads from the run's log, every weak variant and the
// properties it must fail (the catch matrix's rows and columns), so tools and reports read one list.
import { defineCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';

interface CatalogueArgs {
  readonly json: boolean;
}

export const catalogueCommand = defineCommand<CatalogueArgs>({
  command: 'catalogue',
  describe: 'Print the property catalogue, the weak variants and the catch matrix',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'Print the catalogue as JSON' })
      .example('$0 catalogue --json', 'Every property, every weak variant, and which properties each variant must fail'),
  run: async (args, io) => {
    const { CATALOGUE, catalogueJson } = await import('../../properties/catalogue.ts');
    const { CATCH_MATRIX } = await import('../../properties/catchMatrix.ts');
    const { terminalTable } = await import('../../reports/render/terminalTable.ts');
    if (args.json) {
      io.stdout(`${JSON.stringify(catalogueJson(), null, 2)}\n`);
      return EXIT.OK;
    }
    const properties = CATALOGUE.flatMap((p) => [
      [p.id, p.promise],
      ['', `judged by ${p.judgedBy}; must fail on: ${p.mustFailOn.join(', ') || '—'}`],
    ]);
    const variants = CATCH_MATRIX.map((row) => [row.variant, row.breaks.join(', ')]);
    const table = (rows: string[][]): string => terminalTable([{ label: 'id' }, { label: 'text' }], rows, { header: false, indent: '  ' });
    io.stdout(`properties:\n${table(properties)}\nweak variants (the properties each must fail):\n${table(variants)}`);
    return EXIT.OK;
  },
});
