// Encrypting one padded payload on a session: a ratchet step, wrapped as a setup ("prekey") message
// while the initiator has not yet heard back, as a plain ratchet message afterwards.
import type { RatchetContext } from '../ratchet/context.ts';
import { ratchetEncrypt } from '../ratchet/encrypt.ts';
import type { PairwiseMessage } from '../wire/pairwiseMessage.ts';
import type { Session } from './session.ts';

export interface SessionEncryptResult {
  readonly session: Session;
  readonly message: PairwiseMessage;
}

export function sessionEncrypt(session: Session, paddedPayload: Uint8Array, ctx: RatchetContext): SessionEncryptResult {
  const { state, message } = ratchetEncrypt(session.ratchet, paddedPayload, ctx);
  const next: Session = { ...session, ratchet: state };
  if (session.pendingInitial !== undefined) {
    return { session: next, message: { kind: 'prekey', initial: session.pendingInitial, message } };
  }
  return { session: next, message: { kind: 'ratchet', message } };
}
