// A phone's prekey upkeep in the world (protocol/device/prekeyMaintenance.ts): how often it runs, and
// how its result reaches the directory — a rotated signed prekey and last-resort KEM key replace the
// old ones, fresh one-time prekeys are appended, and the ids the device dropped are withdrawn. The
// schedule is the phone's own clock; a rotation happens only when the directory can hear of it.
import { maintainPreKeys, type DeviceState, type PreKeyPublication } from '../../protocol/device/index.ts';
import type { Engine } from '../engine/engine.ts';
import type { RunLog } from '../log/runLog.ts';
import type { Server } from '../server/server.ts';
import { directoryEntryFor } from './directoryBundle.ts';
import { tellAgainIfUnheard, tellContacts, type StartOverHost } from './startOver.ts';

/**
 * How often a phone runs its prekey maintenance: a few times per SIGNED_PREKEY_ROTATION_MS, so a
 * rotation is at most this late and a retired pair leaves at most this long after its grace period.
 */
export const PREKEY_MAINTENANCE_INTERVAL_MS = 12 * 60 * 60 * 1000;

/** Hands the directory what one maintenance run published for `state` (nothing when it published nothing). */
function uploadPreKeys(server: Server, state: DeviceState, p: PreKeyPublication): void {
  if (p.signedPreKey === undefined && p.oneTimePreKeys.length === 0 && p.kemOneTimePreKeys.length === 0 && p.withdrawnPreKeyIds.length === 0) return;
  const entry = directoryEntryFor(state);
  const newOneTime = new Set<number>(p.oneTimePreKeys.map((k) => k.id));
  const newKem = new Set<number>(p.kemOneTimePreKeys.map((k) => k.id));
  server.refill(state.deviceId, {
    ...(p.signedPreKey === undefined ? {} : { base: entry.base }),
    ...(p.kemLastResortPreKey === undefined || entry.kemLastResort === undefined ? {} : { kemLastResort: entry.kemLastResort }),
    oneTime: entry.oneTime.filter((k) => newOneTime.has(k.id)),
    kemOneTime: entry.kemOneTime.filter((k) => newKem.has(k.id)),
    withdrawn: [...p.withdrawnPreKeyIds],
  });
}

/** What the upkeep needs of its phone: its live state, whether it is online, how to commit a step, and (after a start-over) how to reach its contacts. */
interface UpkeepHost extends StartOverHost {
  readonly user: string;
  online(): boolean;
}

/**
 * One phone's prekey upkeep: maintainPreKeys every PREKEY_MAINTENANCE_INTERVAL_MS on the phone's own
 * clock. Offline it only erases what is due (a rotation the directory cannot hear of would strand every
 * sender still handed the old key); on reconnecting it runs at once, so a rotation it owes reaches the
 * directory with it. Every new X25519 secret is logged (prekeys-published) for the judges' DH-breaking attacker.
 */
export class PrekeyUpkeep {
  /** When the phone last told each contact again that it started over. */
  private readonly toldAgain = new Map<string, number>();

  constructor(
    private readonly w: { readonly engine: Engine; readonly server: Server; readonly log: RunLog },
    private readonly phone: UpkeepHost,
  ) {}

  /** Start the timer (once the phone has published its first keys). */
  start(): void {
    this.w.engine.schedule(this.w.engine.nowMs + PREKEY_MAINTENANCE_INTERVAL_MS, 'prekey-maintenance', { device: this.phone.user }, () => {
      this.run();
      this.start();
    });
  }

  /**
   * The phone started over with a fresh prekey store (protocol/device/rollback.ts): all of it goes to
   * the directory and every secret to the log, then every contact it kept is told (startOver.ts).
   */
  startedOver(): void {
    const state = this.phone.state();
    this.w.server.publish(directoryEntryFor(state));
    const { preKeys } = state;
    this.w.log.append({
      kind: 'prekeys-published',
      user: this.phone.user,
      signedPreKeyId: preKeys.signedPreKey.id,
      secrets: structuredClone({ signedPreKeys: [preKeys.signedPreKey], oneTimePreKeys: preKeys.oneTimePreKeys }),
    });
    tellContacts(this.phone);
  }

  /** The phone refused a message from `peer`: if its start-over never reached the peer, it tells it again (startOver.ts). */
  refusedFrom(peer: string): void {
    tellAgainIfUnheard(this.phone, peer, this.w.engine.nowMs, this.toldAgain);
  }

  /** The phone is back online: what it owes the directory goes now, not at the next tick. */
  reconnected(): void {
    this.run();
  }

  /** One maintenance run; offline, erasure only. */
  private run(): void {
    const online = this.phone.online();
    const before = this.phone.state();
    const m = maintainPreKeys(before, this.phone.ctx(), online ? this.w.server.preKeyCounts(before.deviceId) : undefined, { offline: !online });
    this.phone.commit(m.device, m.consumed);
    uploadPreKeys(this.w.server, this.phone.state(), m.publish);
    const spk = m.publish.signedPreKey;
    const fresh = new Set(m.publish.oneTimePreKeys.map((k) => k.id));
    if (spk === undefined && fresh.size === 0) return;
    const { preKeys } = this.phone.state();
    this.w.log.append({
      kind: 'prekeys-published',
      user: this.phone.user,
      signedPreKeyId: spk?.id,
      secrets: structuredClone({ signedPreKeys: spk === undefined ? [] : [preKeys.signedPreKey], oneTimePreKeys: preKeys.oneTimePreKeys.filter((k) => fresh.has(k.id)) }),
    });
  }
}
