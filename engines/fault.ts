// What goes wrong with the engine under test rather than with what it promises: it crashed, hung,
// broke the engine protocol (docs/engine-protocol.md) or answered a call it must answer with an error.
// A fault stops the run and is reported as such (the CLI's exit 4), never as a property verdict.

export type EngineFaultKind = 'crashed' | 'hung' | 'misbehaving' | 'failed';

export class EngineFault extends Error {
  override readonly name: string = 'EngineFault';

  constructor(
    /** The engine's name (an exec engine's command when it has not said its name yet). */
    readonly engine: string,
    readonly kind: EngineFaultKind,
    readonly detail: string,
    /** The last of what the engine wrote on its standard error, when it is a process of its own. */
    readonly stderr = '',
  ) {
    super(`engine ${engine} ${kind}: ${detail}${stderr === '' ? '' : `\n--- the engine's standard error (last part) ---\n${stderr.trimEnd()}`}`);
  }
}
