// The sealroom CLI's exit codes, one meaning each, shown in every command's --help.
// CI jobs and other tools branch on these, so they never change meaning.

export const EXIT = {
  /** Everything asked for ran and every expectation held (and a replayed counterexample is fixed). */
  OK: 0,
  /** A property, a scenario expectation, a benchmark target or a render check failed (or a replayed counterexample still fails). */
  FAILED: 1,
  /** Bad arguments or seeds, an input file that is missing, malformed or says something impossible, an output that cannot be written. */
  BAD_INPUT: 2,
  /** A bug in sealroom (a crashed run or child process) or a broken environment (e.g. Chromium missing): not a verdict on anything. */
  INTERNAL: 3,
  /** The engine under test crashed, hung or broke the engine protocol (docs/engine-protocol.md): not a verdict either. */
  ENGINE_FAULT: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  ok: everything ran and every expectation held; scenario replay: the counterexample is fixed',
  '  1  a property, expectation, target or render check failed; scenario replay: it still fails',
  '  2  bad input: a flag, seed or file (schema or meaning), or an output that cannot be written',
  '  3  internal error: a crashed run or child process, or a broken environment',
  '  4  the engine under test crashed, hung or broke the engine protocol (its standard error is shown)',
].join('\n');

/** Bad input found while running (a missing or malformed file, an argument value that makes no sense): exit 2. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** The environment cannot do what was asked (a tool is missing): exit 3 with the message as the fix. */
export class CliEnvironmentError extends Error {
  override readonly name = 'CliEnvironmentError';
}
