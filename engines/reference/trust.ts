// Trust in a peer's identity and the safety number over it (SEC-MITM). Trust on first use; a changed
// identity is trusted only once the user acknowledges it, and then the sessions with the old one are
// dropped, as the reference's acknowledgeKeyChange does. The 60-digit number is protocol/fingerprint's.
import { equalBytes } from '../../protocol/bytes.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { UsageError } from '../../protocol/errors.ts';
import { safetyNumber } from '../../protocol/fingerprint/safetyNumber.ts';
import { IDENTITY_KEY_BYTES, decodeIdentityKey, type IdentityKey } from '../../protocol/identity/identityKey.ts';
import { MAX_SESSIONS_PER_CONTACT } from '../../protocol/limits.ts';
import type { PeerAddress } from '../contract.ts';
import { findPeer, keepSessions, withPeer, type DeviceRecord, type Step } from './state.ts';

/** A caller's identity key in this engine's encoding (identityKey(): dh || sign, 64 bytes). */
function identityArgument(key: Uint8Array, what: string): IdentityKey {
  if (!(key instanceof Uint8Array) || key.length !== IDENTITY_KEY_BYTES) throw new UsageError(`${what}: expected the ${IDENTITY_KEY_BYTES}-byte identity key this engine encodes`);
  return decodeIdentityKey(key);
}

/** The user acknowledged `key` for `peer`: it is trusted from now on, and sessions with any other identity leave. */
export function trustStep(record: DeviceRecord, peer: PeerAddress, key: Uint8Array): Step {
  identityArgument(key, 'trustIdentity key');
  const known = findPeer(record, peer);
  if (known !== undefined && equalBytes(known.identity, key)) return { record, consumed: [], value: undefined };
  const kept = keepSessions(known?.sessions ?? [], key, MAX_SESSIONS_PER_CONTACT);
  return { record: withPeer(record, { address: peer, identity: key.slice(), sessions: kept.sessions }), consumed: kept.dropped, value: undefined };
}

/** The number both users compare: over this device's identity and `peerIdentityKey`, with the user names as stable ids. */
export function safetyNumberOf(provider: CryptoProvider, record: DeviceRecord, peer: PeerAddress, peerIdentityKey: Uint8Array): string {
  const remote = identityArgument(peerIdentityKey, 'safetyNumber key');
  return safetyNumber(provider, { localId: record.address.user, localIdentityKey: record.identity.publicKey }, { remoteId: peer.user, remoteIdentityKey: remote });
}
