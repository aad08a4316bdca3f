// What can go wrong on one network link (from → to), as data: delay range, and integer
// probabilities of drop, duplicate and reorder (an extra random delay that lets later sends overtake).
import { UsageError } from '../../protocol/errors.ts';
import { MAX_LINK_DELAY_MS } from '../engine/limits.ts';
import { NEVER, checkProbability, type Probability } from '../engine/probability.ts';

export interface LinkFaults {
  readonly delayMinMs: number;
  readonly delayMaxMs: number;
  readonly drop: Probability;
  readonly duplicate: Probability;
  readonly reorder: Probability;
  /** A reordered message waits an extra 1..reorderExtraMaxMs on top of its delay. */
  readonly reorderExtraMaxMs: number;
}

/** A link that delivers everything once, in order, after a fixed 50 ms. */
export const RELIABLE_LINK: LinkFaults = {
  delayMinMs: 50,
  delayMaxMs: 50,
  drop: NEVER,
  duplicate: NEVER,
  reorder: NEVER,
  reorderExtraMaxMs: 0,
};

export function checkLinkFaults(f: LinkFaults, field: string): LinkFaults {
  const delayOk = (ms: number): boolean => Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_LINK_DELAY_MS;
  if (!delayOk(f.delayMinMs) || !delayOk(f.delayMaxMs) || f.delayMinMs > f.delayMaxMs) {
    throw new UsageError(`${field} delay: expected 0 <= delayMinMs <= delayMaxMs <= ${MAX_LINK_DELAY_MS}, got ${f.delayMinMs}..${f.delayMaxMs}`);
  }
  if (!delayOk(f.reorderExtraMaxMs)) throw new UsageError(`${field} reorderExtraMaxMs: expected 0..${MAX_LINK_DELAY_MS}, got ${f.reorderExtraMaxMs}`);
  if (f.reorder.num > 0 && f.reorderExtraMaxMs < 1) throw new UsageError(`${field}: reorder needs reorderExtraMaxMs >= 1`);
  checkProbability(f.drop, `${field} drop`);
  checkProbability(f.duplicate, `${field} duplicate`);
  checkProbability(f.reorder, `${field} reorder`);
  return f;
}
