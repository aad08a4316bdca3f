// Test kit: ground truth written by hand, event by event, for the checkers' unit tests (the world
// writes its ground truth as run-log events instead: sim/log/truth.ts reads them).
import { UsageError } from '../../protocol/errors.ts';
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import type { Warrant } from '../../sim/authority/warrant.ts';
import type { WarrantReturn } from '../../sim/authority/warrantReturn.ts';
import { GroundTruth, type SentEvent, type TruthEvent } from '../../sim/log/truth.ts';

export class TruthRecorder extends GroundTruth {
  private readonly list: TruthEvent[];

  constructor() {
    const list: TruthEvent[] = [];
    super(list);
    this.list = list;
  }

  private push(e: TruthEvent): void {
    const last = this.list.at(-1);
    if (last !== undefined && last.atMs > e.atMs) throw new UsageError('ground truth is recorded in time order');
    this.list.push(e);
  }

  recordSent(e: Omit<SentEvent, 'kind'>): void {
    this.push({ kind: 'sent', ...e });
  }
  recordDecrypted(atMs: number, messageId: string, recipient: UserId): void {
    this.push({ kind: 'decrypted', atMs, messageId, recipient });
  }
  recordErased(atMs: number, messageId: string, holder: string): void {
    this.push({ kind: 'erased', atMs, messageId, holder });
  }
  recordServerSeizure(atMs: number, seizure: { readonly items: readonly { readonly bytes: Uint8Array }[]; readonly atRestKeys: readonly Uint8Array[] }): void {
    const byteCount = seizure.items.reduce((n, i) => n + i.bytes.length, 0);
    this.push({ kind: 'server-seized', atMs, itemCount: seizure.items.length, byteCount, atRestKeyCount: seizure.atRestKeys.length });
  }
  recordPhoneSeizure(atMs: number, deviceId: DeviceId, userId: UserId): void {
    this.push({ kind: 'phone-seized', atMs, deviceId, userId });
  }
  recordWarrantServed(warrant: Warrant): void {
    if (this.warrant(warrant.id) !== undefined) throw new UsageError(`ground truth: warrant ${warrant.id} served twice`);
    this.push({ kind: 'warrant-served', atMs: warrant.servedAtMs, warrant });
  }
  recordReturn(ret: WarrantReturn): void {
    if (this.warrant(ret.warrantId) === undefined) throw new UsageError(`ground truth: return for unserved warrant ${ret.warrantId}`);
    this.push({ kind: 'warrant-returned', atMs: ret.returnedAtMs, ret });
  }
  recordNotificationSent(atMs: number, warrantId: string, userId: UserId): void {
    this.push({ kind: 'notification-sent', atMs, warrantId, userId });
  }
}
