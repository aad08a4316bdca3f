// Prekey id allocation: one increasing u32 counter per device, shared by every prekey kind, so an
// id names exactly one key and a consumed id is never handed out again.
import { UsageError } from '../errors.ts';
import { preKeyId, type PreKeyId } from '../ids.ts';

/** Ids are u32 on the wire (X3DH §3.3 "identifiers"). */
export const MAX_PREKEY_ID = 0xffff_ffff;

/** `count` fresh ids starting at `next`; the counter never wraps (a wrap would reissue consumed ids). */
export function allocatePreKeyIds(next: number, count: number): { readonly ids: readonly PreKeyId[]; readonly next: number } {
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`prekey id count: expected a non-negative integer, got ${count}`);
  if (next + count - 1 > MAX_PREKEY_ID) throw new UsageError('prekey ids exhausted: the u32 id space never wraps');
  const ids: PreKeyId[] = [];
  for (let i = 0; i < count; i++) ids.push(preKeyId(next + i));
  return { ids, next: next + count };
}

export function u32Bytes(v: number): Uint8Array {
  return new Uint8Array([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
