// Trust in a contact's identity (SEC-MITM): trust on first use, a changed identity blocks sending
// until the user acknowledges it (unless the silent-key-change weak variant is on), and comparing
// safety numbers out of band either verifies the contact or blocks it for good.
import { equalIdentityKeys, type IdentityKey } from '../identity/identityKey.ts';
import { ProtocolError } from '../errors.ts';
import { requireBoundIdentity } from '../identity/binding.ts';
import { safetyNumber } from '../fingerprint/safetyNumber.ts';
import type { DeviceId, UserId } from '../ids.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../limits.ts';
import { startOutgoingSession } from '../session/outgoing.ts';
import { ratchetSecrets } from '../ratchet/state.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';
import { SUPERSEDES_LOST } from '../wire/initialMessage.ts';
import { findContact, newContact, withContact } from './contacts.ts';
import type { DeviceContext } from './context.ts';
import type { Contact, DeviceEvent, DeviceState } from './state.ts';

export interface TrustStep {
  readonly device: DeviceState;
  readonly events: readonly DeviceEvent[];
  /** Spent secrets and replaced sessions' secrets, for the state owner to wipe. */
  readonly consumed: readonly Uint8Array[];
}

/** A contact's identity differs from the one we trust: record it and block, or (weak variant) switch silently. */
export function noteIdentity(contact: Contact, seen: IdentityKey, ctx: DeviceContext): { contact: Contact; changed: boolean } {
  if (contact.identity === undefined) return { contact: { ...contact, identity: seen }, changed: false }; // first use
  if (equalIdentityKeys(contact.identity, seen)) return { contact, changed: false };
  if (!ctx.flags.keyChangeWarning) {
    // WEAK VARIANT silent-key-change: the new key replaces the old one with no event and no block.
    return { contact: { ...contact, identity: seen, verified: false }, changed: false };
  }
  return { contact: { ...contact, pendingIdentity: seen }, changed: true };
}

/**
 * Start a session to `bundle.deviceId` from a bundle the server handed out. A bundle whose identity
 * differs from the trusted one creates no session: the device records the change, raises a
 * key-change event and blocks sending until acknowledgeKeyChange (SEC-MITM).
 */
export function openSession(device: DeviceState, peerUser: UserId, bundle: PreKeyBundle, ctx: DeviceContext): TrustStep {
  const before = findContact(device, bundle.deviceId) ?? newContact(bundle.deviceId, peerUser);
  if (before.verificationFailed) throw new ProtocolError('UNTRUSTED_IDENTITY', `${bundle.deviceId}: safety number comparison failed`);
  // A forged mix of identity halves is refused before it can raise a key-change event.
  requireBoundIdentity(ctx.provider, bundle.identityKey, ctx.flags.identityBinding, `bundle of ${bundle.deviceId}`);
  const { contact, changed } = noteIdentity(before, bundle.identityKey, ctx);
  if (changed) {
    const blocked = { ...contact, pendingBundle: bundle };
    return { device: withContact(device, blocked), events: [{ kind: 'key-change', peer: bundle.deviceId, atMs: ctx.nowMs }], consumed: [] };
  }
  const ids = { initiatorUser: device.userId, initiatorDevice: device.deviceId, responderUser: peerUser, responderDevice: bundle.deviceId };
  // Without the PQ requirement (weak variant pq-optional) a bundle stripped of its KEM prekey is taken as an X3DH one.
  const mode = device.config.mode === 'pqxdh' && bundle.kemPreKey === undefined && !ctx.flags.pqRequired ? 'x3dh' : device.config.mode;
  // What we held with the peer (InitialMessage.supersedes): our newest session, or — a trusted identity with no session left — that we lost what we had.
  const supersedes = contact.sessions[0]?.baseKey ?? (contact.identity !== undefined && before.identity !== undefined ? SUPERSEDES_LOST : undefined);
  const { session, consumed } = startOutgoingSession(device.identity, bundle, mode, ctx, ids, supersedes);
  const all = [session, ...contact.sessions];
  const dropped = all.slice(MAX_SESSIONS_PER_CONTACT).flatMap((s) => ratchetSecrets(s.ratchet));
  const next = { ...contact, sessions: all.slice(0, MAX_SESSIONS_PER_CONTACT) };
  return { device: withContact(device, next), events: [], consumed: [...consumed, ...dropped] };
}

/** The user accepts a changed identity. Held messages stay held: releasing them is a separate, explicit act. */
export function acknowledgeKeyChange(device: DeviceState, peer: DeviceId, ctx: DeviceContext): TrustStep {
  const contact = findContact(device, peer);
  if (contact?.pendingIdentity === undefined) return { device, events: [], consumed: [] };
  const accepted: Contact = {
    ...contact,
    identity: contact.pendingIdentity,
    verified: false,
    pendingIdentity: undefined,
    pendingBundle: undefined,
    // Sessions with the old identity can't be trusted to carry new messages.
    sessions: [],
  };
  const old = contact.sessions.flatMap((s) => ratchetSecrets(s.ratchet));
  let step: TrustStep = { device: withContact(device, accepted), events: [{ kind: 'key-change-acknowledged', peer, atMs: ctx.nowMs }], consumed: old };
  if (contact.pendingBundle !== undefined) {
    const opened = openSession(step.device, contact.userId, contact.pendingBundle, ctx);
    step = { device: opened.device, events: [...step.events, ...opened.events], consumed: [...step.consumed, ...opened.consumed] };
  }
  return step;
}

/** This device's safety number for a contact, or undefined before any identity is known. */
export function contactSafetyNumber(device: DeviceState, peer: DeviceId, ctx: DeviceContext): string | undefined {
  const contact = findContact(device, peer);
  if (contact?.identity === undefined) return undefined;
  return safetyNumber(ctx.provider, { localId: device.userId, localIdentityKey: device.identity.publicKey }, { remoteId: contact.userId, remoteIdentityKey: contact.identity });
}

/** The user compared safety numbers out of band (`theirs` is what the peer's phone shows). */
export function verifySafetyNumber(device: DeviceState, peer: DeviceId, theirs: string, ctx: DeviceContext): TrustStep {
  const contact = findContact(device, peer);
  const ours = contactSafetyNumber(device, peer, ctx);
  if (contact === undefined || ours === undefined) throw new ProtocolError('NO_SESSION', `${peer}: no identity to verify yet`);
  const match = ours === theirs && contact.pendingIdentity === undefined;
  const next: Contact = match ? { ...contact, verified: true } : { ...contact, verified: false, verificationFailed: true };
  const event: DeviceEvent = { kind: match ? 'verified' : 'verification-failed', peer, atMs: ctx.nowMs };
  return { device: withContact(device, next), events: [event], consumed: [] };
}
