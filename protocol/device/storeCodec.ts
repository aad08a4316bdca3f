// The device store's plaintext format: the whole DeviceState, exactly as the phone writes it (before
// at-rest encryption in store.ts). A phone seizure reads these bytes, so anything the protocol
// erased must be absent here — tests scan them for plaintexts and keys. Strict both ways: a store
// that decodes encodes back to the same bytes, and one that could not be saved again (a time above
// 2^53 - 1, a prekey id counter past the u32 id space, more than MAX_STORE_SKIPPED_KEYS) is refused.
import { contentCodec, type Content, type Evaporation, type TextContent } from '../content/content.ts';
import { ProtocolError, UsageError } from '../errors.ts';
import { identityKeyCodec } from '../identity/identityKey.ts';
import type { IdentityKeyPair } from '../identity/keyPair.ts';
import {
  MAX_CONTACTS,
  MAX_DEVICE_GROUPS,
  MAX_DEVICE_STORE_BYTES,
  MAX_HELD_MESSAGES,
  MAX_INBOX_MESSAGES,
  MAX_PLAINTEXT_BYTES,
  MAX_SESSIONS_PER_CONTACT,
  MAX_STORE_SKIPPED_KEYS,
  MAX_TOMBSTONES,
} from '../limits.ts';
import { MAX_PREKEY_ID } from '../prekeys/preKeyId.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import { preKeyStoreCodec } from '../prekeys/preKeyStoreCodec.ts';
import { sessionCodec } from '../session/session.ts';
import { bool, fixedBytes, listOf, optional, safeUint, struct, u32, u8, varBytes, versioned, type Codec } from '../wire/codec.ts';
import { decodeGroupState, encodeGroupState, type GroupState } from '../wire/groupState.ts';
import { preKeyBundleCodec } from '../wire/preKeyBundle.ts';
import type { Contact, DeviceConfig, DeviceState, InboxEntry, SentEntry, Tombstone } from './state.ts';
import { deviceIdCodec, messageIdCodec, roomIdCodec, userIdCodec } from '../wire/idCodecs.ts';

/** 2: adds `groups`. 3: Session.fromStartOver. */
const DEVICE_STORE_VERSION = 3;

const ms = safeUint('ms');
const deviceIdC = deviceIdCodec();
const userIdC = userIdCodec();
const roomIdC = roomIdCodec();
const messageIdC = messageIdCodec();
const body = varBytes('body', MAX_PLAINTEXT_BYTES);

const evaporation: Codec<Evaporation> = {
  name: 'Evaporation',
  encode: (v, w) => u32.encode(v.mode === 'view-once' ? 0 : v.ms + 1, w),
  decode: (r) => {
    const x = u32.decode(r);
    return x === 0 ? { mode: 'view-once' } : { mode: 'timer', ms: x - 1 };
  },
};

const textContent: Codec<TextContent> = {
  name: 'HeldText',
  encode: (v, w) => contentCodec.encode(v, w),
  decode: (r) => {
    const c: Content = contentCodec.decode(r);
    if (c.kind !== 'text') throw new ProtocolError('WIRE_BAD_VALUE', 'HeldText: not a text content');
    return c;
  },
};

const identityPair = struct<IdentityKeyPair>('IdentityKeyPair', {
  publicKey: identityKeyCodec,
  dhSecretKey: fixedBytes('IdentityKeyPair.dhSecretKey', 32),
  signSeed: fixedBytes('IdentityKeyPair.signSeed', 32),
});

/**
 * The prekey store's own codec reads its times and its id counter as plain u64 numbers, so a value
 * above 2^53 - 1 would come back rounded and save as other bytes. Such a value (not a safe integer
 * once read), or an id counter past the u32 id space (it could never allocate again), is refused.
 */
const preKeys: Codec<PreKeyStore> = {
  name: preKeyStoreCodec.name,
  encode: (v, w) => preKeyStoreCodec.encode(v, w),
  decode(r) {
    const s = preKeyStoreCodec.decode(r);
    const times = [s.signedPreKey.createdAtMs, s.kemLastResortPreKey.createdAtMs, ...s.kemOneTimePreKeys.map((k) => k.createdAtMs)];
    if (s.previous !== undefined) times.push(s.previous.signedPreKey.createdAtMs, s.previous.kemLastResortPreKey.createdAtMs, s.previous.retiredAtMs);
    if (!times.every((t) => Number.isSafeInteger(t))) throw new ProtocolError('WIRE_BAD_VALUE', 'PreKeyStore: a time above 2^53 - 1');
    if (!Number.isSafeInteger(s.nextPreKeyId) || s.nextPreKeyId > MAX_PREKEY_ID + 1) throw new ProtocolError('WIRE_BAD_VALUE', `PreKeyStore: next prekey id ${s.nextPreKeyId} past the u32 id space`);
    return s;
  },
};

