// Test support for the SEC-WARRANT checkers: an operator (ledger + warrant policy) and the simulator's
// ground truth driven side by side, the way the engine will drive them. Not used by production code.
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import { TransparencyLedger, serveWarrant } from '../../sim/authority/ledger.ts';
import { memoryServerView } from '../../sim/authority/memoryServerView.ts';
import { notificationsDue } from '../../sim/authority/notification.ts';
import { ALICE, BOB, ROOM_AB, sampleRecords } from './serverRecords.ts';
import type { Warrant, WarrantPolicy } from '../../sim/authority/warrant.ts';
import { TruthRecorder } from './truthRecorder.ts';

export class TestWorld {
  readonly ledger: TransparencyLedger;
  readonly truth = new TruthRecorder();
  private readonly view = memoryServerView(sampleRecords());

  constructor(
    readonly policy: WarrantPolicy,
    reportSeizures = true,
  ) {
    this.ledger = new TransparencyLedger({ reportSeizures });
    // The sample messages are history from before the test starts: recorded at time 0.
    for (const c of sampleRecords().content) {
      this.truth.recordSent({ atMs: 0, messageId: `m-${c.envelopeId}`, from: c.from, roomId: c.roomId ?? ROOM_AB, recipients: [c.to], privacyMode: true, canaries: [], envelopeIds: [c.envelopeId] });
    }
  }

  serve(warrant: Warrant, nowMs = warrant.servedAtMs): void {
    this.truth.recordWarrantServed(warrant);
    this.truth.recordReturn(serveWarrant(this.ledger, warrant, this.policy, this.view, nowMs));
  }

  seizeServer(atMs: number): void {
    const seizure = { items: [{ label: 'db', bytes: new Uint8Array(64) }], atRestKeys: [new Uint8Array(32)] };
    this.ledger.recordServerSeizure(seizure, atMs);
    this.truth.recordServerSeizure(atMs, seizure);
  }

  seizePhone(atMs: number, deviceId: DeviceId, userId: UserId): void {
    this.ledger.recordPhoneSeizure({ deviceId, userId }, atMs);
    this.truth.recordPhoneSeizure(atMs, deviceId, userId);
  }

  /** The operator's notifier running at `nowMs`: sends whatever its ledger says is due. */
  notify(nowMs: number): void {
    for (const n of notificationsDue(this.ledger, nowMs)) {
      this.ledger.recordNotificationSent(n, nowMs);
      this.truth.recordNotificationSent(nowMs, n.warrantId, n.userId);
    }
  }
}

export const DAY_MS = 86_400_000;

/** Three warrants (one gagged for two days, one content-only), a server and a phone seizure. */
export function standardHistory(world: TestWorld): void {
  world.serve({ id: 'w1', servedAtMs: 10_000, target: { kind: 'user', userId: ALICE }, scope: ['content', 'metadata'], fromMs: 0, toMs: 10_000 });
  world.notify(10_000);
  world.serve({ id: 'w2', servedAtMs: 20_000, target: { kind: 'room', roomId: ROOM_AB }, scope: ['metadata', 'keys'], fromMs: 0, toMs: 10_000, gagUntilMs: 2 * DAY_MS });
  world.notify(20_000);
  world.serve({ id: 'w3', servedAtMs: 30_000, target: { kind: 'user', userId: ALICE }, scope: ['content'], fromMs: 0, toMs: 10_000 });
  world.notify(30_000);
  world.seizeServer(40_000);
  world.seizePhone(50_000, 'bob-1' as DeviceId, BOB);
  world.notify(2 * DAY_MS);
}
