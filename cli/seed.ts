// Seeds on the command line: decimal integers, read as text so that no digit is rounded away (a
// number above 2^53 would be rounded by a float parse, and two seeds would silently become one).

import { CliInputError } from './exitCodes.ts';
/** World seeds (`sealroom run`, `sim`, a scenario's `seed`) are exact JSON numbers: at most 2^53 − 1. */
export const MAX_WORLD_SEED = BigInt(Number.MAX_SAFE_INTEGER);

/** Parses `--flag`'s value as a seed in 0 … max; anything else is bad input (exit 2) naming the flag and the value. */
export function parseSeed(flag: string, value: unknown, max: bigint): bigint {
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text.trim())) {
    throw new CliInputError(`${flag} must be a whole number from 0 to ${max}; found ${JSON.stringify(value)}`);
  }
  const seed = BigInt(text.trim());
  if (seed > max) throw new CliInputError(`${flag} must be at most ${max}; found ${text.trim()}`);
  return seed;
}
