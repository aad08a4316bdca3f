// A store put back to an older copy (docs/threat-model.md "Rollback"). Whoever holds a phone can write
// an old image of its store back onto the medium; a device that ran on it would open again what it
// already opened (its message keys, spent prekeys and setup records are the old ones) and show again
// messages that evaporated. The platform keeps, where the medium cannot roll it back (Android's
// rollback-resistant keystore, a secure element's monotonic storage), a watermark of the store: a
// digest of what the store last saved, the number of saves, the next prekey id, and the trust table
// (each contact's trusted identity and whether the user verified it). A store whose digest is not the
// watermark's is not run: the device keeps its identity, takes its contacts' trust from the watermark —
// not from the copy, which may predate a contact or have been rewritten by whoever holds the storage
// key — so a key substituted later still warns, drops every session, prekey, room, message and record
// of the old copy, and starts over with fresh prekeys whose ids lie past every id it ever handed out.
// It then tells every contact it had that it started over (startOver.ts), so their next
// messages go on new sessions; what was in flight on the dropped ones is lost (docs/properties.md
// LIVE-DELIVERY, outside the promise).
//
// Why a digest and not a count: the store is sealed with its storage key, and the threat model lets
// whoever seized the phone hold that key. A count the store carries can then be rewritten to any
// value; a digest of the whole store names one content, which only the latest store has.
import { concatBytes, equalBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { createPreKeyStore } from '../prekeys/preKeyStore.ts';
import type { DeviceContext } from './context.ts';
import { DEFAULT_ONE_TIME_PREKEYS } from './create.ts';
import type { Contact, DeviceEvent, DeviceState } from './state.ts';
import { serializeDevice } from './store.ts';

const DIGEST_LABEL = utf8('sealroom store digest v1');

/** What the platform keeps out of the medium's reach, as of the store's last save. */
export interface StoreWatermark {
  /** storeDigest of the state the store last saved. */
  readonly digest: Uint8Array;
  /** How many times the store has saved (what the weak variant count-only-watermark compares). */
  readonly saves: number;
  /** The next prekey id the device would hand out (never lower than any id it handed out). */
  readonly nextPreKeyId: number;
  /** Every contact as last saved, without sessions, held messages or pending bundle: who is trusted as whom. */
  readonly trust: readonly TrustRecord[];
}

/** What the watermark keeps of a contact. */
export type TrustRecord = Omit<Contact, 'sessions' | 'held' | 'pendingBundle'>;

/** A store as read back from the medium: its state, and the save count it carries about itself. */
export interface StoredCopy {
  readonly device: DeviceState;
  readonly saves: number;
}

/** The digest of a saved state: SHA-256 over a label and the store's serialized bytes. */
export function storeDigest(provider: CryptoProvider, device: DeviceState): Uint8Array {
  return provider.sha256(concatBytes(DIGEST_LABEL, serializeDevice(device)));
}

/** The watermark after `saves` saves, the last of which saved `last`. */
export function watermarkOf(provider: CryptoProvider, last: DeviceState, saves: number, nextPreKeyId: number): StoreWatermark {
  const trust = last.contacts.map(
    (c): TrustRecord =>
      structuredClone({ deviceId: c.deviceId, userId: c.userId, identity: c.identity, verified: c.verified, verificationFailed: c.verificationFailed, pendingIdentity: c.pendingIdentity }),
  );
  return { digest: storeDigest(provider, last), saves, nextPreKeyId: Math.max(nextPreKeyId, last.preKeys.nextPreKeyId), trust };
}

/** Whether `copy` is not the store the watermark was taken of, as flags.rollbackCheck decides. */
export function isRolledBack(copy: StoredCopy, watermark: StoreWatermark, ctx: DeviceContext): boolean {
  switch (ctx.flags.rollbackCheck) {
    case 'store-digest':
      return !equalBytes(storeDigest(ctx.provider, copy.device), watermark.digest);
    case 'save-count':
      return copy.saves < watermark.saves;
    case 'none':
      return false;
  }
}

export interface RestoredStore {
  readonly device: DeviceState;
  /** True when the store was not the watermark's and the device started over. */
  readonly startedOver: boolean;
  readonly events: readonly DeviceEvent[];
}

/**
 * The device to run after a restart from `copy`. With flags.rollbackCheck 'none' (weak variant
 * no-rollback-check) the copy runs as it is; with 'save-count' (count-only-watermark) whenever the
 * count it carries is not below the watermark's.
 */
export function openRestoredStore(copy: StoredCopy, watermark: StoreWatermark, ctx: DeviceContext): RestoredStore {
  const restored = copy.device;
  if (!isRolledBack(copy, watermark, ctx)) return { device: restored, startedOver: false, events: [] };
  const preKeys = createPreKeyStore(
    { provider: ctx.provider, rng: ctx.rng, identity: restored.identity, nowMs: ctx.nowMs },
    { oneTime: DEFAULT_ONE_TIME_PREKEYS, kemOneTime: DEFAULT_ONE_TIME_PREKEYS },
    Math.max(watermark.nextPreKeyId, restored.preKeys.nextPreKeyId),
  );
  const device: DeviceState = {
    ...restored,
    preKeys,
    contacts: watermark.trust.map((t) => ({ ...structuredClone(t), sessions: [], held: [], pendingBundle: undefined })),
    inbox: [],
    sent: [],
    tombstones: [],
    groups: [],
  };
  return { device, startedOver: true, events: [{ kind: 'store-rolled-back', atMs: ctx.nowMs }] };
}
