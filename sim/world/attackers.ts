// Devices the malicious server makes for itself: a MITM identity whose bundle it serves in place of
// a real one, or a forger that opens its own session to a victim. Their states are kept, because
// "key material the server holds" includes them (SEC-SERVER-BLIND, SEC-MITM judges try them).
import { toHex } from '../../protocol/bytes.ts';
import { createDevice, createRoom, openSession, sendGroupText, sendText, type DeviceState } from '../../protocol/device/index.ts';
import { deviceId as toDeviceId, messageId, roomId, userId as toUserId } from '../../protocol/ids.ts';
import { utf8 } from '../../protocol/bytes.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import type { BundleJson, EnvelopeJson } from '../server/powers.ts';
import { bundleFromDirectory, directoryEntryFor } from './directoryBundle.ts';
import type { AttackerKit } from './phone.ts';
import type { AttackerWorld as World } from './phone.ts';

/** The privacy-mode attacker kit: real devices under the server's control. */
export class Attackers implements AttackerKit {
  readonly devices = new Map<string, { posingAs: string; state: DeviceState }>();

  constructor(private readonly world: World) {}

  private ctx(name: string) {
    const w = this.world;
    return { provider: w.provider, rng: w.engine.stream(`attacker:${name}`), nowMs: w.engine.nowMs, flags: REFERENCE_FLAGS };
  }

  /** The attacker's device named `name`, made on first use and claiming to be `posingAs`. */
  device(name: string, posingAs: string): DeviceState {
    let d = this.devices.get(name)?.state;
    if (d === undefined) {
      d = createDevice({ deviceId: toDeviceId(posingAs), userId: toUserId(posingAs), oneTimePreKeys: 20 }, this.ctx(name));
      this.devices.set(name, { posingAs, state: d });
    }
    return d;
  }

  private keep(name: string, state: DeviceState): void {
    const posingAs = this.devices.get(name)?.posingAs ?? name;
    this.devices.set(name, { posingAs, state });
  }

  identities() {
    return [...this.devices.values()].map((d) => d.state.identity.publicKey);
  }

  /** A directory answer that hands out the attacker's keys under the target's name. */
  substituteBundle(attacker: string, target: string): BundleJson {
    const entry = directoryEntryFor(this.device(attacker, target));
    const kem = entry.kemOneTime[0] ?? entry.kemLastResort;
    const oneTime = entry.oneTime[0];
    return {
      base: toHex(entry.base),
      ...(oneTime === undefined ? {} : { oneTime: { id: oneTime.id, bytes: toHex(oneTime.bytes) } }),
      ...(kem === undefined ? {} : { kem: { id: kem.id, bytes: toHex(kem.bytes), lastResort: entry.kemOneTime[0] === undefined } }),
    };
  }

  /**
   * A ghost member: the server makes its own view of the room with itself added, and a group message
   * signed by the ghost. Honest members must refuse it and say so (SEC-GROUP).
   */
  ghostGroupMessage(ghost: string, room: string, members: readonly string[]): Uint8Array {
    const ctx = this.ctx(ghost);
    let d = this.device(ghost, ghost);
    const known = members.flatMap((m) => {
      const id = this.world.identities.get(m);
      return id === undefined ? [] : [{ deviceId: toDeviceId(m), identityKey: id }];
    });
    const step = createRoom(d, roomId(room), known, ctx);
    d = step.device;
    const text = {
      kind: 'text' as const,
      messageId: messageId(`ghost-${ctx.rng.below(1 << 30)}`),
      roomId: roomId(room),
      sentAtMs: ctx.nowMs,
      evaporation: { mode: 'view-once' as const },
      body: utf8('a ghost member speaks'),
    };
    const sent = sendGroupText(d, roomId(room), text, ctx);
    this.keep(ghost, sent.device);
    return sent.message;
  }

  /**
   * A message forged by the server: it fetches the victim's genuine bundle, opens a session under
   * its own identity while claiming to be `claimedFrom`, and encrypts a plausible text.
   */
  forgeMessage(claimedFrom: string, to: string, room: string): EnvelopeJson | undefined {
    const name = `forger-${claimedFrom}`;
    const fetched = this.world.server.fetchBundle(toDeviceId(claimedFrom), toDeviceId(to));
    if (fetched === undefined) return undefined;
    const ctx = this.ctx(name);
    let d = this.device(name, claimedFrom);
    d = openSession(d, fetched.userId, bundleFromDirectory(fetched), ctx).device;
    const text = {
      kind: 'text' as const,
      messageId: messageId(`forged-${ctx.rng.below(1 << 30)}`),
      roomId: roomId(room),
      sentAtMs: ctx.nowMs,
      evaporation: { mode: 'view-once' as const },
      body: utf8('FORGED by the server'),
    };
    const out = sendText(d, toDeviceId(to), text, ctx);
    if (out.kind !== 'sent') return undefined;
    this.keep(name, out.device);
    return { id: `forged:${text.messageId}`, from: toDeviceId(claimedFrom), to: toDeviceId(to), roomId: roomId(room), kind: 'pairwise', body: toHex(out.wire), sentAtMs: ctx.nowMs };
  }
}
