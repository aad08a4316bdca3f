// Telling contacts that this device's store started over (docs/threat-model.md "Rollback"). A device
// that found its store rolled back (rollback.ts) keeps its contacts' trusted identities but no session,
// so a contact goes on writing on a session the device no longer has, and all of it is lost, until it
// hears from a new one. So the device opens a new session to every contact it keeps, at once, and sends
// on it a started-over content, which carries nothing: the setup it comes in says that the device lost
// every session it had with the contact (InitialMessage.supersedes = SUPERSEDES_LOST). The contact takes
// the new session, sends on it from then on (protocol/session/receive.ts settles such a setup as the
// newest) and tells its user (`peer-started-over`). The same holds when the device's first message
// after starting over is a text: what tells the contact is the setup, not the content.
import { equalBytes } from '../bytes.ts';
import { ProtocolError, UsageError } from '../errors.ts';
import type { DeviceId } from '../ids.ts';
import type { Session } from '../session/session.ts';
import { supersedesLost } from '../wire/initialMessage.ts';
import type { PairwiseMessage } from '../wire/pairwiseMessage.ts';
import { findContact } from './contacts.ts';
import type { DeviceContext } from './context.ts';
import { ratchetSecrets } from '../ratchet/state.ts';
import { sendControl } from './send.ts';
import type { Contact, DeviceEvent, DeviceState } from './state.ts';

/** Whether a setup says its maker lost every session it had with us. */
function setupAfterStartOver(message: PairwiseMessage): boolean {
  return message.kind === 'prekey' && supersedesLost(message.initial.supersedes);
}

/**
 * The contacts a device that just started over tells so: every one whose identity it keeps (it had a
 * session with each), except those it may not write to (an unacknowledged key change, a failed
 * safety-number comparison: send.ts holds everything for them).
 */
export function contactsToTell(device: DeviceState): DeviceId[] {
  return device.contacts.filter((c) => c.identity !== undefined && c.pendingIdentity === undefined && !c.verificationFailed && c.deviceId !== device.deviceId).map((c) => c.deviceId);
}

/**
 * The started-over content to `peer`, on the session the device opened to it after starting over
 * (openSession on a contact it keeps but holds no session with: its setup names SUPERSEDES_LOST).
 * Any other session is a caller bug: the peer would refuse the content on it.
 */
export function tellStartedOver(device: DeviceState, peer: DeviceId, ctx: DeviceContext): { readonly device: DeviceState; readonly wire: Uint8Array } {
  const supersedes = findContact(device, peer)?.sessions[0]?.pendingInitial?.supersedes;
  if (!supersedesLost(supersedes)) throw new UsageError(`${peer}: the active session is not one opened after starting over`);
  return sendControl(device, peer, { kind: 'started-over' }, ctx);
}

/**
 * On receiving: what a message says of its sender's start-over. `before` is the contact as it was
 * (undefined: never seen), `session` the one that opened the message. A new session whose setup names
 * SUPERSEDES_LOST, from a contact this device knew, is told to the user once (`peer-started-over`); a
 * started-over content anywhere else is refused, since only such a setup can carry one.
 */
export function startOverNews(before: Contact | undefined, message: PairwiseMessage, session: Session, startedOverContent: boolean, nowMs: number): DeviceEvent[] | ProtocolError {
  if (startedOverContent && !setupAfterStartOver(message)) return new ProtocolError('INVALID_MESSAGE', 'a started-over content outside a setup that supersedes every session');
  if (before?.identity === undefined || !setupAfterStartOver(message) || before.sessions.some((s) => equalBytes(s.baseKey, session.baseKey))) return [];
  return [{ kind: 'peer-started-over', peer: before.deviceId, atMs: nowMs }];
}

/**
 * The device started over and `peer` has not answered yet: its only session with the peer is its own
 * unanswered setup that says so. The word may have been lost (an honest server expires what waits past
 * its retention), or made on prekeys the peer has since erased; a peer still writing on a dropped
 * session shows it never arrived. `forgetUnheard` drops that setup (its secrets for the owner to wipe)
 * so the next setup, from a freshly fetched bundle, says the same again.
 */
export function unheardStartOver(device: DeviceState, peer: DeviceId): boolean {
  const sessions = findContact(device, peer)?.sessions ?? [];
  const only = sessions.length === 1 ? sessions[0] : undefined;
  const supersedes = only?.pendingInitial?.supersedes;
  return supersedesLost(supersedes);
}

export function forgetUnheard(device: DeviceState, peer: DeviceId): { readonly device: DeviceState; readonly consumed: readonly Uint8Array[] } {
  if (!unheardStartOver(device, peer)) throw new UsageError(`${peer}: no unanswered start-over setup to forget`);
  const contacts = device.contacts.map((c) => (c.deviceId === peer ? { ...c, sessions: [] } : c));
  const consumed = (findContact(device, peer)?.sessions ?? []).flatMap((s) => ratchetSecrets(s.ratchet));
  return { device: { ...device, contacts }, consumed };
}
