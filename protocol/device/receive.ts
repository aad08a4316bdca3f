// Receiving on a device: decode the pairwise message, check the sender's identity against the
// trust record, decrypt on the contact's sessions, unpad and decode the content, and file a text in
// the inbox, hand a group-control payload to its room (groupControl.ts), or take the word that the
// sender's store started over (startOver.ts). A refusal commits nothing
// (SEC-INTEGRITY): a changed identity is reported as an event, not stored; only the advance-on-failure
// weak variant keeps what the ratchet advanced. A refused group payload leaves the 1:1 session
// unadvanced too, so the same wire can be fed again later (see `retryLater`).
import { equalBytes } from '../bytes.ts';
import { decodeContent, type Content } from '../content/content.ts';
import { unpad } from '../content/padding.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import type { PairwiseSend } from '../group/context.ts';
import type { DeviceId, UserId } from '../ids.ts';
import { MAX_INBOX_MESSAGES } from '../limits.ts';
import { ratchetSecrets } from '../ratchet/state.ts';
import { supersedesLost } from '../wire/initialMessage.ts';
import { receivePairwise } from '../session/receive.ts';
import { isIdentityBound } from '../identity/binding.ts';
import type { IdentityKey } from '../identity/identityKey.ts';
import { decodePairwiseMessage, type PairwiseMessage } from '../wire/pairwiseMessage.ts';
import { findContact, newContact, withContact } from './contacts.ts';
import type { DeviceContext } from './context.ts';
import { applyGroupControl } from './groupControl.ts';
import { startOverNews } from './startOver.ts';
import type { Contact, DeviceEvent, DeviceState, InboxEntry } from './state.ts';
import { trimStoreSkippedKeys } from './store.ts';
import { noteIdentity } from './trust.ts';

export type ReceiveOutcome =
  | {
      readonly ok: true;
      readonly device: DeviceState;
      readonly content: Content;
      readonly events: readonly DeviceEvent[];
      readonly consumed: readonly Uint8Array[];
      /** For a group-control content: payloads to carry for that room (sendGroupControl); else empty. */
      readonly groupOutgoing: readonly PairwiseSend[];
    }
  | {
      readonly ok: false;
      readonly device: DeviceState;
      readonly error: ProtocolError;
      readonly events: readonly DeviceEvent[];
      /** A group payload that may be accepted once more group-control arrives (it overtook one it needs): keep the wire, retry a bounded number of times. */
      readonly retryLater: boolean;
    };

function refuse(device: DeviceState, error: ProtocolError, events: readonly DeviceEvent[] = [], retryLater = false): ReceiveOutcome {
  return { ok: false, device, error, events, retryLater };
}

function decodeWire(wire: Uint8Array): PairwiseMessage | ProtocolError {
  try {
    return decodePairwiseMessage(wire);
  } catch (e) {
    if (isProtocolError(e)) return new ProtocolError('INVALID_MESSAGE', `undecodable pairwise message (${e.code})`);
    throw e;
  }
}

function decodePayload(padded: Uint8Array): Content | ProtocolError {
  try {
    return decodeContent(unpad(padded));
  } catch (e) {
    if (isProtocolError(e)) return new ProtocolError('INVALID_MESSAGE', `undecodable content (${e.code})`);
    throw e;
  }
}

function fileInInbox(device: DeviceState, from: DeviceId, content: Content, nowMs: number, dedupe: boolean): DeviceState {
  if (content.kind !== 'text') return device;
  if (dedupe && (device.inbox.some((m) => m.messageId === content.messageId) || device.tombstones.some((t) => t.messageId === content.messageId))) {
    // A second text under a known id (a replay through a new session, or a reused id): refused, not filed twice.
    throw new ProtocolError('DUPLICATE_MESSAGE', `message ${content.messageId} is already in the inbox or was evaporated`);
  }
  if (device.inbox.length >= MAX_INBOX_MESSAGES) throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `inbox holds the maximum of ${MAX_INBOX_MESSAGES}`);
  const entry: InboxEntry = {
    messageId: content.messageId,
    from,
    roomId: content.roomId,
    receivedAtMs: nowMs,
    evaporation: content.evaporation,
    body: content.body,
    viewedAtMs: undefined,
    expiresAtMs: undefined,
  };
  return { ...device, inbox: [...device.inbox, entry] };
}

/** Whether `seen` is the contact's trusted identity with the same binding signature, byte for byte. */
function isTrustedBinding(contact: Contact, seen: IdentityKey): boolean {
  const trusted = contact.identity;
  if (trusted?.binding === undefined || seen.binding === undefined) return false;
  return equalBytes(trusted.dh, seen.dh) && equalBytes(trusted.sign, seen.sign) && equalBytes(trusted.binding, seen.binding);
}

