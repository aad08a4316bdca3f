// Devices the malicious server makes for itself: a MITM identity whose bundle it serves in place of
// a real one, or a forger that opens its own session to a victim. Their states are kept, because
// "key material the server holds" includes them (SEC-SERVER-BLIND, SEC-MITM judges try them).
import { toHex } from '../../protocol/bytes.ts';
import { createDevice, createRoom, findContact, openSession, sendGroupControl, sendGroupText, sendText, type DeviceState } from '../../protocol/device/index.ts';
import { distributeOwnChain } from '../../protocol/group/rekey.ts';
import { newOwnChain } from '../../protocol/group/senderChain.ts';
import type { GroupState } from '../../protocol/group/index.ts';
import type { SessionIdentity } from './vocabulary.ts';
import { deviceId as toDeviceId, messageId, roomId, userId as toUserId } from '../../protocol/ids.ts';
import { utf8 } from '../../protocol/bytes.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import type { BundleJson, EnvelopeJson } from '../server/powers.ts';
import { bundleFromDirectory, directoryEntryFor } from './directoryBundle.ts';
import type { AttackerKit, GroupView } from './phone.ts';
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

  /**
   * First contact made by the server (vocabulary.ts open-session-as): a device of its own claiming to
   * be `claimedFrom`, with a fresh identity or with its own X25519 half beside `claimedFrom`'s real
   * Ed25519 half (and that half's binding signature, which covers another X25519 key), opens a session
   * from `to`'s genuine bundle and greets. Undefined when the directory has no bundle for `to`.
   */
  openSessionAs(claimedFrom: string, to: string, identity: SessionIdentity, room: string): EnvelopeJson | undefined {
    const name = `posing-${identity}-${claimedFrom}`;
    let d = this.device(name, claimedFrom);
    const real = this.world.identities.get(claimedFrom);
    if (identity === 'mixed') {
      if (real === undefined) return undefined;
      d = { ...d, identity: { ...d.identity, publicKey: { dh: d.identity.publicKey.dh, sign: real.sign, binding: real.binding } } };
    }
    // The server asks its own directory for the victim's genuine bundle, as the claimed sender would.
    const fetched = this.world.server.fetchBundle(toDeviceId(claimedFrom), toDeviceId(to));
    if (fetched === undefined) return undefined;
    const ctx = this.ctx(name);
    d = openSession(d, fetched.userId, bundleFromDirectory(fetched), ctx).device;
    const text = {
      kind: 'text' as const,
      messageId: messageId(`greeting-${ctx.rng.below(1 << 30)}`),
      roomId: roomId(room),
      sentAtMs: ctx.nowMs,
      evaporation: { mode: 'view-once' as const },
      body: utf8(`hi, it is ${claimedFrom}`),
    };
    const out = sendText(d, toDeviceId(to), text, ctx);
    if (out.kind !== 'sent') return undefined;
    this.keep(name, out.device);
    return { id: `posing:${text.messageId}`, from: toDeviceId(claimedFrom), to: toDeviceId(to), roomId: roomId(room), kind: 'pairwise', body: toHex(out.wire), sentAtMs: ctx.nowMs };
  }

  /**
   * A sender key of the server's own handed to `to` as `claimedFrom`'s for `room`, over a session
   * openSessionAs opened, and a group message on it (vocabulary.ts forge-group). `view` is the room's
   * epoch and transcript hash as a relayed group message's header shows them. Undefined when the
   * server holds no session to `to` posing as `claimedFrom`.
   */
  forgeGroupAs(claimedFrom: string, to: string, room: string, view: GroupView): EnvelopeJson[] | undefined {
    const held = [...this.devices].find(([name, dev]) => name.startsWith('posing-') && dev.posingAs === claimedFrom && (findContact(dev.state, toDeviceId(to))?.sessions.length ?? 0) > 0);
    if (held === undefined) return undefined;
    const [name, { state }] = held;
    const contact = findContact(state, toDeviceId(to));
    if (contact?.identity === undefined) return undefined;
    // The server runs whatever code it likes: no member-record check on its own sends.
    const ctx = { ...this.ctx(name), flags: { ...REFERENCE_FLAGS, groupMemberBinding: false } };
    const self = { id: toDeviceId(claimedFrom), identityKey: state.identity.publicKey.sign, admin: false };
    const peer = { id: toDeviceId(to), identityKey: contact.identity.sign, admin: false };
    const group: GroupState = {
      roomId: roomId(room),
      self: self.id,
      members: [self, peer].sort((a, b) => (a.id < b.id ? -1 : 1)),
      epoch: view.epoch,
      transcriptHash: view.transcriptHash,
      pastViews: [],
      ownChain: newOwnChain(ctx),
      receiving: [],
    };
    let d: DeviceState = { ...state, groups: [...state.groups.filter((g) => g.roomId !== group.roomId), group] };
    const carry = sendGroupControl(d, group.roomId, distributeOwnChain(group), ctx);
    const control = carry.wires.find((w) => w.to === peer.id);
    if (control === undefined) return undefined;
    d = carry.device;
    const text = {
      kind: 'text' as const,
      messageId: messageId(`forged-group-${ctx.rng.below(1 << 30)}`),
      roomId: group.roomId,
      sentAtMs: ctx.nowMs,
      evaporation: { mode: 'view-once' as const },
      body: utf8(`FORGED in ${room} by the server`),
    };
    const sent = sendGroupText(d, group.roomId, text, ctx);
    this.keep(name, sent.device);
    const base = { from: toDeviceId(claimedFrom), to: peer.id, roomId: group.roomId, sentAtMs: ctx.nowMs };
    return [
      { ...base, id: `forged-sender-key:${text.messageId}`, kind: 'pairwise', body: toHex(control.wire) },
      { ...base, id: `forged-group:${text.messageId}`, kind: 'group', body: toHex(sent.message) },
    ];
  }
}
