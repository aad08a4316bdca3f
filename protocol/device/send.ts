// Sending on a device: pad and encrypt a content on the contact's active session. A contact whose
// identity changed (unacknowledged) or failed verification gets nothing: the text is held on the
// phone, and only releaseHeld — an explicit user act after acknowledging — sends it (SEC-MITM).
import { encodeContent, type Content, type TextContent } from '../content/content.ts';
import { pad } from '../content/padding.ts';
import { ProtocolError } from '../errors.ts';
import type { DeviceId } from '../ids.ts';
import { MAX_HELD_MESSAGES } from '../limits.ts';
import { sessionEncrypt } from '../session/encrypt.ts';
import { encodePairwiseMessage } from '../wire/pairwiseMessage.ts';
import { findContact, withContact } from './contacts.ts';
import type { DeviceContext } from './context.ts';
import type { Contact, DeviceState, SentEntry } from './state.ts';

export type SendOutcome =
  | { readonly kind: 'sent'; readonly device: DeviceState; readonly wire: Uint8Array }
  | { readonly kind: 'held'; readonly device: DeviceState; readonly reason: 'key-change' | 'verification-failed' };

function blockedReason(contact: Contact): 'key-change' | 'verification-failed' | undefined {
  if (contact.verificationFailed) return 'verification-failed';
  if (contact.pendingIdentity !== undefined) return 'key-change';
  return undefined;
}

/** Encrypt any content on the active session. Throws NO_SESSION when there is none (fetch a bundle, then openSession). */
function encryptOn(device: DeviceState, contact: Contact, content: Content, ctx: DeviceContext): { device: DeviceState; wire: Uint8Array } {
  const active = contact.sessions[0];
  if (active === undefined) throw new ProtocolError('NO_SESSION', `${contact.deviceId}: no session`);
  const { session, message } = sessionEncrypt(active, pad(encodeContent(content)), ctx);
  const next = { ...contact, sessions: [session, ...contact.sessions.slice(1)] };
  return { device: withContact(device, next), wire: encodePairwiseMessage(message) };
}

function keepSenderCopy(device: DeviceState, to: DeviceId, text: TextContent): DeviceState {
  if (text.evaporation.mode !== 'timer') return device; // view-once: the sender keeps nothing
  const entry: SentEntry = { messageId: text.messageId, to, roomId: text.roomId, body: text.body.slice(), expiresAtMs: text.sentAtMs + text.evaporation.ms };
  return { ...device, sent: [...device.sent, entry] };
}

export function sendText(device: DeviceState, to: DeviceId, text: TextContent, ctx: DeviceContext): SendOutcome {
  const contact = findContact(device, to);
  if (contact === undefined) throw new ProtocolError('NO_SESSION', `${to}: unknown contact`);
  const reason = blockedReason(contact);
  if (reason !== undefined) {
    if (contact.held.length >= MAX_HELD_MESSAGES) throw new ProtocolError('IDENTITY_CHANGE_UNACKNOWLEDGED', `${to}: too many held messages`);
    return { kind: 'held', device: withContact(device, { ...contact, held: [...contact.held, text] }), reason };
  }
  const sent = encryptOn(device, contact, text, ctx);
  return { kind: 'sent', device: keepSenderCopy(sent.device, to, text), wire: sent.wire };
}

/** Group-control payloads are never held: a blocked contact simply does not get them. */
export function sendControl(device: DeviceState, to: DeviceId, content: Content, ctx: DeviceContext): { device: DeviceState; wire: Uint8Array } {
  const contact = findContact(device, to);
  if (contact === undefined) throw new ProtocolError('NO_SESSION', `${to}: unknown contact`);
  if (blockedReason(contact) !== undefined) throw new ProtocolError('IDENTITY_CHANGE_UNACKNOWLEDGED', `${to}: identity not trusted`);
  return encryptOn(device, contact, content, ctx);
}

/** The user chose to send what was held after acknowledging a key change. */
export function releaseHeld(device: DeviceState, to: DeviceId, ctx: DeviceContext): { device: DeviceState; wires: readonly Uint8Array[] } {
  const contact = findContact(device, to);
  if (contact === undefined || contact.held.length === 0) return { device, wires: [] };
  if (blockedReason(contact) !== undefined) throw new ProtocolError('IDENTITY_CHANGE_UNACKNOWLEDGED', `${to}: acknowledge the key change first`);
  let d = withContact(device, { ...contact, held: [] });
  const wires: Uint8Array[] = [];
  for (const text of contact.held) {
    const out = sendText(d, to, text, ctx);
    if (out.kind !== 'sent') throw new ProtocolError('IDENTITY_CHANGE_UNACKNOWLEDGED', `${to}: blocked while releasing`);
    d = out.device;
    wires.push(out.wire);
  }
  return { device: d, wires };
}
