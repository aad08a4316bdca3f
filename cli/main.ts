#!/usr/bin/env node
// Entry point of the `sealroom` command (bin/sealroom.js and `npm run sealroom` run this through tsx).
// Wires the real process into runCli; exit codes are documented in cli/exitCodes.ts and in --help.

import { hideBin } from 'yargs/helpers';
import { runCli } from './app.ts';
import type { CliIo } from './command.ts';

const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  progressStream: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};

process.exitCode = await runCli(hideBin(process.argv), io);
