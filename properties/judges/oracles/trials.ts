// Helpers the oracles' trials share: a step that may be refused, and a loop of thousands of refusals.
import { isProtocolError } from '../../../protocol/errors.ts';

/** `f()`, or undefined when the protocol refuses it with a typed error (anything else is a bug and propagates). */
export function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isProtocolError(e)) return undefined;
    throw e;
  }
}

/**
 * Runs `trial` with stack traces off: a key or setup trial makes thousands of typed refusals, and
 * capturing a stack for each is most of their cost. Nothing inside reads a stack.
 */
export function withoutStacks<T>(trial: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return trial();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
