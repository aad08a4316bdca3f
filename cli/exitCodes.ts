// The sealroom CLI's exit codes, one meaning each, shown in every command's --help.
// CI jobs and other tools branch on these, so they never change meaning.

export const EXIT = {
  /** Everything asked for ran and every expectation held. */
  OK: 0,
  /** A property, a scenario expectation, a benchmark target or a render check failed. */
  FAILED: 1,
  /** Bad arguments, or an input file that is missing or malformed (nothing was run half-way). */
  BAD_INPUT: 2,
  /** A bug in sealroom or a broken environment (e.g. Chromium missing): not a verdict on anything. */
  INTERNAL: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  ok: everything ran and every expectation held',
  '  1  a property, expectation, target or render check failed',
  '  2  bad arguments or bad input files',
  '  3  internal error or broken environment',
].join('\n');

/** Bad input found while running (a missing or malformed file, an argument value that makes no sense): exit 2. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** The environment cannot do what was asked (a tool is missing): exit 3 with the message as the fix. */
export class CliEnvironmentError extends Error {
  override readonly name = 'CliEnvironmentError';
}
