// Skipped message keys (Signal Double Ratchet spec §3.5 MKSKIPPED, libsignal MAX_MESSAGE_KEYS):
// a bounded, oldest-first list of seeds for messages that have not arrived yet. Bounded by count
// (MAX_SKIPPED_KEYS, oldest dropped) and by age (SKIPPED_KEY_TTL_MS, stamped with ctx.nowMs).
import { equalBytes, toHex, wipe } from '../bytes.ts';
import { MAX_SKIPPED_KEYS, SKIPPED_KEY_TTL_MS } from '../limits.ts';
import { requireNowMs } from './context.ts';
import { cloneRatchetState, type RatchetState, type SkippedKey } from './state.ts';

export function findSkippedKeyIndex(list: readonly SkippedKey[], ratchetKey: Uint8Array, counter: number): number {
  return list.findIndex((k) => k.counter === counter && equalBytes(k.ratchetKey, ratchetKey));
}

/** A key stored longer ago than the TTL. A clock that went backwards expires nothing. */
export function isSkippedKeyExpired(key: SkippedKey, nowMs: number): boolean {
  return nowMs - key.storedAtMs > SKIPPED_KEY_TTL_MS;
}

/** Identity of a skipped key: at most one stored key per (ratchet key, counter). */
export function skippedKeyId(k: SkippedKey): string {
  return `${toHex(k.ratchetKey)}:${k.counter}`;
}

/**
 * Appends newly skipped keys (an entry for the same message replaces an older one: a chain dropped by
 * MAX_RECEIVER_CHAINS and rebuilt can skip the same numbers again), then prunes. `list` is owned.
 */
export function appendSkippedKeys(list: readonly SkippedKey[], added: readonly SkippedKey[], nowMs: number): readonly SkippedKey[] {
  if (added.length === 0) return pruneSkippedKeys(list, nowMs);
  const ids = new Set(added.map(skippedKeyId));
  const kept = list.filter((k) => {
    if (!ids.has(skippedKeyId(k))) return true;
    wipe(k.seed, k.headerKey);
    return false;
  });
  return pruneSkippedKeys([...kept, ...added], nowMs);
}

/**
 * Drops expired keys, then the oldest beyond MAX_SKIPPED_KEYS. The list must be owned by the
 * caller (a working copy): dropped seeds are wiped in place.
 */
export function pruneSkippedKeys(list: readonly SkippedKey[], nowMs: number): readonly SkippedKey[] {
  const fresh: SkippedKey[] = [];
  for (const k of list) {
    if (isSkippedKeyExpired(k, nowMs)) wipe(k.seed, k.headerKey);
    else fresh.push(k);
  }
  const excess = fresh.length - MAX_SKIPPED_KEYS;
  if (excess <= 0) return fresh;
  for (const k of fresh.slice(0, excess)) wipe(k.seed, k.headerKey);
  return fresh.slice(excess);
}

/** Removes entry `index`, returning the new list (the removed seed is handed to the caller). */
export function withoutSkippedKey(list: readonly SkippedKey[], index: number): readonly SkippedKey[] {
  return [...list.slice(0, index), ...list.slice(index + 1)];
}

/**
 * Drops expired skipped keys from a state at rest, so a seizure does not find keys past their TTL.
 * Returns a deep copy; the input is untouched (its expired seeds stay the caller's to wipe). The
 * device's timer step is protocol/device/expireSkippedKeys.ts, which returns those seeds.
 */
export function pruneExpiredSkippedKeys(state: RatchetState, nowMs: number): RatchetState {
  requireNowMs(nowMs);
  const s = cloneRatchetState(state);
  return { ...s, skipped: pruneSkippedKeys(s.skipped, nowMs) };
}
