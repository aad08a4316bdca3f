// Starting a session from what the directory served (X3DH/PQXDH §3.3): the bundle is decoded and
// verified before anything else (identity binding, prekey and KEM prekey signatures), checked against
// the identity trusted for the peer (trust on first use), then the protocol's startOutgoingSession runs
// PQXDH with both ends' user and device ids bound into the AD and starts the Double Ratchet.
import { equalBytes } from '../../protocol/bytes.ts';
import { verifyPreKeyBundle } from '../../protocol/handshake/bundleCheck.ts';
import { encodeIdentityKey } from '../../protocol/identity/identityKey.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../../protocol/limits.ts';
import type { RatchetContext } from '../../protocol/ratchet/context.ts';
import { startOutgoingSession } from '../../protocol/session/outgoing.ts';
import type { PeerAddress, RefusalCode, ServedBundle } from '../contract.ts';
import { sessionIds } from './addresses.ts';
import { servedBundle } from './bundleCodec.ts';
import { attempt, bundleRefusal } from './refusals.ts';
import { findPeer, keepSessions, withPeer, type DeviceRecord, type Step } from './state.ts';

export type StartOutcome = ({ readonly ok: true } & Step) | { readonly ok: false; readonly code: RefusalCode; readonly identityKey?: Uint8Array };

export function startSessionStep(record: DeviceRecord, peer: PeerAddress, served: ServedBundle, ctx: RatchetContext): StartOutcome {
  const checked = attempt(() => {
    const bundle = servedBundle(peer, served);
    verifyPreKeyBundle(ctx.provider, bundle, ctx.flags);
    return bundle;
  });
  if (!checked.ok) return { ok: false, code: bundleRefusal(checked.code) };
  const bundle = checked.value;
  const seen = encodeIdentityKey(bundle.identityKey);
  const known = findPeer(record, peer);
  if (known !== undefined && !equalBytes(known.identity, seen)) return { ok: false, code: 'UNTRUSTED_IDENTITY', identityKey: seen };
  const started = attempt(() => startOutgoingSession(record.identity, bundle, 'pqxdh', ctx, sessionIds(record.address, peer)));
  if (!started.ok) return { ok: false, code: bundleRefusal(started.code) };
  const { session, consumed } = started.value;
  const kept = keepSessions([session, ...(known?.sessions ?? [])], seen, MAX_SESSIONS_PER_CONTACT);
  return { ok: true, record: withPeer(record, { address: peer, identity: seen, sessions: kept.sessions }), consumed: [...consumed, ...kept.dropped], value: undefined };
}
