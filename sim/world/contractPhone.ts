// A phone running a device engine (engines/contract.ts) in the simulated world: the same network
// client as every phone (outbox.ts), the engine's device for sessions and messages, and the client's
// own duties around it, written as a Signal-like client does them: trust on first use, a key change
// that holds messages until the user acknowledges it, an inbox whose view-once and timed messages are
// erased when due, and a store sealed on the phone. Groups are not offered by the device engines yet.
import { equalBytes, toHex } from '../../protocol/bytes.ts';
import type { TextContent } from '../../protocol/content/content.ts';
import type { DeviceEvent } from '../../protocol/device/index.ts';
import { UsageError, type ProtocolErrorCode } from '../../protocol/errors.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import { deviceId as toDeviceId, messageId as toMessageId, userId as toUserId, type DeviceId, type MessageId } from '../../protocol/ids.ts';
import type { Drbg } from '../../protocol/random/drbg.ts';
import { DEVICE_SEED_BYTES, type DeviceEngine, type EngineDevice, type RefusalCode } from '../../engines/contract.ts';
import { EngineFault } from '../../engines/fault.ts';
import type { SentCopy } from '../log/events.ts';
import type { Envelope } from '../server/index.ts';
import { Outbox } from './outbox.ts';
import type { Phone, StoreImage } from './phone.ts';
import type { WorldPorts } from './worldPorts.ts';
import { expectState, isContractPhoneState } from './phoneState.ts';
import { noteUserEvent } from './userEvents.ts';
import { addressOf, decodeFrame, decodeWire, encodeFrame, encodeWire, engineIdentity, sealContractState, type ContractPhoneState, type InboxEntry } from './contractState.ts';
import { setConnected } from './connectivity.ts';

const STORAGE_KEY_BYTES = 32;
const STORE_NONCE_BYTES = 24;
/** Messages a phone holds back for one peer while a key change waits for the user (bounded like every queue). */
const MAX_HELD_PER_PEER = 100;
/** Messages kept in the inbox; the oldest erased first beyond it. */
const MAX_INBOX = 2_000;

/** An engine's refusal as the log records it, in the protocol's one vocabulary of error codes. */
const REFUSAL_CODES: Readonly<Record<RefusalCode, ProtocolErrorCode>> = {
  UNTRUSTED_IDENTITY: 'UNTRUSTED_IDENTITY',
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  DUPLICATE_MESSAGE: 'DUPLICATE_MESSAGE',
  NO_SESSION: 'NO_SESSION',
  INVALID_BUNDLE: 'BAD_PREKEY_SIGNATURE',
  INVALID_KEY: 'BAD_PUBLIC_KEY',
};

/** Raw identity keys of the identities this module made, so a phone can show a safety number from the world's IdentityKey. */
const rawIdentity = new WeakMap<IdentityKey, Uint8Array>();

export class ContractPhone implements Phone {
  readonly id: DeviceId;
  readonly storageKey: Uint8Array;
  private device: EngineDevice;
  private readonly rng: Drbg;
  private readonly outbox: Outbox;
  online = true;
  private inbox: InboxEntry[] = [];
  private verified: Record<string, string> = {};
  private readonly held = new Map<string, TextContent[]>();
  /** Peers whose keys the server says changed: the next message fetches a bundle again. */
  private readonly stale = new Set<string>();
  /** A changed identity seen for a peer and not yet acknowledged, with the bundle that carried it. */
  private readonly pendingChange = new Map<string, Uint8Array>();
  /** Peers the user stopped writing to after a failed comparison, until released. */
  private readonly stopped = new Set<string>();

  constructor(
    private readonly w: WorldPorts,
    private readonly engine: DeviceEngine,
    readonly user: string,
  ) {
    this.id = toDeviceId(user);
    this.rng = w.engine.stream(`device:${user}`);
    this.storageKey = this.rng.bytes(STORAGE_KEY_BYTES);
    this.device = engine.createDevice(addressOf(user), w.engine.nowMs, w.engine.stream(`engine:device:${user}`).bytes(DEVICE_SEED_BYTES));
    const identity = engineIdentity(this.device.identityKey());
    rawIdentity.set(identity, this.device.identityKey());
    w.identities.set(user, identity);
    w.log.append({ kind: 'device-created', user, identity, secrets: undefined });
    this.outbox = new Outbox(w.engine, w.network, this.id, user, () => this.online);
    w.network.attach(this.id, (d) => this.outbox.fromServer(d, (envelope) => this.receive(envelope)));
  }

