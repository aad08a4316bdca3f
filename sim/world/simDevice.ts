// A phone in the simulated world: the one owner of its live DeviceState (it adopts each step's new
// state and wipes the secrets the step handed back), its network client (submit with retries, ack on
// delivery, pull when back online) and its evaporation timers. Its device store is one sealed row per
// message plus one for the rest, on the world's storage medium (phoneStorage.ts); a seizure reads its raw bytes. What it
// does that the judges need (sends with their copies, acceptances, refusals, user events) goes to the log.
import { equalBytes, wipe } from '../../protocol/bytes.ts';
import { isProtocolError, ProtocolError, UsageError } from '../../protocol/errors.ts';
import { acknowledgeKeyChange, createDevice, expireMessages, findContact, openSession, receiveMessage, releaseHeld, sendText, serializeDevice } from '../../protocol/device/index.ts';
import { verifySafetyNumber, viewMessage, openRestoredStore, type DeviceContext, type DeviceEvent, type DeviceState } from '../../protocol/device/index.ts';
import { createRoom, addRoomMember, removeRoomMember, sendGroupControl, sendGroupText, turnOverSenderKeyIfDue, receiveGroupText, findGroup } from '../../protocol/device/index.ts';
import type { GroupCarry, RoomMember } from '../../protocol/device/index.ts';
import type { PairwiseSend } from '../../protocol/group/context.ts';
import type { TextContent } from '../../protocol/content/content.ts';
import { deviceId as toDeviceId, roomId as toRoomId, userId as toUserId, type DeviceId, type MessageId } from '../../protocol/ids.ts';
import type { Drbg } from '../../protocol/random/drbg.ts';
import type { SentCopy } from '../log/events.ts';
import { Outbox } from './outbox.ts';
import { noteUserEvent } from './userEvents.ts';
import type { Envelope } from '../server/index.ts';
import { bundleFromDirectory, directoryEntryFor } from './directoryBundle.ts';
import type { Phone, StoreImage } from './phone.ts';
import type { StoredRow } from '../storage/deviceStore.ts';
import { PhoneStorage } from './phoneStorage.ts';
import type { WorldPorts } from './worldPorts.ts';
import { safetyNumber } from '../../protocol/fingerprint/safetyNumber.ts';
import { PrekeyUpkeep } from './prekeyUpkeep.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import { setConnected } from './connectivity.ts';
/** Group payloads that arrived before one they depend on, kept to feed again (bounded). */
const MAX_RETRY_LATER = 256;
/** Times one early group payload is fed again before it is dropped. */
const MAX_RETRY_ROUNDS = 8;

export class SimDevice implements Phone {
  state: DeviceState;
  readonly id: DeviceId;
  readonly storageKey: Uint8Array;
  online = true;
  private readonly upkeep: PrekeyUpkeep;
  private readonly rng: Drbg;
  private readonly outbox: Outbox;
  /** Early group payloads (retry-later refusals), fed again after the next accepted group-control. */
  private retryLater: { envelope: Envelope; rounds: number }[] = [];
  /** Peers whose keys must be fetched again before the next message (the server said they changed). */
  private readonly stale = new Set<string>();
  /** The device store on the phone's medium, and the platform's watermark of it. */
  private readonly storage: PhoneStorage;

  constructor(
    private readonly w: WorldPorts,
    readonly user: string,
  ) {
    this.id = toDeviceId(user);
    this.outbox = new Outbox(w.engine, w.network, this.id, user, () => this.online);
    this.rng = w.engine.stream(`device:${user}`);
    this.storageKey = this.rng.bytes(32);
    this.state = createDevice({ deviceId: this.id, userId: toUserId(user) }, this.ctx());
    this.storage = new PhoneStorage(w, user, this.state, this.storageKey);
    w.identities.set(user, this.state.identity.publicKey);
    w.log.append({ kind: 'device-created', user, identity: this.state.identity.publicKey, secrets: structuredClone({ identity: this.state.identity, preKeys: this.state.preKeys }) });
    w.network.attach(this.id, (d) => this.outbox.fromServer(d, (envelope) => this.receive(envelope)));
    this.upkeep = new PrekeyUpkeep(w, {
      user,
      state: () => this.state,
      online: () => this.online,
      ctx: () => this.ctx(),
      commit: (next, consumed) => this.commit(next, consumed),
      ensureSession: (peer) => this.ensureSession(peer),
      submit: (peer, roomId, wire) => void this.submit(peer, roomId, wire),
    });
  }

  ctx(): DeviceContext {
    return { provider: this.w.provider, rng: this.rng, nowMs: this.w.engine.nowMs, flags: this.w.flags };
  }