const config: Codec<DeviceConfig> = {
  name: 'DeviceConfig',
  encode: (v, w) => u8.encode((v.mode === 'pqxdh' ? 1 : 0) | (v.requirePq ? 2 : 0), w),
  decode: (r) => {
    const b = u8.decode(r);
    if (b > 3) throw new ProtocolError('WIRE_BAD_VALUE', `DeviceConfig: byte ${b}`);
    return { mode: b & 1 ? 'pqxdh' : 'x3dh', requirePq: (b & 2) !== 0 };
  },
};

const contact = struct<Contact>('Contact', {
  deviceId: deviceIdC,
  userId: userIdC,
  identity: optional(identityKeyCodec),
  verified: bool('Contact.verified'),
  verificationFailed: bool('Contact.verificationFailed'),
  pendingIdentity: optional(identityKeyCodec),
  pendingBundle: optional(preKeyBundleCodec),
  sessions: listOf(sessionCodec, MAX_SESSIONS_PER_CONTACT),
  held: listOf(textContent, MAX_HELD_MESSAGES),
});

/** One inbox message (also a row of its own in sim/storage's per-record phone store). */
export const inboxEntryCodec = struct<InboxEntry>('InboxEntry', {
  messageId: messageIdC,
  from: deviceIdC,
  roomId: roomIdC,
  receivedAtMs: ms,
  evaporation,
  body,
  viewedAtMs: optional(ms),
  expiresAtMs: optional(ms),
});

/** The sender's copy of a timed message. */
export const sentEntryCodec = struct<SentEntry>('SentEntry', { messageId: messageIdC, to: deviceIdC, roomId: roomIdC, body, expiresAtMs: ms });

const tombstone: Codec<Tombstone> = struct<Tombstone>('Tombstone', {
  messageId: messageIdC,
  peer: deviceIdC,
  status: {
    name: 'Tombstone.status',
    encode: (v, w) => u8.encode(v === 'viewed' ? 0 : 1, w),
    decode: (r) => {
      const b = u8.decode(r);
      if (b > 1) throw new ProtocolError('WIRE_BAD_VALUE', `Tombstone.status: byte ${b}`);
      return b === 0 ? 'viewed' : 'expired';
    },
  },
  atMs: ms,
});

/** A group room's state, nested as its own strict versioned encoding (protocol/wire/groupState.ts). */
const groupStateBytes = varBytes('GroupState', MAX_DEVICE_STORE_BYTES);
const groupState: Codec<GroupState> = {
  name: 'GroupState',
  encode: (v, w) => groupStateBytes.encode(encodeGroupState(v), w),
  decode: (r) => decodeGroupState(groupStateBytes.decode(r)),
};

/** Canonical store: rooms sorted by id, one state per room. */
const groupStates = listOf(groupState, MAX_DEVICE_GROUPS);
const groupList: Codec<readonly GroupState[]> = {
  name: groupStates.name,
  encode: (v, w) => groupStates.encode(v, w),
  decode: (r) => {
    const groups = groupStates.decode(r);
    for (let i = 1; i < groups.length; i++) {
      if (!((groups[i - 1] as GroupState).roomId < (groups[i] as GroupState).roomId)) throw new ProtocolError('WIRE_BAD_VALUE', 'groups: not sorted by room id');
    }
    return groups;
  },
};

/** Skipped message keys a device holds: every session's (protocol/ratchet) and every room's (protocol/group). */
export function storeSkippedKeyCount(device: DeviceState): number {
  let n = 0;
  for (const c of device.contacts) for (const s of c.sessions) n += s.ratchet.skipped.length;
  for (const g of device.groups) for (const m of g.receiving) for (const chain of m.chains) n += chain.skipped.length;
  return n;
}

const deviceStateFields = versioned(
  DEVICE_STORE_VERSION,
  struct<DeviceState>('DeviceState', {
    deviceId: deviceIdC,
    userId: userIdC,
    config,
    identity: identityPair,
    preKeys,
    contacts: listOf(contact, MAX_CONTACTS),
    inbox: listOf(inboxEntryCodec, MAX_INBOX_MESSAGES),
    sent: listOf(sentEntryCodec, MAX_INBOX_MESSAGES),
    tombstones: listOf(tombstone, MAX_TOMBSTONES),
    groups: groupList,
  }),
);

/** Refuses a store over MAX_STORE_SKIPPED_KEYS both ways: store.ts serializeDevice drops the oldest first. */
export const deviceStateCodec: Codec<DeviceState> = {
  name: deviceStateFields.name,
  encode(v, w) {
    const n = storeSkippedKeyCount(v);
    if (n > MAX_STORE_SKIPPED_KEYS) throw new UsageError(`DeviceState: ${n} skipped keys exceed MAX_STORE_SKIPPED_KEYS (bound them first)`);
    deviceStateFields.encode(v, w);
  },
  decode(r) {
    const v = deviceStateFields.decode(r);
    const n = storeSkippedKeyCount(v);
    if (n > MAX_STORE_SKIPPED_KEYS) throw new ProtocolError('WIRE_LENGTH_OVER_LIMIT', `DeviceState: ${n} skipped keys exceed MAX_STORE_SKIPPED_KEYS`);
    return v;
  },
};
