// A phone running the shipped-2014 model in the simulated world (docs/architecture.md): static RSA install key published to the directory, rooms whose wrapped secret the server
// stores and hands back, AES-CTR chat without a MAC. Same network client as sim/world/simDevice.ts.
import { equalBytes, wipe } from '../../../protocol/bytes.ts';
import type { TextContent } from '../../../protocol/content/content.ts';
import type { DeviceEvent } from '../../../protocol/device/index.ts';
import { isProtocolError, ProtocolError, UsageError, type ProtocolErrorCode } from '../../../protocol/errors.ts';
import type { IdentityKey } from '../../../protocol/identity/identityKey.ts';
import { deviceId as toDeviceId, messageId as toMessageId, userId as toUserId, type DeviceId, type MessageId } from '../../../protocol/ids.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { decodeChatMessage, generateInstallKey, keyImage } from '../../../protocol/variants/shipped2014/index.ts';
import type { Envelope } from '../../server/index.ts';
import type { Phone, StoreImage } from '../phone.ts';
import type { SentCopy } from '../../log/events.ts';
import { noteUserEvent } from '../userEvents.ts';
import { Outbox } from '../outbox.ts';
import type { WorldPorts } from '../worldPorts.ts';
import { expectState, isShippedState } from '../phoneState.ts';
import { encryptChat, receiveChat } from './chat.ts';
import { expireStep, nextExpiry, viewStep } from './evaporation.ts';
import { rsaIdentity } from './identity.ts';
import { adoptRoomKey, startRoom } from './rooms.ts';
import { fetchRoomKey, storeRoomKey } from './roomStore.ts';
import { findContact, findRoom, MAX_VERIFIED_IMAGES, withContact, type ShippedRoom, type ShippedState } from './state.ts';
import { sealShipped, serializeShipped } from './storeCodec.ts';
import { setConnected } from '../connectivity.ts';

/** Server ids a phone remembers to drop a second delivery of the same stored envelope (the 2014 client keyed its message table by the server's number). */
const MAX_SEEN_SERVER_IDS = 10_000;
const STORAGE_KEY_BYTES = 32;

/** The key image of an encoded public key, or undefined for bytes that are not one. */
function imageOf(publicKey: Uint8Array): string | undefined {
  try {
    return keyImage(publicKey);
  } catch (e) {
    if (isProtocolError(e)) return undefined;
    throw e;
  }
}

export class ShippedPhone implements Phone {
  state: ShippedState;
  readonly id: DeviceId;
  readonly storageKey: Uint8Array;
  online = true;
  private readonly rng: Drbg;
  private readonly outbox: Outbox;
  private readonly seenServerIds = new Set<string>();
  /** Peers whose keys the server says changed: the next message to them starts a fresh room exchange. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly w: WorldPorts,
    readonly user: string,
  ) {
    this.id = toDeviceId(user);
    this.outbox = new Outbox(w.engine, w.network, this.id, user, () => this.online);
    this.rng = w.engine.stream(`device:${user}`);
    this.storageKey = this.rng.bytes(STORAGE_KEY_BYTES);
    const key = generateInstallKey(this.rng);
    this.state = { user, publicKey: key.publicKey, privateKey: key.privateKey, contacts: [], rooms: [], inbox: [] };
    w.identities.set(user, rsaIdentity(key.publicKey));
    w.log.append({ kind: 'device-created', user, identity: rsaIdentity(key.publicKey), secrets: undefined });
    w.network.attach(this.id, (d) => this.outbox.fromServer(d, (envelope, serverId) => this.deliver(envelope, serverId)));
  }

  private get now(): number {
    return this.w.engine.nowMs;
  }

  private tell(event: DeviceEvent): void {
    noteUserEvent(this.w, this.user, event);
  }

  private setupFailure(peer: string, code: ProtocolErrorCode): void {
    this.w.log.append({ kind: 'setup-failed', from: this.user, to: peer, code });
  }

  /** The static RSA public key goes to the server's directory: no prekeys, no signature. */
  publish(): void {
    this.w.server.publish({ deviceId: this.id, userId: toUserId(this.user), base: this.state.publicKey, oneTime: [], kemOneTime: [] });
  }