  /** Adopt a step's new state and erase what it spent. */
  private commit(next: DeviceState, consumed: readonly Uint8Array[] = [], events: readonly DeviceEvent[] = []): void {
    this.state = next;
    this.storage.saved(next); // the phone writes its store after every step
    wipe(...consumed);
    for (const event of events) noteUserEvent(this.w, this.user, event);
  }

  /** Put this phone's keys in the directory, and keep them fresh from now on (prekeyUpkeep.ts). */
  publish(): void {
    this.w.server.publish(directoryEntryFor(this.state));
    this.upkeep.start();
  }

  /** A session to `peer`, fetching a bundle if there is none. False: no session could be made. */
  private ensureSession(peer: string): boolean {
    const contact = findContact(this.state, toDeviceId(peer));
    const refetch = this.stale.delete(peer);
    if (!refetch && contact !== undefined && (contact.sessions.length > 0 || contact.pendingIdentity !== undefined || contact.verificationFailed)) return true;
    if (contact?.verificationFailed === true || contact?.pendingIdentity !== undefined) return true;
    const fetched = this.w.server.fetchBundle(this.id, toDeviceId(peer));
    if (fetched === undefined) {
      this.w.log.append({ kind: 'setup-failed', from: this.user, to: peer, code: 'UNKNOWN_PREKEY' });
      return false;
    }
    try {
      const step = openSession(this.state, fetched.userId, bundleFromDirectory(fetched), this.ctx());
      this.commit(step.device, step.consumed, step.events);
      return true;
    } catch (e) {
      if (!isProtocolError(e)) throw e;
      this.w.log.append({ kind: 'setup-failed', from: this.user, to: peer, code: e.code });
      return false;
    }
  }

  private copyMeta(peer: string): Pick<SentCopy, 'encryptedTo' | 'verified' | 'warnedBefore'> | undefined {
    const contact = findContact(this.state, toDeviceId(peer));
    const session = contact?.sessions[0];
    if (contact === undefined || session === undefined) return undefined;
    const warnedBefore = this.w.warned.has(`${this.user}>${peer}`);
    return { encryptedTo: session.theirIdentity, verified: contact.verified, warnedBefore };
  }

  /** Encrypt `text` to each recipient; returns the copies sent and the recipients it was held for. */
  sendTo(recipients: readonly string[], text: TextContent): { copies: SentCopy[]; heldFor: string[] } {
    const copies: SentCopy[] = [];
    const heldFor: string[] = [];
    for (const peer of recipients) {
      if (!this.ensureSession(peer)) continue;
      const out = sendText(this.state, toDeviceId(peer), text, this.ctx());
      if (out.kind === 'held') {
        this.commit(out.device);
        heldFor.push(peer);
        continue;
      }
      this.commit(out.device);
      const meta = this.copyMeta(peer);
      const envelope = this.submit(peer, text.roomId, out.wire);
      if (meta !== undefined) copies.push({ to: peer, envelopeId: envelope.id, wire: out.wire, ...meta });
    }
    return { copies, heldFor };
  }

  private submit(peer: string, roomId: string, wire: Uint8Array, kind: 'pairwise' | 'group' = 'pairwise'): Envelope {
    return this.outbox.send(toDeviceId(peer), roomId, kind, wire);
  }

  private refused(envelope: Envelope, before: Uint8Array | undefined, after: DeviceState, code: string, events: readonly DeviceEvent[]): void {
    const unchanged = before === undefined || equalBytes(before, serializeDevice(after));
    this.commit(after, [], events);
    this.w.log.append({
      kind: 'message-refused',
      refusal: { atMs: this.w.engine.nowMs, device: this.user, from: envelope.from, envelopeId: envelope.id, code: code as never, stateUnchanged: unchanged },
    });
  }

  private holdForRetry(envelope: Envelope, rounds = 0): void {
    if (this.retryLater.length >= MAX_RETRY_LATER || rounds >= MAX_RETRY_ROUNDS) {
      this.w.engine.record('retry-dropped', { device: this.user, envelopeId: envelope.id });
      return;
    }
    this.retryLater.push({ envelope, rounds });
  }

  private feedRetries(): void {
    const queued = this.retryLater;
    this.retryLater = [];
    for (const q of queued) this.receive(q.envelope, q.rounds + 1);
  }

