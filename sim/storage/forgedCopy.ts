// A copy of a phone's store altered by someone holding its storage key (docs/threat-model.md
// "Rollback"): the save count it carries about itself is rewritten and sealed again, so the copy
// claims to be newer than any store the phone ever saved.
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { Rng } from '../../protocol/random/rng.ts';
import { SAVES_ROW, savesRow } from './deviceRows.ts';
import type { StoredRow } from './deviceStore.ts';
import { DEVICE_ROW_DOMAIN, sealRecord } from './sealedRecord.ts';

/** A count past any store's saves (one save per step; a run takes far fewer steps). */
const FORGED_SAVE_COUNT = 2 ** 40;

/** `rows` with the save-count row replaced (or added) by one saying FORGED_SAVE_COUNT, sealed with `storageKey`. */
export function forgeSaveCount(provider: CryptoProvider, rows: readonly StoredRow[], storageKey: Uint8Array, rng: Rng): StoredRow[] {
  const sealed = sealRecord({ provider, key: storageKey, domain: DEVICE_ROW_DOMAIN }, rng, SAVES_ROW, 0, savesRow(FORGED_SAVE_COUNT));
  const forged = { label: SAVES_ROW, sealed };
  const out = rows.map((r) => (r.label === SAVES_ROW ? forged : r));
  return out.some((r) => r === forged) ? out : [...out, forged];
}
