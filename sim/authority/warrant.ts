// Warrants and the server's warrant policy (docs/properties.md promise 5, SEC-WARRANT).
// A warrant names a target, the data categories it demands, a time window and an optional gag;
// the policy says which categories the operator hands over and whether it tells the users.
import { UsageError } from '../../protocol/errors.ts';
import type { WarrantTarget } from './serverView.ts';

export const DATA_CATEGORIES = ['content', 'metadata', 'keys'] as const;
/** content: stored privacy-mode ciphertext; metadata: the server's log lines; keys: key-directory entries. */
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export interface Warrant {
  readonly id: string;
  readonly servedAtMs: number;
  readonly target: WarrantTarget;
  readonly scope: readonly DataCategory[];
  /** Window of records demanded, [fromMs, toMs). Key-directory entries are not time-bound. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Users may not be told before this instant (a recorded gag order). */
  readonly gagUntilMs?: number;
}

export const WARRANT_POLICIES = ['refuse-content', 'comply', 'comply-silently'] as const;
/**
 * refuse-content: the promised policy — metadata only, never privacy-mode content, users notified.
 * comply / comply-silently: negative controls — everything in scope handed over, with / without notice.
 */
export type WarrantPolicy = (typeof WARRANT_POLICIES)[number];

/**
 * Categories each policy will disclose when asked. "Metadata only" in the promise is read strictly:
 * refuse-content also withholds key-directory entries. Change this one table to read it otherwise.
 */
export const POLICY_DISCLOSES: Readonly<Record<WarrantPolicy, readonly DataCategory[]>> = {
  'refuse-content': ['metadata'],
  comply: DATA_CATEGORIES,
  'comply-silently': DATA_CATEGORIES,
};

/** Whether the policy promises to notify affected users of a disclosure. */
export const POLICY_NOTIFIES: Readonly<Record<WarrantPolicy, boolean>> = {
  'refuse-content': true,
  comply: true,
  'comply-silently': false,
};

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** Checks a warrant built by a scenario or strategy. A malformed warrant is a harness bug (UsageError). */
export function validateWarrant(w: Warrant): Warrant {
  if (typeof w.id !== 'string' || w.id.length === 0) throw new UsageError('warrant.id: expected a non-empty string');
  if (!isTime(w.servedAtMs)) throw new UsageError(`warrant.servedAtMs: expected a non-negative integer, got ${w.servedAtMs}`);
  if (!isTime(w.fromMs) || !isTime(w.toMs) || w.fromMs > w.toMs) {
    throw new UsageError(`warrant window: expected integers 0 <= fromMs <= toMs, got ${w.fromMs}..${w.toMs}`);
  }
  if (w.target.kind !== 'user' && w.target.kind !== 'room') throw new UsageError('warrant.target.kind: expected user or room');
  if (w.scope.length === 0) throw new UsageError('warrant.scope: expected at least one category');
  const seen = new Set<DataCategory>();
  for (const c of w.scope) {
    if (!DATA_CATEGORIES.includes(c)) throw new UsageError(`warrant.scope: unknown category ${String(c)}`);
    if (seen.has(c)) throw new UsageError(`warrant.scope: duplicate category ${c}`);
    seen.add(c);
  }
  if (w.gagUntilMs !== undefined && !isTime(w.gagUntilMs)) {
    throw new UsageError(`warrant.gagUntilMs: expected a non-negative integer, got ${w.gagUntilMs}`);
  }
  return w;
}