  private receive(envelope: Envelope, rounds = 0): void {
    if (envelope.kind === 'group') return this.receiveGroup(envelope, rounds);
    const before = this.w.checkAtomicity ? serializeDevice(this.state) : undefined;
    const from = envelope.from as string;
    const r = receiveMessage(this.state, envelope.from, toUserId(from), envelope.body, this.ctx());
    if (!r.ok) {
      if (r.retryLater) {
        this.commit(r.device, [], r.events);
        return this.holdForRetry(envelope, rounds);
      }
      this.refused(envelope, before, r.device, r.error.code, r.events);
      return this.upkeep.refusedFrom(from);
    }
    this.commit(r.device, r.consumed, r.events);
    if (r.content.kind === 'group-control') {
      this.carry(r.content.roomId, r.groupOutgoing);
      this.feedRetries();
      return;
    }
    if (r.content.kind === 'started-over') return; // its sender started over: the session it came on is the one to write on now
    this.accept(envelope, from, r.content.messageId, r.content.roomId, r.content.body);
  }

  private accept(envelope: Envelope, from: string, messageId: string, room: string, body: Uint8Array): void {
    const now = this.w.engine.nowMs;
    this.w.log.append({
      kind: 'message-accepted',
      acceptance: { atMs: now, recipient: this.user, claimedFrom: from, messageId, room, body: body.slice(), envelopeId: envelope.id, envelopeFrom: envelope.from },
    });
    this.scheduleExpiry();
  }

  private receiveGroup(envelope: Envelope, rounds: number): void {
    const before = this.w.checkAtomicity ? serializeDevice(this.state) : undefined;
    const r = receiveGroupText(this.state, envelope.from, envelope.body, this.ctx());
    if (!r.ok) {
      if (r.retryLater) {
        this.commit(r.device, [], r.events);
        return this.holdForRetry(envelope, rounds);
      }
      return this.refused(envelope, before, r.device, r.error.code, r.events);
    }
    this.commit(r.device, r.consumed, r.events);
    this.accept(envelope, r.sender, r.content.messageId, r.content.roomId, r.content.body);
  }

  /** Send group payloads over 1:1 sessions, opening sessions for members that have none yet. */
  private carry(roomId: string, sends: readonly PairwiseSend[]): void {
    if (sends.length === 0) return;
    let out: GroupCarry = sendGroupControl(this.state, toRoomId(roomId), sends, this.ctx());
    this.commit(out.device, [], out.events);
    this.submitCarry(roomId, out);
    if (out.unsent.length > 0) {
      for (const p of new Set(out.unsent.map((u) => u.to as string))) this.ensureSession(p);
      out = sendGroupControl(this.state, toRoomId(roomId), out.unsent, this.ctx());
      this.commit(out.device, [], out.events);
      this.submitCarry(roomId, out);
    }
  }

  private submitCarry(roomId: string, out: GroupCarry): void {
    for (const w of out.wires) this.submit(w.to, roomId, w.wire);
  }

  /** Members as this phone knows them (its trusted identities), opening sessions first. */
  private roomMembers(members: readonly string[]): RoomMember[] {
    const out: RoomMember[] = [];
    for (const m of members) {
      if (m === this.user) continue;
      if (!this.ensureSession(m)) continue;
      const identity = findContact(this.state, toDeviceId(m))?.identity;
      if (identity !== undefined) out.push({ deviceId: toDeviceId(m), identityKey: identity });
    }
    return out;
  }

  createGroupRoom(roomId: string, members: readonly string[]): void {
    const step = createRoom(this.state, toRoomId(roomId), this.roomMembers(members), this.ctx());
    this.commit(step.device, step.consumed, step.events);
    this.submitCarry(roomId, step);
    this.carry(roomId, step.unsent);
  }

  changeMembership(kind: 'add' | 'remove', roomId: string, user: string): void {
    const ctx = this.ctx();
    const step =
      kind === 'add'
        ? (() => {
            const [member] = this.roomMembers([user]);
            // The server withheld or stripped the bundle so far that no session could be made: a typed
            // refusal the world logs as a skipped step, never a crash of the run.
            if (member === undefined) throw new ProtocolError('NO_SESSION', `add-member: no session with ${user}`);
            return addRoomMember(this.state, toRoomId(roomId), member, ctx);
          })()
        : removeRoomMember(this.state, toRoomId(roomId), toDeviceId(user), ctx);
    this.commit(step.device, step.consumed, step.events);
    this.submitCarry(roomId, step);
    this.carry(roomId, step.unsent);
  }