  /** Whatever key the directory serves for `peer` now (kept as the contact's key if it decodes). */
  private fetchPeerKey(peer: string): Uint8Array | undefined {
    const got = this.w.server.fetchBundle(this.id, toDeviceId(peer));
    if (got === undefined) return undefined;
    if (imageOf(got.base) !== undefined) this.state = withContact(this.state, peer, { publicKey: got.base.slice() });
    return got.base;
  }

  /**
   * Opens `roomId` before sending, as the 2014 client did: the server's stored room-key message is
   * unwrapped if it is new; with none stored (first message, or the server deleted the room), or
   * after the server said the peer's key changed, a fresh secret is wrapped for whatever key the
   * directory serves now — no comparison with the earlier key, no warning.
   */
  private openRoomFor(roomId: string, peer: string): ShippedRoom | undefined {
    const local = findRoom(this.state, roomId);
    const rekey = this.stale.delete(peer);
    const stored = rekey ? undefined : fetchRoomKey(this.w.server, this.id, roomId);
    if (stored !== undefined) {
      if (local !== undefined && equalBytes(local.roomKeyMessage, stored.roomKeyMessage)) return local;
      const slot = stored.creator === this.user ? 'self' : 'peer';
      try {
        const peerPublicKey = slot === 'self' ? findContact(this.state, peer)?.publicKey : undefined;
        this.state = adoptRoomKey(this.state, { roomId, peer, slot, roomKeyMessage: stored.roomKeyMessage, peerPublicKey });
        return findRoom(this.state, roomId);
      } catch (e) {
        if (!isProtocolError(e)) throw e;
        if (local === undefined) this.setupFailure(peer, e.code);
        return local;
      }
    }
    const peerKey = this.fetchPeerKey(peer);
    if (peerKey === undefined) {
      this.setupFailure(peer, 'UNKNOWN_PREKEY');
      return undefined;
    }
    try {
      const step = startRoom(this.state, this.rng, { roomId, peer, peerPublicKey: peerKey });
      this.state = step.state;
      storeRoomKey(this.w.server, { roomId, creator: this.user, roomKeyMessage: step.roomKeyMessage });
      this.submit(peer, roomId, step.roomKeyMessage, 'control');
      this.w.engine.record('room-key-sent', { device: this.user, peer, roomId });
      return findRoom(this.state, roomId);
    } catch (e) {
      if (!isProtocolError(e)) throw e;
      this.setupFailure(peer, e.code);
      return undefined;
    }
  }

  /**
   * What the judges need to know about one copy. The creator knows the key it wrapped the secret to;
   * an invitee got the secret wrapped by its peer, so the other holder is the peer's genuine key.
   */
  private copyMeta(peer: string, room: ShippedRoom): Pick<SentCopy, 'encryptedTo' | 'verified' | 'warnedBefore'> {
    const contact = findContact(this.state, peer);
    const genuine = this.w.identities.get(peer);
    const judgedKey = room.peerPublicKey ?? contact?.publicKey;
    const encryptedTo: IdentityKey | undefined = room.peerPublicKey !== undefined ? rsaIdentity(room.peerPublicKey) : genuine;
    if (encryptedTo === undefined) throw new UsageError(`shipped phone ${this.user}: no identity on record for ${peer}`);
    const image = judgedKey === undefined ? undefined : imageOf(judgedKey);
    const verified = image !== undefined && (contact?.verifiedImages.includes(image) ?? false);
    const warnedBefore = this.w.warned.has(`${this.user}>${peer}`);
    return { encryptedTo, verified, warnedBefore };
  }

  sendTo(recipients: readonly string[], text: TextContent): { copies: SentCopy[]; heldFor: string[] } {
    const copies: SentCopy[] = [];
    const heldFor: string[] = [];
    const frame = { messageId: text.messageId as string, timerMs: text.evaporation.mode === 'timer' ? text.evaporation.ms : 0, body: text.body };
    for (const peer of recipients) {
      if (findContact(this.state, peer)?.verificationFailed === true) {
        heldFor.push(peer); // the user compared key images, saw a mismatch, and stopped writing to this peer
        continue;
      }
      const room = this.openRoomFor(text.roomId, peer);
      if (room === undefined) continue;
      const step = encryptChat(this.state, text.roomId, frame);
      this.state = step.state;
      const envelope = this.submit(peer, text.roomId, step.wire, 'pairwise');
      copies.push({ to: peer, envelopeId: envelope.id, wire: step.wire, ...this.copyMeta(peer, step.room) });
    }
    return { copies, heldFor };
  }

