// The device store as a property (docs/conventions.md: strict decoding, one encoding per value):
// decode(encode(x)) = x for generated stores, and a mutated store either decodes to a value that
// serializes back to exactly its bytes or is refused STORE_CORRUPT; the same for the inbox and sent
// rows the per-record phone store writes (sim/storage). Plus the values that used to load but could
// not be saved again: a time above 2^53 - 1, a prekey id counter past the u32 id space.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { MLKEM768_PUBLIC_BYTES, MLKEM768_SECRET_BYTES } from '../crypto/provider.ts';
import { isProtocolError } from '../errors.ts';
import { userId } from '../ids.ts';
import { MAX_PREKEY_ID } from '../prekeys/preKeyId.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import { ByteWriter, decodeMessage, type Codec } from '../wire/codec.ts';
import {
  bytesOf,
  checkRoundTrip,
  deviceIdArb,
  evaporationArb,
  groupStateArb,
  identityKeyArb,
  messageIdArb,
  msArb,
  mutationsArb,
  opt,
  preKeyBundleArb,
  preKeyIdArb,
  roomIdArb,
  sessionArb,
  textContentArb,
  type Format,
} from '../../test/kits/wireArbitraries.ts';
import type { DeviceState, InboxEntry, SentEntry } from './state.ts';
import { deserializeDevice, serializeDevice } from './store.ts';
import { inboxEntryCodec, sentEntryCodec } from './storeCodec.ts';

const signedRecord = fc.record({ id: preKeyIdArb, keyPair: fc.record({ publicKey: bytesOf(32), secretKey: bytesOf(32) }), signature: bytesOf(64), createdAtMs: msArb });
const kemRecord = fc.record({
  id: preKeyIdArb,
  keyPair: fc.record({ publicKey: bytesOf(MLKEM768_PUBLIC_BYTES), secretKey: bytesOf(MLKEM768_SECRET_BYTES) }),
  signature: bytesOf(64),
  lastResort: fc.boolean(),
  createdAtMs: msArb,
});

const preKeyStoreArb: fc.Arbitrary<PreKeyStore> = fc.record({
  signedPreKey: signedRecord,
  kemLastResortPreKey: kemRecord,
  previous: opt(fc.record({ signedPreKey: signedRecord, kemLastResortPreKey: kemRecord, retiredAtMs: msArb })),
  oneTimePreKeys: fc.array(fc.record({ id: preKeyIdArb, keyPair: fc.record({ publicKey: bytesOf(32), secretKey: bytesOf(32) }) }), { maxLength: 2 }),
  kemOneTimePreKeys: fc.array(kemRecord, { maxLength: 1 }),
  consumedPreKeyIds: fc.array(preKeyIdArb, { maxLength: 3 }),
  nextPreKeyId: fc.oneof(fc.integer({ min: 1, max: MAX_PREKEY_ID + 1 }), fc.constant(MAX_PREKEY_ID + 1)),
  usedSetups: fc.array(fc.record({ signedPreKeyId: preKeyIdArb, kemPreKeyId: opt(preKeyIdArb), setupKey: bytesOf(32) }), { maxLength: 2 }),
});

const inboxArb: fc.Arbitrary<InboxEntry> = fc.record({
  messageId: messageIdArb,
  from: deviceIdArb,
  roomId: roomIdArb,
  receivedAtMs: msArb,
  evaporation: evaporationArb,
  body: fc.uint8Array({ maxLength: 32 }),
  viewedAtMs: opt(msArb),
  expiresAtMs: opt(msArb),
});

const sentArb: fc.Arbitrary<SentEntry> = fc.record({ messageId: messageIdArb, to: deviceIdArb, roomId: roomIdArb, body: fc.uint8Array({ maxLength: 32 }), expiresAtMs: msArb });

