// Checks on the numbers a scenario or test hands the server (durations, action counts): a value out of
// range is a harness bug, reported as a UsageError naming the field.
import { UsageError } from '../../protocol/errors.ts';

export function checkDuration(ms: number, field: string, max: number): number {
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > max) throw new UsageError(`${field}: expected an integer in 1..${max} ms, got ${ms}`);
  return ms;
}

/** Most envelopes one message action may hit (a standing rule is a scenario bug past this). */
const MAX_ACTION_COUNT = 1_000_000;

export function checkCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ACTION_COUNT) throw new UsageError(`adversary action count: expected 1..${MAX_ACTION_COUNT}, got ${n}`);
  return n;
}
