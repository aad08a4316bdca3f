// The per-room bound on skipped group message keys (MAX_GROUP_ROOM_SKIPPED_KEYS): each sender chain
// keeps at most MAX_GROUP_SKIPPED_KEYS, and over all members' chains of one room the oldest keys (by
// storedAtMs; ties in member, chain and index order) are dropped first. Dropped seeds leave the
// returned list only: the input is untouched and the state owner wipes what the new state no longer
// holds (protocol/device/groupStore.ts spentGroupSecrets).
import { MAX_GROUP_ROOM_SKIPPED_KEYS } from '../limits.ts';
import type { MemberChains, SkippedGroupKey } from '../wire/groupState.ts';

/** Skipped keys held over every chain of `receiving`. */
export function roomSkippedKeyCount(receiving: readonly MemberChains[]): number {
  let n = 0;
  for (const m of receiving) for (const c of m.chains) n += c.skipped.length;
  return n;
}

/** `receiving` with at most `bound` skipped keys in all, the oldest dropped; the same array when within it. */
export function boundRoomSkippedKeys(receiving: readonly MemberChains[], bound = MAX_GROUP_ROOM_SKIPPED_KEYS): readonly MemberChains[] {
  const excess = roomSkippedKeyCount(receiving) - bound;
  if (excess <= 0) return receiving;
  const all: { key: SkippedGroupKey; order: number }[] = [];
  for (const m of receiving) for (const c of m.chains) for (const key of c.skipped) all.push({ key, order: all.length });
  all.sort((a, b) => a.key.storedAtMs - b.key.storedAtMs || a.order - b.order);
  const dropped = new Set(all.slice(0, excess).map((e) => e.key));
  return receiving.map((m) => ({
    memberId: m.memberId,
    chains: m.chains.map((c) => (c.skipped.some((k) => dropped.has(k)) ? { ...c, skipped: c.skipped.filter((k) => !dropped.has(k)) } : c)),
  }));
}
