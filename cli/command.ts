// What a sealroom command is: a yargs builder plus an async `run` that returns an exit code. Commands write
// through CliIo (never console directly) so tests can capture output and progress goes to stderr.

import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { ExitCode } from './exitCodes.ts';

/** Where a command writes and what it may know about its terminal. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The stream progress bars draw on (stderr), with its TTY-ness. */
  readonly progressStream: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The command line as given (without node and the script), for the reports' run metadata (cli/runMeta.ts). */
  readonly argv?: readonly string[];
}

/** Given to builders so a command can register subcommands (`scenario list`, `scenario run`). */
export interface CommandContext {
  readonly io: CliIo;
  /** Turns a sealroom command into a yargs module whose exit code the CLI reports. */
  module(command: AnyCommand): import('yargs').CommandModule;
}

export interface SealroomCommand<T> {
  /** yargs command string, e.g. `report`, `render-check <file>`, `scenario <action>`. */
  readonly command: string;
  readonly describe: string;
  /** Options and positionals; call `.strict()`-compatible yargs methods only. */
  readonly builder: (yargs: Argv, ctx: CommandContext) => Argv<T>;
  /**
   * Runs the command. Return EXIT.OK / EXIT.FAILED; throw CliInputError for bad input (exit 2),
   * CliEnvironmentError for a missing tool (exit 3); anything else thrown is an internal error (exit 3).
   * Leave undefined for a command that only groups subcommands.
   */
  readonly run?: (args: ArgumentsCamelCase<T>, io: CliIo) => Promise<ExitCode>;
}

/** A command with its argument type erased, as the registry holds it. */
export interface AnyCommand {
  readonly command: string;
  readonly describe: string;
  readonly builder: (yargs: Argv, ctx: CommandContext) => Argv<unknown>;
  readonly run?: (args: ArgumentsCamelCase<unknown>, io: CliIo) => Promise<ExitCode>;
}

/** Declares a command with typed arguments and erases the type for the registry. */
export function defineCommand<T>(command: SealroomCommand<T>): AnyCommand {
  return command as unknown as AnyCommand;
}
