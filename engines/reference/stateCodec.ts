// The exported state's format: a magic label, then one versioned strict encoding (protocol/wire/codec.ts)
// of the DeviceRecord — address, identity key pair, the protocol's own prekey store and session codecs,
// and each peer's trusted identity. Canonical both ways: a state that decodes encodes to the same bytes.
import { concatBytes, equalBytes, utf8 } from '../../protocol/bytes.ts';
import { X25519_KEY_BYTES, ED25519_SEED_BYTES } from '../../protocol/crypto/provider.ts';
import { isProtocolError, ProtocolError, UsageError } from '../../protocol/errors.ts';
import { IDENTITY_KEY_BYTES, identityKeyCodec } from '../../protocol/identity/identityKey.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import { MAX_CONTACTS, MAX_DEVICE_ID_BYTES, MAX_DEVICE_STORE_BYTES, MAX_SESSIONS_PER_CONTACT } from '../../protocol/limits.ts';
import { MAX_PREKEY_ID } from '../../protocol/prekeys/preKeyId.ts';
import { preKeyStoreCodec } from '../../protocol/prekeys/preKeyStoreCodec.ts';
import { sessionCodec } from '../../protocol/session/session.ts';
import { decodeMessage, encodeMessage, fixedBytes, listOf, struct, u32, utf8String, versioned, type Codec } from '../../protocol/wire/codec.ts';
import type { PeerAddress } from '../contract.ts';
import { compareAddresses } from './addresses.ts';
import type { DeviceRecord, PeerRecord } from './state.ts';

const MAGIC = utf8('sealroom reference device\0');
const STATE_VERSION = 1;

const address = struct<PeerAddress>('Address', { user: utf8String('Address.user', MAX_DEVICE_ID_BYTES), device: u32 });

const identityPair = struct<IdentityKeyPair>('IdentityKeyPair', {
  publicKey: identityKeyCodec,
  dhSecretKey: fixedBytes('IdentityKeyPair.dhSecretKey', X25519_KEY_BYTES),
  signSeed: fixedBytes('IdentityKeyPair.signSeed', ED25519_SEED_BYTES),
});

const peer = struct<PeerRecord>('PeerRecord', {
  address,
  identity: fixedBytes('PeerRecord.identity', IDENTITY_KEY_BYTES),
  sessions: listOf(sessionCodec, MAX_SESSIONS_PER_CONTACT),
});

const recordCodec: Codec<DeviceRecord> = versioned(
  STATE_VERSION,
  struct<DeviceRecord>('ReferenceDeviceState', { address, identity: identityPair, preKeys: preKeyStoreCodec, peers: listOf(peer, MAX_CONTACTS) }),
);

const MAX_STATE_BYTES = MAX_DEVICE_STORE_BYTES;

export function encodeState(record: DeviceRecord): Uint8Array {
  return concatBytes(MAGIC, encodeMessage(recordCodec, record, MAX_STATE_BYTES - MAGIC.length));
}

/** What the codec alone does not hold: non-empty user ids and device numbers from 1, peers sorted and unique, an id counter that can still allocate. */
function checkRecord(r: DeviceRecord): void {
  const valid = (a: PeerAddress) => a.user.length > 0 && a.device >= 1;
  if (!valid(r.address)) throw new ProtocolError('WIRE_BAD_VALUE', 'state: an empty user id or device number 0');
  for (let i = 0; i < r.peers.length; i++) {
    const p = r.peers[i] as PeerRecord;
    if (!valid(p.address)) throw new ProtocolError('WIRE_BAD_VALUE', 'state: a peer with an empty user id or device number 0');
    if (i > 0 && compareAddresses((r.peers[i - 1] as PeerRecord).address, p.address) >= 0) throw new ProtocolError('WIRE_BAD_VALUE', 'state: peers not sorted or repeated');
  }
  if (!Number.isSafeInteger(r.preKeys.nextPreKeyId) || r.preKeys.nextPreKeyId > MAX_PREKEY_ID + 1) throw new ProtocolError('WIRE_BAD_VALUE', 'state: prekey id counter past the u32 id space');
}

/** A ProtocolError STORE_CORRUPT for anything but an exported reference device state; UsageError for a non-byte input. */
export function decodeState(bytes: Uint8Array): DeviceRecord {
  if (!(bytes instanceof Uint8Array)) throw new UsageError('reference device state: expected a Uint8Array');
  if (bytes.length < MAGIC.length || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC)) throw new ProtocolError('STORE_CORRUPT', 'not a reference device state (no magic label)');
  let record: DeviceRecord;
  try {
    record = decodeMessage(recordCodec, bytes.subarray(MAGIC.length), MAX_STATE_BYTES - MAGIC.length);
    checkRecord(record);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_CORRUPT', `reference device state does not decode (${e.message})`);
    throw e;
  }
  // The prekey store reads its times as plain u64 numbers: one above 2^53 - 1 would come back rounded.
  if (!equalBytes(reencode(record), bytes)) throw new ProtocolError('STORE_CORRUPT', 'reference device state is not in canonical form');
  return record;
}

function reencode(record: DeviceRecord): Uint8Array {
  try {
    return encodeState(record);
  } catch (e) {
    if (e instanceof UsageError) throw new ProtocolError('STORE_CORRUPT', `reference device state could not be saved again (${e.message})`);
    throw e;
  }
}
