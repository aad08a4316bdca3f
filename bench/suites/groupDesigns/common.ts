import { createDrbg } from '../../../protocol/random/drbg.ts';
import { designSizeId, type GroupDesign } from '../../harness/ids.ts';
import type { SizeResult } from '../../harness/types.ts';
import { SMALL_MESSAGE_BYTES } from '../protocol.ts';

/** Every case of the group designs has an op starting with this, so `--filter group.designs` runs exactly them. */
export const DESIGN_OP_PREFIX = 'designs.';

export const NOW_MS = 1_000;

export const plaintext = createDrbg('bench/group-designs/plaintext').bytes(SMALL_MESSAGE_BYTES);

const sizes = new Map<string, SizeResult>();

export function record(metric: string, members: number, design: GroupDesign, label: string, bytes: number, note: string): void {
  const id = designSizeId(metric, members, design);
  sizes.set(id, { id, label: `${label}, ${members} members`, impl: design, bytes, note });
}

/** The byte counts recorded by the cases prepared so far in this process, in the order they were made. */
export function groupDesignSizes(): SizeResult[] {
  return [...sizes.values()];
}
