// The sealroom CLI as a function: parses argv with yargs (strict, --help everywhere), runs one command from
// the registry, and maps every outcome to a documented exit code. main.ts calls it with the real process.

import { closeLoadedEngines } from '../engines/loadedEngines.ts';
import { EngineFault } from '../engines/fault.ts';
import yargs, { type ArgumentsCamelCase, type Argv, type CommandModule } from 'yargs';
import type { AnyCommand, CliIo, CommandContext } from './command.ts';
import { COMMANDS } from './commands/registry.ts';
import { CliEnvironmentError, CliInputError, EXIT, EXIT_CODES_HELP, type ExitCode } from './exitCodes.ts';
import { packageVersion } from './version.ts';

/** Help text wraps at a fixed width so it reads the same on every terminal and in tests. */
const HELP_WIDTH = 100;

/** yargs refused the command line (unknown option, missing argument, …): exit 2. */
class ArgumentsError extends Error {
  override readonly name = 'ArgumentsError';
}

/**
 * File-system refusals that say the user named a path that cannot be used (a missing input, a folder
 * that cannot be written): bad input, told as one line with the path, never a stack.
 */
const PATH_ERROR_CODES: ReadonlySet<string> = new Set(['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST']);

function fileProblem(e: unknown): string | null {
  const err = e as { code?: unknown; path?: unknown; syscall?: unknown };
  if (!(e instanceof Error) || typeof err.code !== 'string' || !PATH_ERROR_CODES.has(err.code) || typeof err.path !== 'string') return null;
  return `cannot ${err.syscall === 'open' || err.syscall === 'read' || err.syscall === 'scandir' ? 'use' : String(err.syscall ?? 'use')} ${err.path} (${err.code})`;
}

/** Maps a thrown value to its exit code and tells the user what happened on stderr. */
function reportError(e: unknown, io: CliIo): ExitCode {
  if (e instanceof CliInputError) {
    io.stderr(`sealroom: ${e.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (e instanceof EngineFault) {
    io.stderr(`sealroom: ${e.message}\n`);
    return EXIT.ENGINE_FAULT;
  }
  if (e instanceof CliEnvironmentError) {
    io.stderr(`sealroom: ${e.message}\n`);
    return EXIT.INTERNAL;
  }
  const file = fileProblem(e);
  if (file !== null) {
    io.stderr(`sealroom: ${file}\n`);
    return EXIT.BAD_INPUT;
  }
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  io.stderr(`sealroom: internal error (a bug in sealroom; exit 3)\n${detail}\n`);
  return EXIT.INTERNAL;
}

/** Builds the yargs parser with every registered command; `setExit` receives the command's exit code. */
function buildParser(argv: readonly string[], io: CliIo, commands: readonly AnyCommand[], setExit: (code: ExitCode) => void): Argv {
  const ctx: CommandContext = {
    io,
    module: (cmd): CommandModule => ({
      command: cmd.command,
      describe: cmd.describe,
      builder: (y: Argv) => cmd.builder(y, ctx).epilogue(EXIT_CODES_HELP).strict(),
      handler: async (args: ArgumentsCamelCase<unknown>) => {
        if (cmd.run === undefined) return;
        try {
          setExit(await cmd.run(args, io));
        } catch (e) {
          setExit(reportError(e, io));
        }
      },
    }),
  };
  let parser = yargs([...argv])
    .scriptName('sealroom')
    .usage('$0 <command> [options]\n\nHolds a chat privacy mode to its promises: scenarios, property campaigns and reports.')
    .strict()
    .demandCommand(1, 'Name a command (see --help).')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .wrap(HELP_WIDTH)
    .epilogue(EXIT_CODES_HELP)
    .exitProcess(false)
    .fail((message, error) => {
      // Only parsing and validation reach here: command handlers catch their own errors.
      throw new ArgumentsError(message || error?.message || 'bad arguments');
    });
  for (const cmd of commands) parser = parser.command(ctx.module(cmd));
  return parser;
}

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly AnyCommand[] = COMMANDS): Promise<ExitCode> {
  let code: ExitCode = EXIT.OK;
  const withArgv: CliIo = { ...io, argv: io.argv ?? argv };
  try {
    // The parse callback makes yargs hand over its help/version text instead of printing it itself.
    await buildParser(argv, withArgv, commands, (c) => {
      code = c;
    }).parseAsync([...argv], {}, (_err: unknown, _args: unknown, output: string) => {
      if (output !== '') io.stdout(`${output}\n`);
    });
  } catch (e) {
    if (e instanceof ArgumentsError) {
      io.stderr(`sealroom: ${e.message}\nRun 'sealroom --help' (or 'sealroom <command> --help') for usage.\n`);
      return EXIT.BAD_INPUT;
    }
    return reportError(e, io);
  } finally {
    // Engines the command started are shut down in order (an exec engine's process waited for), not left to the exit hook.
    closeLoadedEngines();
  }
  return code;
}