  sendGroup(roomId: string): { copies: SentCopy[]; heldFor: string[] } {
    throw new UsageError(`the shipped-2014 variant has no group rooms (room ${roomId}): the 2014 design encrypted 1:1 rooms only`);
  }

  createGroupRoom(roomId: string): void {
    throw new UsageError(`the shipped-2014 variant has no group rooms (room ${roomId}): the 2014 design encrypted 1:1 rooms only`);
  }

  changeMembership(kind: 'add' | 'remove', roomId: string): void {
    throw new UsageError(`the shipped-2014 variant has no group rooms (${kind}-member in ${roomId}): the 2014 design encrypted 1:1 rooms only`);
  }

  private submit(peer: string, roomId: string, wire: Uint8Array, kind: 'pairwise' | 'control'): Envelope {
    return this.outbox.send(toDeviceId(peer), roomId, kind, wire);
  }

  /** The 2014 client keyed its message table by the server's number: a second delivery of one stored envelope is dropped. */
  private deliver(envelope: Envelope, serverId: string): void {
    if (this.seenServerIds.has(serverId)) return;
    if (this.seenServerIds.size >= MAX_SEEN_SERVER_IDS) this.seenServerIds.delete(this.seenServerIds.values().next().value as string);
    this.seenServerIds.add(serverId);
    this.receive(envelope);
  }

  private receive(envelope: Envelope): void {
    const before = this.w.checkAtomicity ? serializeShipped(this.state) : undefined;
    try {
      if (envelope.roomId === undefined) throw new ProtocolError('NO_SESSION', 'an envelope without a room');
      if (envelope.kind === 'control') this.receiveRoomKey(envelope, envelope.roomId);
      else if (envelope.kind === 'pairwise') this.receiveChatEnvelope(envelope, envelope.roomId);
      else throw new ProtocolError('WIRE_UNKNOWN_TAG', 'shipped-2014 has no group messages');
    } catch (e) {
      if (!isProtocolError(e)) throw e;
      const unchanged = before === undefined || equalBytes(before, serializeShipped(this.state));
      this.w.log.append({ kind: 'message-refused', refusal: { atMs: this.now, device: this.user, from: envelope.from, envelopeId: envelope.id, code: e.code, stateUnchanged: unchanged } });
    }
  }

  /** The peer's room-key message: our half is `peer`; a new one replaces the room's secret silently. */
  private receiveRoomKey(envelope: Envelope, roomId: string): void {
    this.state = adoptRoomKey(this.state, { roomId, peer: envelope.from, slot: 'peer', roomKeyMessage: envelope.body, peerPublicKey: undefined });
    this.w.engine.record('room-key-adopted', { device: this.user, from: envelope.from, roomId });
  }

  /** The room's secret for an incoming message: ours, or (reopening the room) the server's stored copy. */
  private roomFromServer(state: ShippedState, roomId: string, from: string): ShippedState {
    const stored = fetchRoomKey(this.w.server, this.id, roomId);
    if (stored === undefined) throw new ProtocolError('NO_SESSION', `no key for room ${roomId}`);
    const slot = stored.creator === this.user ? 'self' : 'peer';
    return adoptRoomKey(state, { roomId, peer: from, slot, roomKeyMessage: stored.roomKeyMessage, peerPublicKey: undefined });
  }

  /** All or nothing: the new state is committed only once the message is accepted. */
  private receiveChatEnvelope(envelope: Envelope, roomId: string): void {
    const from = envelope.from as string;
    decodeChatMessage(envelope.body); // a malformed wire is refused before the server is asked anything
    let next = this.state;
    let room = findRoom(next, roomId);
    if (room === undefined) {
      next = this.roomFromServer(next, roomId, from);
      room = findRoom(next, roomId);
    }
    if (room === undefined) throw new ProtocolError('NO_SESSION', `no key for room ${roomId}`);
    let r = receiveChat(next, room, from, envelope.body);
    if (!r.message.framed) {
      // Unreadable under our K: the peer may have re-keyed, so reopen the room from the server once.
      const stored = fetchRoomKey(this.w.server, this.id, roomId);
      if (stored !== undefined && !equalBytes(stored.roomKeyMessage, room.roomKeyMessage)) {
        try {
          const reopened = this.roomFromServer(next, roomId, from);
          const again = receiveChat(reopened, findRoom(reopened, roomId) ?? room, from, envelope.body);
          if (again.message.framed) r = again;
        } catch (e) {
          if (!isProtocolError(e)) throw e;
        }
      }
    }
    this.state = r.state;
    this.accept(envelope, from, r.message.messageId, roomId, r.message.body);
  }

