// The system CSPRNG, for real (non-simulated) use. It lives outside protocol/ on purpose:
// protocol/ only ever sees the Rng interface, so every protocol run can be replayed from a seed.
import { randomBytes } from 'node:crypto';
import { UsageError } from '../protocol/errors.ts';
import type { Rng } from '../protocol/random/rng.ts';

export const systemRandom: Rng = {
  bytes(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0) throw new UsageError(`systemRandom.bytes length: expected a non-negative integer, got ${length}`);
    return new Uint8Array(randomBytes(length));
  },
  // Independent streams are free with a true CSPRNG: every read is already independent.
  fork: () => systemRandom,
};