  private get now(): number {
    return this.w.engine.nowMs;
  }

  private tell(event: DeviceEvent): void {
    noteUserEvent(this.w, this.user, event);
  }

  /** The signed part of this phone's bundle as the directory holds it (a server serving it without one-time prekeys). */
  directoryBase(): Uint8Array {
    return this.device.bundle({ refresh: false, nowMs: this.now }).base;
  }

  publish(): void {
    const b = this.device.bundle({ refresh: false, nowMs: this.now });
    this.w.server.publish({ deviceId: this.id, userId: toUserId(this.user), base: b.base, oneTime: b.oneTime, kemOneTime: [] });
  }

  /** A session with `peer` ready to encrypt on; false when the directory has none, the bundle is bad, or the identity changed (held). */
  private ensureSession(peer: string): boolean {
    if (this.pendingChange.has(peer)) return false;
    if (this.device.hasSession(addressOf(peer)) && !this.stale.has(peer)) return true;
    const got = this.w.server.fetchBundle(this.id, toDeviceId(peer));
    if (got === undefined) {
      this.w.log.append({ kind: 'setup-failed', from: this.user, to: peer, code: 'UNKNOWN_PREKEY' });
      return false;
    }
    const started = this.device.startSession(addressOf(peer), { base: got.base, ...(got.oneTime === undefined ? {} : { oneTime: got.oneTime }) }, this.now);
    this.stale.delete(peer);
    if (started.ok) return true;
    if (started.code === 'UNTRUSTED_IDENTITY' && started.identityKey !== undefined) {
      this.pendingChange.set(peer, started.identityKey);
      this.tell({ kind: 'key-change', peer: toDeviceId(peer), atMs: this.now });
      return false;
    }
    this.w.log.append({ kind: 'setup-failed', from: this.user, to: peer, code: REFUSAL_CODES[started.code] });
    return false;
  }

  private copyMeta(peer: string): Pick<SentCopy, 'encryptedTo' | 'verified' | 'warnedBefore'> {
    const key = this.device.peerIdentity(addressOf(peer));
    // The device just encrypted to `peer`: an engine that then knows no identity for it broke the contract.
    if (key === undefined)
      throw new EngineFault(this.engine.info.selfName ?? this.engine.info.name, 'misbehaving', `device.peerIdentity of ${peer} at ${this.user} answered none right after encrypting to ${peer}`);
    return { encryptedTo: engineIdentity(key), verified: this.verified[peer] === toHex(key), warnedBefore: this.w.warned.has(`${this.user}>${peer}`) };
  }

  private hold(peer: string, text: TextContent): void {
    const queue = this.held.get(peer) ?? [];
    if (queue.length < MAX_HELD_PER_PEER) queue.push(text);
    this.held.set(peer, queue);
  }

  private encryptTo(peer: string, text: TextContent): { wire: Uint8Array; envelope: Envelope } {
    const frame = encodeFrame(
      { messageId: text.messageId, room: text.roomId, viewOnce: text.evaporation.mode === 'view-once', timerMs: text.evaporation.mode === 'timer' ? text.evaporation.ms : 0 },
      text.body,
    );
    const wire = encodeWire(this.device.encrypt(addressOf(peer), frame, this.now));
    return { wire, envelope: this.outbox.send(toDeviceId(peer), text.roomId, 'pairwise', wire) };
  }

  sendTo(recipients: readonly string[], text: TextContent): { copies: SentCopy[]; heldFor: string[] } {
    const copies: SentCopy[] = [];
    const heldFor: string[] = [];
    for (const peer of recipients) {
      if (this.stopped.has(peer) || this.pendingChange.has(peer)) {
        this.hold(peer, text);
        heldFor.push(peer);
        continue;
      }
      if (!this.ensureSession(peer)) {
        if (this.pendingChange.has(peer)) {
          this.hold(peer, text);
          heldFor.push(peer);
        }
        continue;
      }
      const { wire, envelope } = this.encryptTo(peer, text);
      copies.push({ to: peer, envelopeId: envelope.id, wire, ...this.copyMeta(peer) });
    }
    return { copies, heldFor };
  }

