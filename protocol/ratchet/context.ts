// What every ratchet step takes besides the state: the crypto provider, randomness, the time and the
// variant flags (docs/conventions.md: randomness and time are parameters; weak variants are configuration).
import type { CryptoProvider } from '../crypto/provider.ts';
import { UsageError } from '../errors.ts';
import type { Rng } from '../random/rng.ts';
import type { ProtocolFlags } from '../variant.ts';

export interface RatchetContext {
  readonly provider: CryptoProvider;
  readonly rng: Rng;
  /** The device's clock in milliseconds; stamps and expires skipped message keys. */
  readonly nowMs: number;
  /** Must stay the same for the life of a session. */
  readonly flags: ProtocolFlags;
}

export function requireNowMs(nowMs: unknown): number {
  if (typeof nowMs !== 'number' || !Number.isSafeInteger(nowMs) || nowMs < 0) {
    throw new UsageError(`ctx.nowMs: expected a non-negative safe integer, got ${String(nowMs)}`);
  }
  return nowMs;
}