/** Checks a setup message's identity; returns the contact to use, or the refusal (with a key-change record). */
function checkSender(device: DeviceState, contact: Contact, message: PairwiseMessage, ctx: DeviceContext): Contact | ReceiveOutcome {
  if (contact.verificationFailed) return refuse(device, new ProtocolError('UNTRUSTED_IDENTITY', `${contact.deviceId}: safety number comparison failed`));
  if (message.kind !== 'prekey') return contact;
  // An unbound identity is refused before it can raise a key-change event (protocol/identity/binding.ts).
  // The trusted identity, binding signature included, was checked when it was trusted: a setup naming
  // it byte for byte (a replay, a retry) needs no second Ed25519 verification.
  const seen = message.initial.initiatorIdentity;
  if (ctx.flags.identityBinding && !isTrustedBinding(contact, seen) && !isIdentityBound(ctx.provider, seen)) {
    return refuse(device, new ProtocolError('BAD_IDENTITY_BINDING', `${contact.deviceId}: setup identity halves are not bound`));
  }
  const noted = noteIdentity(contact, message.initial.initiatorIdentity, ctx);
  if (!noted.changed) return noted.contact;
  // The user is told, but nothing is stored: refused input leaves the device byte-for-byte unchanged
  // (SEC-INTEGRITY), and sending keeps using the trusted session. A genuine change reaches this device
  // through the contact's new bundle the next time it opens a session (trust.ts openSession).
  const event: DeviceEvent = { kind: 'key-change', peer: contact.deviceId, atMs: ctx.nowMs };
  return refuse(device, new ProtocolError('UNTRUSTED_IDENTITY', `${contact.deviceId}: identity changed`), [event]);
}

export function receiveMessage(device: DeviceState, from: DeviceId, fromUser: UserId, wire: Uint8Array, ctx: DeviceContext): ReceiveOutcome {
  const message = decodeWire(wire);
  if (message instanceof ProtocolError) return refuse(device, message);
  const known = findContact(device, from) ?? newContact(from, fromUser);
  const checked = checkSender(device, known, message, ctx);
  if (!('deviceId' in checked)) return checked;
  const r = receivePairwise({
    sessions: checked.sessions,
    ourIdentity: device.identity,
    preKeys: device.preKeys,
    message,
    requirePq: device.config.requirePq && ctx.flags.pqRequired,
    ctx,
    ids: { initiatorUser: fromUser, initiatorDevice: from, responderUser: device.userId, responderDevice: device.deviceId },
  });
  if (!r.ok) {
    // Reference: r.sessions is the input list itself, so nothing changes. Weak variant: the advance sticks.
    const changed = r.sessions !== checked.sessions;
    return refuse(changed ? withContact(device, { ...known, sessions: r.sessions }) : device, r.error);
  }
  const content = decodePayload(r.payload);
  if (content instanceof ProtocolError) return refuse(device, content);
  const news = startOverNews(findContact(device, from), message, r.session, content.kind === 'started-over', ctx.nowMs);
  if (news instanceof ProtocolError) return refuse(device, news);
  // Told the peer's phone started over: it holds none of its older sessions, so only a copy of it could
  // still send on them (docs/threat-model.md "Rollback"). They go, their secrets wiped — all but our own
  // setups that say we started over too, which cross the peer's by the base key (session/receive.ts).
  const keep = (s: (typeof r.sessions)[number]) => equalBytes(s.baseKey, r.session.baseKey) || supersedesLost(s.pendingInitial?.supersedes);
  const kept = news.length > 0 ? r.sessions.filter(keep) : r.sessions;
  const superseded = news.length > 0 ? r.sessions.filter((s) => !keep(s)).flatMap((s) => ratchetSecrets(s.ratchet)) : [];
  const consumed = [...r.consumed, ...superseded];
  const contact: Contact = { ...checked, identity: checked.identity ?? r.session.theirIdentity, sessions: kept };
  const advanced = { ...withContact(device, contact), preKeys: r.preKeys };
  if (content.kind === 'started-over') return { ok: true, device: advanced, content, events: news, consumed, groupOutgoing: [] };
  if (content.kind === 'group-control') {
    // SEC-GROUP: the group sees the peer the session is bound to, never a sender the payload names.
    const g = applyGroupControl(advanced, { id: from, identityKey: r.session.theirIdentity.sign, dh: r.session.theirIdentity.dh }, content, ctx);
    if (!g.ok) return refuse(device, g.error, g.events, g.retryLater);
    return { ok: true, device: g.device, content, events: [...news, ...g.events], consumed: [...consumed, ...g.consumed], groupOutgoing: g.outgoing };
  }
  let next: DeviceState;
  try {
    // The inbox refuses a known id only with both replay safeguards on: replayCheck off is the weak
    // variant no-replay-check ("a replayed message is accepted twice", docs/weak-variants.md).
    next = fileInInbox(advanced, from, content, ctx.nowMs, ctx.flags.setupReplayCheck && ctx.flags.replayCheck);
  } catch (e) {
    if (isProtocolError(e, 'DUPLICATE_MESSAGE')) return refuse(device, e);
    throw e;
  }
  // MAX_STORE_SKIPPED_KEYS holds in memory too, not only when written: counted only when this session gained keys.
  const before = checked.sessions.find((s) => equalBytes(s.baseKey, r.session.baseKey))?.ratchet.skipped.length ?? 0;
  const bounded = r.session.ratchet.skipped.length > before ? trimStoreSkippedKeys(next) : { device: next, dropped: [] };
  return { ok: true, device: bounded.device, content, events: news, consumed: [...consumed, ...bounded.dropped], groupOutgoing: [] };
}