  sendGroup(roomId: string): { copies: SentCopy[]; heldFor: string[] } {
    throw new UsageError(`engine ${this.engine.info.name} offers no group rooms (room ${roomId})`);
  }

  createGroupRoom(roomId: string): void {
    throw new UsageError(`engine ${this.engine.info.name} offers no group rooms (room ${roomId})`);
  }

  changeMembership(kind: 'add' | 'remove', roomId: string): void {
    throw new UsageError(`engine ${this.engine.info.name} offers no group rooms (${kind}-member in ${roomId})`);
  }

  private receive(envelope: Envelope): void {
    const from = envelope.from as string;
    const before = this.w.checkAtomicity ? this.device.exportState() : undefined;
    const refuse = (code: ProtocolErrorCode) => {
      const unchanged = before === undefined || equalBytes(before, this.device.exportState());
      this.w.log.append({ kind: 'message-refused', refusal: { atMs: this.now, device: this.user, from: envelope.from, envelopeId: envelope.id, code, stateUnchanged: unchanged } });
    };
    if (envelope.kind !== 'pairwise') return refuse('WIRE_UNKNOWN_TAG');
    let ciphertext;
    try {
      ciphertext = decodeWire(envelope.body);
    } catch {
      return refuse('WIRE_UNKNOWN_TAG');
    }
    const knownBefore = this.device.peerIdentity(addressOf(from));
    const opened = this.device.decrypt(addressOf(from), ciphertext, this.now);
    if (!opened.ok) return refuse(REFUSAL_CODES[opened.code]);
    let frame;
    try {
      frame = decodeFrame(opened.plaintext);
    } catch {
      return refuse('WIRE_TRUNCATED');
    }
    const knownAfter = this.device.peerIdentity(addressOf(from));
    // A Signal client accepts a message from a changed identity and shows "safety number changed".
    if (knownBefore !== undefined && knownAfter !== undefined && !equalBytes(knownBefore, knownAfter)) this.tell({ kind: 'key-change', peer: toDeviceId(from), atMs: this.now });
    if (this.inbox.length >= MAX_INBOX) this.inbox.shift();
    this.inbox.push({ messageId: frame.messageId, from, room: frame.room, body: frame.body, viewOnce: frame.viewOnce, timerMs: frame.timerMs });
    this.w.log.append({
      kind: 'message-accepted',
      acceptance: {
        atMs: this.now,
        recipient: this.user,
        claimedFrom: from,
        messageId: frame.messageId,
        room: frame.room,
        body: frame.body.slice(),
        envelopeId: envelope.id,
        envelopeFrom: envelope.from,
      },
    });
  }

  view(messageId: MessageId): boolean {
    const i = this.inbox.findIndex((m) => m.messageId === messageId && m.body !== undefined);
    const m = this.inbox[i];
    if (m === undefined) return false;
    this.w.log.append({ kind: 'message-viewed', messageId, recipient: this.user });
    if (m.viewOnce) {
      const { body: _gone, ...tombstone } = m;
      this.inbox[i] = tombstone;
      this.tell({ kind: 'message-evaporated', messageId: toMessageId(messageId), status: 'viewed', atMs: this.now });
    } else if (m.timerMs > 0 && m.expiresAtMs === undefined) {
      this.inbox[i] = { ...m, expiresAtMs: this.now + m.timerMs };
    }
    this.scheduleExpiry();
    return true;
  }

  scheduleExpiry(): void {
    const times = this.inbox.flatMap((m) => (m.expiresAtMs === undefined || m.body === undefined ? [] : [m.expiresAtMs]));
    if (times.length === 0) return;
    this.w.engine.schedule(Math.max(Math.min(...times), this.now), 'expire', { device: this.user }, () => {
      this.inbox = this.inbox.map((m) => {
        if (m.body === undefined || m.expiresAtMs === undefined || m.expiresAtMs > this.now) return m;
        this.tell({ kind: 'message-evaporated', messageId: toMessageId(m.messageId), status: 'expired', atMs: this.now });
        this.w.log.append({ kind: 'message-erased', messageId: m.messageId, holder: this.user });
        const { body: _gone, ...tombstone } = m;
        return tombstone;
      });
    });
  }