  private accept(envelope: Envelope, from: string, messageId: string, room: string, body: Uint8Array): void {
    this.w.log.append({
      kind: 'message-accepted',
      acceptance: { atMs: this.now, recipient: this.user, claimedFrom: from, messageId, room, body: body.slice(), envelopeId: envelope.id, envelopeFrom: envelope.from },
    });
  }

  view(messageId: MessageId): boolean {
    const step = viewStep(this.state, messageId, this.now);
    if (step === undefined) return false;
    this.state = step.state;
    wipe(...step.consumed);
    this.w.log.append({ kind: 'message-viewed', messageId, recipient: this.user });
    if (step.erasedNow) this.tell({ kind: 'message-evaporated', messageId: toMessageId(messageId), status: 'viewed', atMs: this.now });
    this.scheduleExpiry();
    return true;
  }

  scheduleExpiry(): void {
    const at = nextExpiry(this.state);
    if (at === undefined) return;
    this.w.engine.schedule(Math.max(at, this.now), 'expire', { device: this.user }, () => {
      const step = expireStep(this.state, this.now);
      this.state = step.state;
      wipe(...step.consumed);
      for (const id of step.expired) {
        this.tell({ kind: 'message-evaporated', messageId: toMessageId(id), status: 'expired', atMs: this.now });
        this.w.log.append({ kind: 'message-erased', messageId: id, holder: this.user });
      }
    });
  }

  goOffline(): void {
    setConnected(this.w, this, false);
  }

  goOnline(): void {
    setConnected(this.w, this, true);
    this.outbox.reconnect();
  }

  /** The 2014 app showed the user the key image of its own public key, to read out to the peer. */
  fingerprintFor(_peer: string, _peerIdentity: IdentityKey): string {
    return keyImage(this.state.publicKey);
  }

  /**
   * The user compares, by hand, the image of the key this phone would use for `peer` (fetched now
   * if it holds none, or the server said it changed) with the one the peer reads out. A mismatch
   * makes the user stop writing to the peer.
   */
  verify(peer: string, shownByPeer: string): void {
    const held = this.stale.has(peer) ? undefined : findContact(this.state, peer)?.publicKey;
    const key = held ?? this.fetchPeerKey(peer);
    if (key === undefined) return;
    const image = imageOf(key);
    const peerId = toDeviceId(peer);
    if (image !== undefined && image === shownByPeer) {
      const images = findContact(this.state, peer)?.verifiedImages ?? [];
      this.state = withContact(this.state, peer, { verifiedImages: images.includes(image) ? images : [...images, image].slice(-MAX_VERIFIED_IMAGES) });
      this.tell({ kind: 'verified', peer: peerId, atMs: this.now });
      return;
    }
    this.state = withContact(this.state, peer, { verificationFailed: true });
    this.tell({ kind: 'verification-failed', peer: peerId, atMs: this.now });
  }

  /** The 2014 client raised no key-change warning, so there is nothing to acknowledge. */
  acknowledge(peer: string): void {
    this.w.engine.record('acknowledge-ignored', { device: this.user, peer, reason: 'no key-change warnings in shipped-2014' });
  }

  /**
   * The server says `peer`'s key changed. The 2014 client took the directory's word: the next
   * message to `peer` starts a fresh room exchange to whatever key is served, silently (the forced
   * re-exchange flaw: a server that substitutes a key gets every later message).
   */
  forgetPeerKeys(peer: string): void {
    this.stale.add(peer);
  }

  /** The user decides to write to `peer` again after a failed comparison. */
  release(peer: string): void {
    if (findContact(this.state, peer) === undefined) return;
    this.state = withContact(this.state, peer, { verificationFailed: false });
  }

  seize(): { blob: Uint8Array; storageKey: Uint8Array } {
    return { blob: sealShipped(this.w.provider, this.state, this.storageKey, this.rng), storageKey: this.storageKey.slice() };
  }

  snapshot(): ShippedState {
    return structuredClone(this.state);
  }

  /** The 2014 design keeps no watermark: whatever copy is written back runs, and a rollback goes unseen. */
  restore(image: StoreImage): void {
    this.state = structuredClone(expectState(image.exported, isShippedState, 'shipped-2014 phone'));
  }
}
