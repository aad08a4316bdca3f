// `sealroom render-check FILE [--screenshot PNG]`: opens a report's HTML in headless Chromium and fails
// (exit 1) on console errors, page errors, failed or external requests. Chromium missing → exit 3.

import { existsSync } from 'node:fs';
import { defineCommand } from '../command.ts';
import { CliEnvironmentError, CliInputError, EXIT } from '../exitCodes.ts';
import { describeRenderCheck, findChromium, renderCheck } from '../../reports/check/renderCheck.ts';

interface RenderCheckArgs {
  readonly file: string;
  readonly screenshot: string | undefined;
  readonly width: number;
  readonly json: boolean;
}

/** Narrowest and widest viewport accepted (a phone to a wide monitor). */
const VIEWPORT_WIDTH_MIN = 320;
const VIEWPORT_WIDTH_MAX = 3840;

export const renderCheckCommand = defineCommand<RenderCheckArgs>({
  command: 'render-check <file>',
  describe: 'Open an HTML report in headless Chromium and check it renders cleanly',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'The HTML file to open' })
      .option('screenshot', { type: 'string', requiresArg: true, describe: 'Save a full-page PNG screenshot here' })
      .option('width', { type: 'number', default: 1280, requiresArg: true, describe: 'Viewport width in px' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
      .example('$0 render-check reports/out/index.html --screenshot /tmp/index.png', 'Check the index and keep a screenshot'),
  run: async (args, io) => {
    if (!existsSync(args.file)) throw new CliInputError(`no such file: ${args.file}`);
    if (!/\.x?html?$/i.test(args.file)) throw new CliInputError(`render-check opens HTML pages (.html): ${args.file}`);
    if (!Number.isInteger(args.width) || args.width < VIEWPORT_WIDTH_MIN || args.width > VIEWPORT_WIDTH_MAX) {
      throw new CliInputError(`--width must be an integer from ${VIEWPORT_WIDTH_MIN} to ${VIEWPORT_WIDTH_MAX}`);
    }
    const chromium = findChromium(io.env);
    if (chromium === null) throw new CliEnvironmentError('Chromium not found at /usr/bin/chromium (install it: apt-get install -y chromium, or set SEALROOM_CHROMIUM)');
    const result = await renderCheck(args.file, {
      executablePath: chromium,
      viewport: { width: args.width, height: 900 },
      ...(args.screenshot === undefined ? {} : { screenshotPath: args.screenshot }),
    });
    io.stdout(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${describeRenderCheck(result)}\n`);
    return result.ok ? EXIT.OK : EXIT.FAILED;
  },
});