  goOffline(): void {
    setConnected(this.w, this, false);
  }

  goOnline(): void {
    setConnected(this.w, this, true);
    this.outbox.reconnect();
  }

  /** The engine's safety number over this phone's identity and `peerKey`, or, for an engine without one, both identity keys in hex, sorted (the same on both phones when each holds the other's genuine key). */
  private shownFor(peer: string, peerKey: Uint8Array): string {
    return this.device.safetyNumber?.(addressOf(peer), peerKey) ?? [toHex(this.device.identityKey()), toHex(peerKey)].sort().join(':');
  }

  /** What this phone shows for `peer` holding `peerIdentity` (the engine's safety number, or the pair of identity keys). */
  fingerprintFor(peer: string, peerIdentity: IdentityKey): string {
    const key = rawIdentity.get(peerIdentity);
    if (key === undefined) throw new UsageError(`phone ${this.user}: no engine identity behind ${peer}'s identity key`);
    return this.shownFor(peer, key);
  }

  /** The user compares what this phone shows for `peer` (fetching its keys first if it has none) with what `peer` shows. */
  verify(peer: string, shownByPeer: string): void {
    if (this.device.peerIdentity(addressOf(peer)) === undefined) this.ensureSession(peer);
    const key = this.pendingChange.get(peer) ?? this.device.peerIdentity(addressOf(peer));
    if (key === undefined) return;
    const shown = this.shownFor(peer, key);
    if (shown === shownByPeer) {
      this.verified = { ...this.verified, [peer]: toHex(key) };
      this.tell({ kind: 'verified', peer: toDeviceId(peer), atMs: this.now });
      return;
    }
    this.stopped.add(peer);
    this.tell({ kind: 'verification-failed', peer: toDeviceId(peer), atMs: this.now });
  }

  releaseEngine(): void {
    this.device.release();
  }

  /** The user accepts the changed identity: it is trusted for sending from now on. */
  acknowledge(peer: string): void {
    const key = this.pendingChange.get(peer);
    if (key === undefined) return;
    this.device.trustIdentity(addressOf(peer), key);
    this.pendingChange.delete(peer);
    this.stale.add(peer);
    this.tell({ kind: 'key-change-acknowledged', peer: toDeviceId(peer), atMs: this.now });
  }

  forgetPeerKeys(peer: string): void {
    this.stale.add(peer);
  }

  /** The held messages for `peer` go out, once no key change or failed comparison stands in the way. */
  release(peer: string): void {
    this.stopped.delete(peer);
    if (!this.ensureSession(peer)) return;
    const queue = this.held.get(peer) ?? [];
    this.held.delete(peer);
    for (const text of queue) this.encryptTo(peer, text);
  }

  private state(): ContractPhoneState {
    return { engine: this.device.exportState(), inbox: this.inbox.map((m) => ({ ...m })), verified: { ...this.verified } };
  }

  seize(): { blob: Uint8Array; storageKey: Uint8Array } {
    return { blob: sealContractState(this.w.provider, this.state(), this.storageKey, this.rng.bytes(STORE_NONCE_BYTES)), storageKey: this.storageKey.slice() };
  }

  snapshot(): ContractPhoneState {
    return this.state();
  }

  /** The engine brings the written-back copy to life on this phone (DeviceEngine.importDevice), its old handle let go. */
  restore(image: StoreImage): void {
    const copy = expectState(image.exported, isContractPhoneState, 'device-engine phone');
    this.device.release();
    this.device = this.engine.importDevice(copy.engine, this.w.engine.stream(`engine:restore:${this.user}`).bytes(DEVICE_SEED_BYTES));
    this.inbox = copy.inbox.map((m) => ({ ...m }));
    this.verified = { ...copy.verified };
  }
}

export function contractPhone(ports: WorldPorts, engine: DeviceEngine, user: string): Phone {
  return new ContractPhone(ports, engine, user);
}
