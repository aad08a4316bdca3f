// Skipped message keys across the whole device (Double Ratchet spec §3.5 MKSKIPPED): after a step,
// keys past SKIPPED_KEY_TTL_MS leave every session, and the oldest leave beyond MAX_STORE_SKIPPED_KEYS,
// as the reference device does at rest (protocol/device/expireSkippedKeys.ts, store.ts). Seeds that
// leave are returned for the owner to wipe; an unchanged record is returned as itself.
import { MAX_STORE_SKIPPED_KEYS } from '../../protocol/limits.ts';
import type { SkippedKey } from '../../protocol/ratchet/state.ts';
import { isSkippedKeyExpired } from '../../protocol/ratchet/skipped.ts';
import type { DeviceRecord } from './state.ts';

function allSkipped(record: DeviceRecord): SkippedKey[] {
  return record.peers.flatMap((p) => p.sessions.flatMap((s) => s.ratchet.skipped));
}

/** `record` without the skipped keys `leaving` selects. */
function without(record: DeviceRecord, leaving: ReadonlySet<SkippedKey>): DeviceRecord {
  const keep = (list: readonly SkippedKey[]) => (list.some((k) => leaving.has(k)) ? list.filter((k) => !leaving.has(k)) : list);
  return {
    ...record,
    peers: record.peers.map((p) => ({ ...p, sessions: p.sessions.map((s) => ({ ...s, ratchet: { ...s.ratchet, skipped: keep(s.ratchet.skipped) } })) })),
  };
}

export function boundSkippedKeys(record: DeviceRecord, nowMs: number): { readonly record: DeviceRecord; readonly dropped: readonly Uint8Array[] } {
  const all = allSkipped(record);
  const leaving = new Set(all.filter((k) => isSkippedKeyExpired(k, nowMs)));
  const live = all.filter((k) => !leaving.has(k));
  const excess = live.length - MAX_STORE_SKIPPED_KEYS;
  if (excess > 0) {
    // Oldest first by the time stored; a stable sort keeps store order among equal times.
    for (const k of [...live].sort((a, b) => a.storedAtMs - b.storedAtMs).slice(0, excess)) leaving.add(k);
  }
  if (leaving.size === 0) return { record, dropped: [] };
  return { record: without(record, leaving), dropped: [...leaving].map((k) => k.seed) };
}
