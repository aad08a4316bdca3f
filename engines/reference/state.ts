// A reference device's whole stored state as plain readonly data: its address, identity key pair,
// private prekey store, and per peer device the identity it trusts and the sessions it keeps
// (newest first, as protocol/session keeps them). stateCodec.ts writes exactly this as exportState.
import { equalBytes } from '../../protocol/bytes.ts';
import { encodeIdentityKey } from '../../protocol/identity/identityKey.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import type { PreKeyStore } from '../../protocol/prekeys/preKeyStore.ts';
import { ratchetSecrets } from '../../protocol/ratchet/state.ts';
import type { Session } from '../../protocol/session/session.ts';
import type { PeerAddress } from '../contract.ts';
import { compareAddresses, sameAddress } from './addresses.ts';

export interface PeerRecord {
  readonly address: PeerAddress;
  /** The peer's identity this device trusts (dh || sign, 64 bytes): first seen, or acknowledged after a change. */
  readonly identity: Uint8Array;
  /** At most MAX_SESSIONS_PER_CONTACT, every one with `identity`; the first is the one sent on. */
  readonly sessions: readonly Session[];
}

export interface DeviceRecord {
  readonly address: PeerAddress;
  readonly identity: IdentityKeyPair;
  readonly preKeys: PreKeyStore;
  /** Sorted by address (compareAddresses), one record per peer device, so the encoding is canonical. */
  readonly peers: readonly PeerRecord[];
}

/** What a step hands back on success: the new state, and spent secrets for the owner to wipe once adopted. */
export interface Step<T = undefined> {
  readonly record: DeviceRecord;
  readonly consumed: readonly Uint8Array[];
  readonly value: T;
}

export function findPeer(record: DeviceRecord, peer: PeerAddress): PeerRecord | undefined {
  return record.peers.find((p) => sameAddress(p.address, peer));
}

/** `record` with `peer` added or replaced, the list kept sorted. */
export function withPeer(record: DeviceRecord, peer: PeerRecord): DeviceRecord {
  const others = record.peers.filter((p) => !sameAddress(p.address, peer.address));
  return { ...record, peers: [...others, peer].sort((a, b) => compareAddresses(a.address, b.address)) };
}

/** The 64-byte encoding a session's peer identity is trusted and compared by. */
export function sessionIdentity(session: Session): Uint8Array {
  return encodeIdentityKey(session.theirIdentity);
}

/** Sessions past `keep`, or not with `identity`, leave; their ratchet secrets are returned for wiping. */
export function keepSessions(sessions: readonly Session[], identity: Uint8Array, keep: number): { readonly sessions: readonly Session[]; readonly dropped: readonly Uint8Array[] } {
  const trusted = sessions.filter((s) => equalBytes(sessionIdentity(s), identity));
  const kept = trusted.slice(0, keep);
  const dropped = sessions.filter((s) => !kept.includes(s)).flatMap((s) => ratchetSecrets(s.ratchet));
  return { sessions: kept, dropped };
}