  /** One broadcast group message; the server gets one envelope per member with the same bytes. */
  sendGroup(roomId: string, members: readonly string[], text: TextContent): { copies: SentCopy[]; heldFor: string[] } {
    // A sender chain past its lifetime is turned over first; the members get the new one over 1:1.
    const turnover = turnOverSenderKeyIfDue(this.state, toRoomId(roomId), this.ctx());
    if (turnover !== undefined) {
      this.commit(turnover.device, turnover.consumed, turnover.events);
      this.submitCarry(roomId, turnover);
      this.carry(roomId, turnover.unsent);
    }
    const step = sendGroupText(this.state, toRoomId(roomId), text, this.ctx());
    this.commit(step.device, step.consumed);
    const records = findGroup(this.state, toRoomId(roomId))?.members ?? [];
    const copies: SentCopy[] = [];
    for (const m of members) {
      if (m === this.user) continue;
      const contact = findContact(this.state, toDeviceId(m));
      const envelope = this.submit(m, roomId, step.message, 'group');
      const record = records.find((r) => r.id === toDeviceId(m));
      const memberRecord = record === undefined ? {} : { memberRecord: { sign: record.identityKey, ...(record.dh === undefined ? {} : { dh: record.dh }) } };
      if (contact?.identity !== undefined)
        copies.push({ to: m, envelopeId: envelope.id, wire: step.message, encryptedTo: contact.identity, verified: contact.verified, warnedBefore: false, ...memberRecord });
    }
    return { copies, heldFor: [] };
  }

  view(messageId: MessageId): boolean {
    try {
      const step = viewMessage(this.state, messageId, this.ctx());
      wipe(step.body);
      this.commit(step.device, step.consumed, step.events);
      this.w.log.append({ kind: 'message-viewed', messageId, recipient: this.user });
      this.scheduleExpiry();
      return true;
    } catch (e) {
      if (isProtocolError(e, 'MESSAGE_EXPIRED')) return false;
      throw e;
    }
  }

  /** Schedule the next timer expiry (inbox or sender copies), if any. */
  scheduleExpiry(): void {
    const times = [...this.state.inbox.flatMap((m) => (m.expiresAtMs === undefined ? [] : [m.expiresAtMs])), ...this.state.sent.map((m) => m.expiresAtMs)];
    if (times.length === 0) return;
    const at = Math.max(Math.min(...times), this.w.engine.nowMs);
    this.w.engine.schedule(at, 'expire', { device: this.user }, () => {
      const step = expireMessages(this.state, this.ctx());
      this.commit(step.device, step.consumed, step.events);
      for (const e of step.events) if (e.kind === 'message-evaporated') this.w.log.append({ kind: 'message-erased', messageId: e.messageId, holder: this.user });
    });
  }

  goOffline(): void {
    setConnected(this.w, this, false);
  }

  goOnline(): void {
    setConnected(this.w, this, true);
    this.upkeep.reconnected();
    this.outbox.reconnect();
  }

  fingerprintFor(peer: string, peerIdentity: IdentityKey): string {
    return safetyNumber(this.w.provider, { localId: this.user, localIdentityKey: this.state.identity.publicKey }, { remoteId: peer, remoteIdentityKey: peerIdentity });
  }

  snapshot(): DeviceState {
    return structuredClone(this.state);
  }

  /** The phone restarts from a copy of its store written onto its medium: not the store it last saved, it starts over. */
  restore(copy: StoreImage): void {
    if (copy.medium === undefined) throw new UsageError(`${this.user}'s phone restarts from its medium, and the copy holds none`);
    const r = openRestoredStore(this.storage.restartOn(copy.medium), this.storage.watermark, this.ctx());
    this.retryLater = [];
    this.commit(r.device, [], r.events);
    if (r.startedOver) this.upkeep.startedOver();
  }

  /** Compare safety numbers with `peer` (fetching its keys first if this phone has none yet). */
  verify(peer: string, theirs: string): void {
    if (findContact(this.state, toDeviceId(peer))?.identity === undefined && !this.ensureSession(peer)) return;
    const step = verifySafetyNumber(this.state, toDeviceId(peer), theirs, this.ctx());
    this.commit(step.device, step.consumed, step.events);
  }

  acknowledge(peer: string): void {
    const step = acknowledgeKeyChange(this.state, toDeviceId(peer), this.ctx());
    this.commit(step.device, step.consumed, step.events);
  }

  forgetPeerKeys(peer: string): void {
    this.stale.add(peer);
  }

  release(peer: string): Uint8Array[] {
    if (!this.ensureSession(peer)) return [];
    let out;
    try {
      out = releaseHeld(this.state, toDeviceId(peer), this.ctx());
    } catch (e) {
      // Still blocked (another key change came up while fetching keys): the messages stay held.
      if (isProtocolError(e)) return [];
      throw e;
    }
    this.commit(out.device);
    return out.wires.map((wire) => {
      this.submit(peer, 'released', wire);
      return wire;
    });
  }

  /**
   * What a seizure takes: the raw files of the phone's storage medium, byte for byte (deleted rows
   * that linger in them included), and (the worst case docs/threat-model.md assumes) its storage key.
   */
  seize(): { blob: Uint8Array; storageKey: Uint8Array; medium: StoredRow[] } {
    return { ...this.storage.seize(this.state), storageKey: this.storageKey.slice() };
  }
}
