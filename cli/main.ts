#!/usr/bin/env node
// Entry point of the `sealroom` command (bin/sealroom.js and `npm run sealroom` run this through tsx).
// Wires the real process into runCli; exit codes are documented in cli/exitCodes.ts and in --help.

import { hideBin } from 'yargs/helpers';
import { runCli } from './app.ts';
import type { CliIo } from './command.ts';

/**
 * A reader that stops early (`sealroom scenario list | head -1`) closes the pipe: later writes fail
 * with EPIPE. That is the reader's choice, not an error of sealroom's, so the stream is dropped quietly
 * and the command finishes with its own exit code. Any other stream error is still thrown.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    open = false;
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

const io: CliIo = {
  stdout: quietOnClosedPipe(process.stdout),
  stderr: quietOnClosedPipe(process.stderr),
  progressStream: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};

process.exitCode = await runCli(hideBin(process.argv), io);
