// Receiving one message (protocol/session/receive.ts, libsignal's session-record rule): decode strictly,
// check a setup's identity (its binding, then trust: the reference's stricter policy accepts a new
// identity only when none is trusted yet), decrypt across the peer's sessions with both ends' ids bound
// into a new session's AD, unpad. Clone, then commit: a refusal returns no state at all.
import { equalBytes } from '../../protocol/bytes.ts';
import { unpad } from '../../protocol/content/padding.ts';
import { assert } from '../../protocol/errors.ts';
import { isIdentityBound } from '../../protocol/identity/binding.ts';
import { encodeIdentityKey, type IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { RatchetContext } from '../../protocol/ratchet/context.ts';
import { receivePairwise } from '../../protocol/session/receive.ts';
import { decodePairwiseMessage, type PairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { EngineCiphertext, PeerAddress, RefusalCode } from '../contract.ts';
import { sessionIds } from './addresses.ts';
import { attempt, messageRefusal } from './refusals.ts';
import { boundSkippedKeys } from './skippedKeys.ts';
import { findPeer, sessionIdentity, withPeer, type DeviceRecord, type PeerRecord, type Step } from './state.ts';

export type ReceiveOutcome = ({ readonly ok: true } & Step<Uint8Array>) | { readonly ok: false; readonly code: RefusalCode };

const refuse = (code: RefusalCode): ReceiveOutcome => ({ ok: false, code });

/** The wire message, if it decodes and is of the kind the envelope says. */
function decode(ciphertext: EngineCiphertext): PairwiseMessage | undefined {
  const d = attempt(() => decodePairwiseMessage(ciphertext.bytes));
  if (!d.ok || (d.value.kind === 'prekey') !== (ciphertext.kind === 'setup')) return undefined;
  return d.value;
}

/** A session of this peer already holds `seen` with these binding bytes, checked when it was set up: no second verification. */
function bindingKnown(known: PeerRecord | undefined, seen: IdentityKey): boolean {
  return (known?.sessions ?? []).some(
    (s) => s.theirIdentity.binding !== undefined && seen.binding !== undefined && equalBytes(sessionIdentity(s), encodeIdentityKey(seen)) && equalBytes(s.theirIdentity.binding, seen.binding),
  );
}

/** Why a setup's identity is refused before any DH, if it is: halves not bound (SEC-MITM), or not the trusted one. */
function setupIdentityRefusal(known: PeerRecord | undefined, message: PairwiseMessage, ctx: RatchetContext): RefusalCode | undefined {
  if (message.kind !== 'prekey') return undefined;
  const seen = message.initial.initiatorIdentity;
  if (ctx.flags.identityBinding && !bindingKnown(known, seen) && !isIdentityBound(ctx.provider, seen)) return 'INVALID_MESSAGE';
  if (known !== undefined && !equalBytes(known.identity, encodeIdentityKey(seen))) return 'UNTRUSTED_IDENTITY';
  return undefined;
}

export function receiveStep(record: DeviceRecord, peer: PeerAddress, ciphertext: EngineCiphertext, ctx: RatchetContext): ReceiveOutcome {
  const message = decode(ciphertext);
  if (message === undefined) return refuse('INVALID_MESSAGE');
  const known = findPeer(record, peer);
  const identityRefusal = setupIdentityRefusal(known, message, ctx);
  if (identityRefusal !== undefined) return refuse(identityRefusal);
  const r = receivePairwise({
    sessions: known?.sessions ?? [],
    ourIdentity: record.identity,
    preKeys: record.preKeys,
    message,
    requirePq: ctx.flags.pqRequired,
    ctx,
    ids: sessionIds(peer, record.address),
  });
  if (!r.ok) return refuse(messageRefusal(r.error.code));
  const plaintext = attempt(() => unpad(r.payload));
  if (!plaintext.ok) return refuse('INVALID_MESSAGE');
  const identity = known?.identity ?? sessionIdentity(r.session);
  // Every session of a peer is with its trusted identity: the checks above make it so.
  assert(equalBytes(sessionIdentity(r.session), identity), 'a session of a peer is with its trusted identity');
  const next = withPeer({ ...record, preKeys: r.preKeys }, { address: peer, identity, sessions: r.sessions });
  const bounded = boundSkippedKeys(next, ctx.nowMs);
  return { ok: true, record: bounded.record, consumed: [...r.consumed, ...bounded.dropped], value: plaintext.value };
}
