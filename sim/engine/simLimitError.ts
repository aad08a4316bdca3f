// The one error the simulated world throws when a run breaks one of its own bounds
// (sim/engine/limits.ts). It ends the run: a bound broken is a livelock or flood, never a verdict.
import { UsageError } from '../../protocol/errors.ts';

export class SimLimitExceeded extends Error {
  override readonly name = 'SimLimitExceeded';
  constructor(
    /** The name of the limit constant, e.g. 'MAX_EVENTS_PER_RUN'. */
    readonly limit: string,
    /** The bound in force for this run (the constant, or a lower configured value). */
    readonly bound: number,
    what: string,
  ) {
    super(`${limit} (${bound}) exceeded: ${what}`);
  }
}

export function isSimLimitExceeded(e: unknown, limit?: string): e is SimLimitExceeded {
  return e instanceof SimLimitExceeded && (limit === undefined || e.limit === limit);
}

/** Resolves a configured bound: absent means the named constant; a configured value may only lower it. */
export function boundWithin(configured: number | undefined, max: number, field: string): number {
  if (configured === undefined) return max;
  if (!Number.isSafeInteger(configured) || configured < 1 || configured > max) {
    throw new UsageError(`${field}: expected an integer in 1..${max}, got ${configured}`);
  }
  return configured;
}
