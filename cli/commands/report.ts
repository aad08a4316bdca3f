// `sealroom report --in DIR [--out DIR]`: re-renders Markdown, HTML (with inline SVG charts) and an index from a
// directory of saved report-bundle JSON files (shape: reports/render/bundle.ts). Malformed bundle → exit 2.

import { defineCommand } from '../command.ts';
import { CliInputError, EXIT } from '../exitCodes.ts';

interface ReportArgs {
  readonly in: string;
  readonly out: string | undefined;
  readonly json: boolean;
}

export const reportCommand = defineCommand<ReportArgs>({
  command: 'report',
  describe: 'Re-render Markdown/HTML reports and an index from saved report JSON files',
  builder: (y) =>
    y
      .option('in', { type: 'string', demandOption: true, requiresArg: true, describe: 'Directory holding report-bundle *.json files' })
      .option('out', { type: 'string', requiresArg: true, describe: 'Where to write (default: the --in directory)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print { index, files } as JSON instead of a summary' })
      .example('$0 report --in reports/out', 'Re-render every report in reports/out')
      .example('$0 report --in saved/ --out /tmp/site', 'Render into another directory (bundle JSON copied)'),
  run: async (args, io) => {
    const out = args.out ?? args.in;
    // The renderer (and Vega under it) loads when the command runs, not with the CLI.
    const { loadReportDir, sameDir, writeSite } = await import('../reportFiles.ts');
    const reports = await loadReportDir(args.in);
    if (reports.bundles.length === 0) throw new CliInputError(`${args.in}: no report-bundle JSON files (format "sealroom-report-bundle")`);
    const site = await writeSite(out, reports, !sameDir(args.in, out));
    if (args.json) io.stdout(`${JSON.stringify({ index: site.indexHtml, files: site.files }, null, 2)}\n`);
    else {
      io.stdout(`rendered ${reports.bundles.length} report(s), ${site.files.length} files in ${out}\n`);
      io.stdout(`index: ${site.indexHtml}\n`);
    }
    return EXIT.OK;
  },
});