const deviceArb: fc.Arbitrary<DeviceState> = fc.record({
  deviceId: deviceIdArb,
  userId: fc.string({ unit: 'binary', maxLength: 12 }).map(userId),
  config: fc.record({ mode: fc.constantFrom('x3dh' as const, 'pqxdh' as const), requirePq: fc.boolean() }),
  identity: fc.record({ publicKey: identityKeyArb, dhSecretKey: bytesOf(32), signSeed: bytesOf(32) }),
  preKeys: preKeyStoreArb,
  contacts: fc.array(
    fc.record({
      deviceId: deviceIdArb,
      userId: fc.string({ unit: 'binary', maxLength: 12 }).map(userId),
      identity: opt(identityKeyArb),
      verified: fc.boolean(),
      verificationFailed: fc.boolean(),
      pendingIdentity: opt(identityKeyArb),
      pendingBundle: opt(preKeyBundleArb),
      sessions: fc.array(sessionArb, { maxLength: 2 }),
      held: fc.array(textContentArb, { maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
  inbox: fc.array(inboxArb, { maxLength: 2 }),
  sent: fc.array(sentArb, { maxLength: 2 }),
  tombstones: fc.array(fc.record({ messageId: messageIdArb, peer: deviceIdArb, status: fc.constantFrom('viewed' as const, 'expired' as const), atMs: msArb }), { maxLength: 2 }),
  groups: fc.uniqueArray(groupStateArb, { maxLength: 2, selector: (g) => g.roomId }).map((gs) => [...gs].sort((a, b) => (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0))),
});

const store: Format<DeviceState> = { encode: serializeDevice, decode: deserializeDevice };

/** A row codec as a whole-message format (sim/storage frames each row with a version byte of its own). */
function rowFormat<T>(codec: Codec<T>): Format<T> {
  return {
    encode(v) {
      const w = new ByteWriter();
      codec.encode(v, w);
      return w.finish();
    },
    decode: (b) => decodeMessage(codec, b, 1 << 20),
  };
}

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
};

describe('the device store round-trips and decodes canonically', () => {
  test.prop([deviceArb, mutationsArb], { numRuns: 15 })('device store: deserialize(serialize(x)) = x; a mutated store is canonical or STORE_CORRUPT', (device, mutations) => {
    checkRoundTrip(store, device, mutations, 'STORE_CORRUPT');
  });

  test.prop([inboxArb, mutationsArb], { numRuns: 40 })('inbox row: decode(encode(x)) = x; a mutated row is canonical or a ProtocolError', (entry, mutations) => {
    checkRoundTrip(rowFormat(inboxEntryCodec), entry, mutations);
  });

  test.prop([sentArb, mutationsArb], { numRuns: 40 })('sent row: decode(encode(x)) = x; a mutated row is canonical or a ProtocolError', (entry, mutations) => {
    checkRoundTrip(rowFormat(sentEntryCodec), entry, mutations);
  });
});

describe('a store that loads can be saved again', () => {
  const sample = fc.sample(deviceArb, { numRuns: 1, seed: 7 })[0] as DeviceState;
  const device: DeviceState = { ...sample, contacts: [], groups: [], inbox: [], sent: [], tombstones: [], preKeys: { ...sample.preKeys, previous: undefined } };

  /** The serialized `d` with the u64 field holding `marker` (a value found nowhere else) overwritten with `raw`. */
  function withU64(d: DeviceState, marker: number, raw: bigint): Uint8Array {
    const bytes = serializeDevice(d);
    const needle = new Uint8Array(8);
    new DataView(needle.buffer).setBigUint64(0, BigInt(marker));
    const at = bytes.findIndex((_, i) => needle.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThanOrEqual(0);
    new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, raw);
    return bytes;
  }

  test('a prekey time of 2^64 - 1 or 2^53 is refused STORE_CORRUPT, not loaded rounded (it could not be saved again)', () => {
    const marker = 0x0123_4567_89ab;
    const marked = { ...device, preKeys: { ...device.preKeys, signedPreKey: { ...device.preKeys.signedPreKey, createdAtMs: marker } } };
    expect(codeOf(() => deserializeDevice(withU64(marked, marker, 0xffff_ffff_ffff_ffffn)))).toBe('STORE_CORRUPT');
    expect(codeOf(() => deserializeDevice(withU64(marked, marker, 2n ** 53n)))).toBe('STORE_CORRUPT');
    const largest = deserializeDevice(withU64(marked, marker, 2n ** 53n - 1n));
    expect(largest.preKeys.signedPreKey.createdAtMs).toBe(Number.MAX_SAFE_INTEGER);
    expect(codeOf(() => serializeDevice(largest))).toBe('accepted');
  });

  test('an inbox time or a session time of 2^64 - 1 is refused STORE_CORRUPT', () => {
    const marker = 0x0abc_def0_1234;
    const entry: InboxEntry = { ...fc.sample(inboxArb, { numRuns: 1, seed: 3 })[0]!, receivedAtMs: marker };
    expect(codeOf(() => deserializeDevice(withU64({ ...device, inbox: [entry] }, marker, 0xffff_ffff_ffff_ffffn)))).toBe('STORE_CORRUPT');
    const session = { ...fc.sample(sessionArb, { numRuns: 1, seed: 5 })[0]!, createdAtMs: marker };
    const contact = {
      deviceId: device.deviceId,
      userId: device.userId,
      identity: undefined,
      verified: false,
      verificationFailed: false,
      pendingIdentity: undefined,
      pendingBundle: undefined,
      sessions: [session],
      held: [],
    };
    expect(codeOf(() => deserializeDevice(withU64({ ...device, contacts: [contact] }, marker, 0xffff_ffff_ffff_ffffn)))).toBe('STORE_CORRUPT');
  });

  test('a prekey id counter past the u32 id space (it could never allocate again) is refused STORE_CORRUPT', () => {
    const at = (next: number) => serializeDevice({ ...device, preKeys: { ...device.preKeys, nextPreKeyId: next } });
    expect(deserializeDevice(at(MAX_PREKEY_ID + 1)).preKeys.nextPreKeyId).toBe(MAX_PREKEY_ID + 1);
    expect(codeOf(() => deserializeDevice(at(MAX_PREKEY_ID + 2)))).toBe('STORE_CORRUPT');
  });
});
