// Canary tokens the world puts in every plaintext it sends, so the judges can later search any byte
// string for them (docs/properties.md "How a property is judged": canary scanning).
import type { Rng } from '../../protocol/random/rng.ts';

export const CANARY_PREFIX = 'CANARY-';
/** Random base32 characters after the prefix: 100 bits, so a chance match in megabytes of ciphertext is negligible. */
const CANARY_BODY_CHARS = 20;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh canary token from `rng`: `CANARY-` and 20 base32 characters (256 is a multiple of 32: no bias). */
export function makeCanary(rng: Rng): string {
  const raw = rng.bytes(CANARY_BODY_CHARS);
  let body = '';
  for (const b of raw) body += BASE32[b & 31];
  return CANARY_PREFIX + body;
}
