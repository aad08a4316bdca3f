// Encrypting on the peer's active session (protocol/session/encrypt.ts): the plaintext padded to its
// bucket (protocol/content/padding.ts), sent as a setup while the peer has not answered (the setup
// header rides on every first-flight message, X3DH §3.3) and as a plain ratchet message afterwards.
import { pad } from '../../protocol/content/padding.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { RatchetContext } from '../../protocol/ratchet/context.ts';
import { sessionEncrypt } from '../../protocol/session/encrypt.ts';
import { encodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { EngineCiphertext, PeerAddress } from '../contract.ts';
import { boundSkippedKeys } from './skippedKeys.ts';
import { findPeer, withPeer, type DeviceRecord, type Step } from './state.ts';

/** NO_SESSION (a ProtocolError: the caller starts a session first) when there is none with `peer`. */
export function encryptStep(record: DeviceRecord, peer: PeerAddress, plaintext: Uint8Array, ctx: RatchetContext): Step<EngineCiphertext> {
  const known = findPeer(record, peer);
  const active = known?.sessions[0];
  if (known === undefined || active === undefined) throw new ProtocolError('NO_SESSION', `no session with ${peer.user}.${peer.device}`);
  const { session, message } = sessionEncrypt(active, pad(plaintext), ctx);
  const next = withPeer(record, { ...known, sessions: [session, ...known.sessions.slice(1)] });
  const bounded = boundSkippedKeys(next, ctx.nowMs);
  return { record: bounded.record, consumed: bounded.dropped, value: { kind: message.kind === 'prekey' ? 'setup' : 'message', bytes: encodePairwiseMessage(message) } };
}
