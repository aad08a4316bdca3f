// A privacy-mode phone's storage (docs/architecture.md): its device store on the world's medium — one
// sealed row per message plus one for the rest, written after every step — and, out of the medium's
// reach, the platform's watermark of that store (protocol/device/rollback.ts), so a copy written back
// onto the medium is recognised as older than the store must be.
import type { DeviceState } from '../../protocol/device/index.ts';
import { firstWatermark, nextWatermark, type StoreWatermark } from '../../protocol/device/rollback.ts';
import { DeviceStore } from '../storage/deviceStore.ts';
import { MemoryEngine } from '../storage/memoryEngine.ts';
import { packSeizure } from '../storage/rawSeizure.ts';
import type { WorldPorts } from './worldPorts.ts';

export class PhoneStorage {
  private readonly store: DeviceStore;
  private mark: StoreWatermark;

  constructor(w: WorldPorts, user: string, first: DeviceState, storageKey: Uint8Array) {
    // The store draws nonces from its own stream, so the protocol's randomness is the same on every medium.
    this.store = new DeviceStore(w.storage?.(`phone:${user}`) ?? new MemoryEngine(), w.provider, storageKey, w.engine.stream(`storage:device:${user}`));
    if (this.store.writeThrough) this.store.save(first);
    this.mark = firstWatermark(first);
  }

  /** One more step: the phone writes its store (a memory medium only when seized) and the platform moves the watermark. */
  saved(next: DeviceState): void {
    if (this.store.writeThrough) this.store.save(next);
    this.mark = nextWatermark(this.mark, next);
  }

  get watermark(): StoreWatermark {
    return this.mark;
  }

  /** The raw files of the medium, byte for byte (deleted rows that linger in them included), as `state` leaves them. */
  seize(state: DeviceState): Uint8Array {
    this.store.save(state);
    return packSeizure(this.store.rawFiles());
  }
}
