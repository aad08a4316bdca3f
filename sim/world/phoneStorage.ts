// A privacy-mode phone's storage (docs/architecture.md): its device store on the world's medium — one
// sealed row per message, one with the store's save count, one for the rest, written after every step
// — and, out of the medium's reach, the platform's watermark of that store (protocol/device/rollback.ts),
// so a copy written back onto the medium is told from the store the phone last saved.
import { type DeviceState, type StoredCopy, type StoreWatermark, watermarkOf } from '../../protocol/device/index.ts';
import { DeviceStore, type StoredRow } from '../storage/deviceStore.ts';
import { MemoryEngine } from '../storage/memoryEngine.ts';
import { packSeizure } from '../storage/rawSeizure.ts';
import type { WorldPorts } from './worldPorts.ts';

export class PhoneStorage {
  private readonly store: DeviceStore;
  /** The state of the last save, how many saves there were, and the highest next prekey id saved. */
  private last: DeviceState;
  private saves = 1;
  private nextPreKeyId: number;

  constructor(
    private readonly w: WorldPorts,
    user: string,
    first: DeviceState,
    storageKey: Uint8Array,
  ) {
    // The store draws nonces from its own stream, so the protocol's randomness is the same on every medium.
    this.store = new DeviceStore(w.storage?.(`phone:${user}`) ?? new MemoryEngine(), w.provider, storageKey, w.engine.stream(`storage:device:${user}`));
    if (this.store.writeThrough) this.store.save(first, this.saves);
    this.last = first;
    this.nextPreKeyId = first.preKeys.nextPreKeyId;
  }

  /** One more step: the phone writes its store (a memory medium only when seized) and the platform moves the watermark. */
  saved(next: DeviceState): void {
    this.saves++;
    if (this.store.writeThrough) this.store.save(next, this.saves);
    this.last = next;
    this.nextPreKeyId = Math.max(this.nextPreKeyId, next.preKeys.nextPreKeyId);
  }

  /**
   * The platform's watermark as of the last save. Its digest is a function of the saved state alone,
   * so it is computed here when asked for rather than after every step: the same value, at a fraction
   * of the cost.
   */
  get watermark(): StoreWatermark {
    return watermarkOf(this.w.provider, this.last, this.saves, this.nextPreKeyId);
  }

  /**
   * What a seizure reads, as `state` leaves the medium: its raw files byte for byte (deleted rows that
   * linger in them included), and its live rows as sealed, which a rollback can write back.
   */
  seize(state: DeviceState): { blob: Uint8Array; medium: StoredRow[] } {
    this.store.save(state, this.saves);
    return { blob: packSeizure(this.store.rawFiles()), medium: this.store.image() };
  }

  /** Someone wrote `image` onto the medium; the phone restarts and reads the store from it. */
  restartOn(image: readonly StoredRow[]): StoredCopy {
    this.store.writeImage(image);
    return this.store.reopen();
  }
}
