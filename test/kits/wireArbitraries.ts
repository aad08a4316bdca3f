// Test support for the round-trip properties of every wire and stored format (roundTrip.test.ts and
// protocol/device/storeRoundTrip.test.ts): fast-check arbitraries of valid values, byte mutations of
// their encodings, and the check that a decoder either returns a value its encoder writes back byte
// for byte, or refuses with a ProtocolError (docs/conventions.md: one encoding per value).
import { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import { concatBytes, toHex } from '../../protocol/bytes.ts';
import { MLKEM768_CIPHERTEXT_BYTES, MLKEM768_PUBLIC_BYTES } from '../../protocol/crypto/provider.ts';
import { isProtocolError, type ProtocolErrorCode } from '../../protocol/errors.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import { deviceId, messageId, preKeyId, roomId, type DeviceId, type MessageId, type PreKeyId, type RoomId } from '../../protocol/ids.ts';
import { MAX_EVAPORATION_TIMER_MS } from '../../protocol/limits.ts';
import type { Content, Evaporation } from '../../protocol/content/content.ts';
import type { RatchetState } from '../../protocol/ratchet/state.ts';
import type { Session } from '../../protocol/session/session.ts';
import type { GroupMember } from '../../protocol/wire/groupMember.ts';
import type { GroupMessage } from '../../protocol/wire/groupMessage.ts';
import type { GroupPairwisePayload, MembershipOp } from '../../protocol/wire/groupPairwise.ts';
import type { GroupState, MemberChains, ReceivingChain } from '../../protocol/wire/groupState.ts';
import type { InitialMessage } from '../../protocol/wire/initialMessage.ts';
import type { PairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { PreKeyBundle } from '../../protocol/wire/preKeyBundle.ts';
import type { RatchetMessage } from '../../protocol/wire/ratchetMessage.ts';

// ---- the check ----------------------------------------------------------------------------------

export interface Format<T> {
  readonly encode: (value: T) => Uint8Array;
  readonly decode: (bytes: Uint8Array) => T;
}

/** Whatever `format` accepts re-encodes to exactly `bytes`; anything else is a ProtocolError (never another error), of code `code` when given. */
export function expectCanonicalOrRefused<T>(format: Format<T>, bytes: Uint8Array, code?: ProtocolErrorCode): 'accepted' | 'refused' {
  let value: T;
  try {
    value = format.decode(bytes);
  } catch (e) {
    if (!isProtocolError(e)) throw e;
    if (code !== undefined) expect(e.code).toBe(code);
    return 'refused';
  }
  expect(format.encode(value)).toEqual(bytes);
  return 'accepted';
}

/** Edits of an encoding: a bit flip, a cut, inserted or dropped bytes, or a run of 0xff (a u32 or u64 field at its maximum). */
export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'cut'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'drop'; readonly at: number; readonly n: number }
  | { readonly op: 'saturate'; readonly at: number; readonly n: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('saturate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
);

function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  const at = b.length === 0 ? 0 : m.at % (b.length + 1);
  switch (m.op) {
    case 'flip': {
      const out = b.slice();
      if (at < out.length) out[at] = (out[at] as number) ^ (1 << m.bit);
      return out;
    }
    case 'cut':
      return b.slice(0, at);
    case 'insert':
      return concatBytes(b.subarray(0, at), m.bytes, b.subarray(at));
    case 'drop':
      return concatBytes(b.subarray(0, at), b.subarray(at + m.n));
    case 'saturate': {
      const out = b.slice();
      out.fill(0xff, at, Math.min(out.length, at + m.n));
      return out;
    }
  }
}

/** Mutation lists per encoded value: many edits of one encoding keep the number of (costly) values small. */
export const mutationsArb = fc.array(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), { minLength: 8, maxLength: 16 });

/** decode(encode(x)) = x, then every mutated encoding is canonical or refused (with `code` when given). */
export function checkRoundTrip<T>(format: Format<T>, value: T, mutations: readonly (readonly Mutation[])[], code?: ProtocolErrorCode): void {
  const bytes = format.encode(value);
  expect(format.decode(bytes)).toEqual(value);
  for (const edits of mutations) expectCanonicalOrRefused(format, edits.reduce(mutate, bytes), code);
}

// ---- values -------------------------------------------------------------------------------------

export const bytesOf = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
const u32Arb = fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom(0, 1, 0xffff_fffe, 0xffff_ffff));
export const msArb = fc.oneof(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 1_000, Number.MAX_SAFE_INTEGER));

/** Strings of whole code points (never a lone surrogate), at most 12 of them: under every 64-byte id cap. */
const idText = fc.string({ unit: 'binary', maxLength: 12 });
export const deviceIdArb: fc.Arbitrary<DeviceId> = idText.map(deviceId);
export const roomIdArb: fc.Arbitrary<RoomId> = idText.map(roomId);
export const messageIdArb: fc.Arbitrary<MessageId> = idText.map(messageId);
export const preKeyIdArb: fc.Arbitrary<PreKeyId> = u32Arb.map(preKeyId);

/** `undefined` or a value, as the optional codec decodes it. */
export const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });

export const identityKeyArb: fc.Arbitrary<IdentityKey> = fc.record({ dh: bytesOf(32), sign: bytesOf(32), binding: opt(bytesOf(64)) });

export const ratchetMessageArb: fc.Arbitrary<RatchetMessage> = fc.record({
  header: fc.record({ ratchetKey: bytesOf(32), previousCounter: u32Arb, counter: u32Arb }),
  headerTag: bytesOf(16),
  ciphertext: fc.uint8Array({ minLength: 16, maxLength: 96 }),
});

export const initialMessageArb: fc.Arbitrary<InitialMessage> = fc.record({
  initiatorIdentity: identityKeyArb,
  ephemeralPublic: bytesOf(32),
  signedPreKeyId: preKeyIdArb,
  oneTimePreKeyId: opt(preKeyIdArb),
  kem: opt(fc.record({ preKeyId: preKeyIdArb, ciphertext: bytesOf(MLKEM768_CIPHERTEXT_BYTES) })),
  supersedes: opt(bytesOf(32)),
});

export const pairwiseMessageArb: fc.Arbitrary<PairwiseMessage> = fc.oneof(
  fc.record({ kind: fc.constant('prekey' as const), initial: initialMessageArb, message: ratchetMessageArb }),
  fc.record({ kind: fc.constant('ratchet' as const), message: ratchetMessageArb }),
);

export const preKeyBundleArb: fc.Arbitrary<PreKeyBundle> = fc.record({
  deviceId: deviceIdArb,
  identityKey: identityKeyArb,
  signedPreKey: fc.record({ id: preKeyIdArb, publicKey: bytesOf(32), signature: bytesOf(64) }),
  oneTimePreKey: opt(fc.record({ id: preKeyIdArb, publicKey: bytesOf(32) })),
  kemPreKey: opt(fc.record({ id: preKeyIdArb, publicKey: bytesOf(MLKEM768_PUBLIC_BYTES), signature: bytesOf(64), lastResort: fc.boolean() })),
});

export const evaporationArb: fc.Arbitrary<Evaporation> = fc.oneof(
  fc.constant({ mode: 'view-once' as const }),
  fc.record({ mode: fc.constant('timer' as const), ms: fc.oneof(fc.integer({ min: 0, max: MAX_EVAPORATION_TIMER_MS }), fc.constant(MAX_EVAPORATION_TIMER_MS)) }),
);

export const textContentArb = fc.record({
  kind: fc.constant('text' as const),
  messageId: messageIdArb,
  roomId: roomIdArb,
  sentAtMs: msArb,
  evaporation: evaporationArb,
  body: fc.uint8Array({ maxLength: 64 }),
});

export const contentArb: fc.Arbitrary<Content> = fc.oneof(
  textContentArb,
  fc.record({ kind: fc.constant('group-control' as const), roomId: roomIdArb, payload: fc.uint8Array({ maxLength: 64 }) }),
  fc.constant({ kind: 'started-over' as const }),
);

const groupMemberArb: fc.Arbitrary<GroupMember> = fc.record({ id: deviceIdArb, identityKey: bytesOf(32), admin: fc.boolean(), dh: opt(bytesOf(32)), binding: opt(bytesOf(64)) });

const membershipOpArb: fc.Arbitrary<MembershipOp> = fc.record({
  roomId: roomIdArb,
  epoch: u32Arb,
  prevTranscriptHash: bytesOf(32),
  action: fc.oneof(
    fc.constant({ kind: 'create' as const }),
    fc.record({ kind: fc.constant('add' as const), member: groupMemberArb }),
    fc.record({ kind: fc.constant('remove' as const), memberId: deviceIdArb }),
  ),
  membersDigest: bytesOf(32),
  signerId: deviceIdArb,
  signature: bytesOf(64),
});

export const groupPairwiseArb: fc.Arbitrary<GroupPairwisePayload> = fc.oneof(
  fc.record({
    kind: fc.constant('sender-key' as const),
    roomId: roomIdArb,
    senderId: deviceIdArb,
    epoch: u32Arb,
    transcriptHash: bytesOf(32),
    chainId: bytesOf(16),
    index: u32Arb,
    chainKey: bytesOf(32),
    signingPublic: bytesOf(32),
  }),
  fc.record({ kind: fc.constant('membership' as const), op: membershipOpArb }),
  fc.record({ kind: fc.constant('welcome' as const), members: fc.array(groupMemberArb, { maxLength: 4 }), op: membershipOpArb }),
);

export const groupMessageArb: fc.Arbitrary<GroupMessage> = fc.record({
  roomId: roomIdArb,
  senderId: deviceIdArb,
  epoch: u32Arb,
  transcriptHash: bytesOf(32),
  chainId: bytesOf(16),
  index: u32Arb,
  ciphertext: fc.uint8Array({ maxLength: 96 }),
  signature: bytesOf(64),
});

/** Code-unit order, the order the group state keeps ids in. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const receivingChainArb: fc.Arbitrary<ReceivingChain> = fc.record({
  chainId: bytesOf(16),
  chainKey: bytesOf(32),
  index: u32Arb,
  signingPublic: bytesOf(32),
  skipped: fc.array(fc.record({ index: u32Arb, seed: bytesOf(32), storedAtMs: msArb }), { maxLength: 3 }),
});

/** A state with the shape the decoder checks: sorted unique members including self, chains of other members only, past views in falling order. */
export const groupStateArb: fc.Arbitrary<GroupState> = fc
  .record({
    roomId: roomIdArb,
    ids: fc.uniqueArray(idText, { minLength: 1, maxLength: 5 }),
    selfAt: fc.nat(),
    records: fc.array(groupMemberArb, { minLength: 5, maxLength: 5 }),
    epoch: u32Arb,
    transcriptHash: bytesOf(32),
    pastEpochs: fc.uniqueArray(u32Arb, { maxLength: 4 }),
    pastHashes: fc.array(bytesOf(32), { minLength: 4, maxLength: 4 }),
    ownChain: fc.record({ chainId: bytesOf(16), chainKey: bytesOf(32), index: u32Arb, signingSeed: bytesOf(32), signingPublic: bytesOf(32), createdAtMs: msArb }),
    chains: fc.array(fc.array(receivingChainArb, { minLength: 1, maxLength: 2 }), { minLength: 5, maxLength: 5 }),
    withChains: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  })
  .map((g): GroupState => {
    const ids = [...g.ids].sort(byCodeUnits).map(deviceId);
    const self = ids[g.selfAt % ids.length] as DeviceId;
    const members = ids.map((id, i) => ({ ...(g.records[i] as GroupMember), id }));
    const past = [...g.pastEpochs].sort((a, b) => b - a).filter((e) => e < g.epoch);
    const receiving: MemberChains[] = ids.flatMap((memberId, i) => (memberId !== self && g.withChains[i] === true ? [{ memberId, chains: g.chains[i] as ReceivingChain[] }] : []));
    return {
      roomId: g.roomId,
      self,
      members,
      epoch: g.epoch,
      transcriptHash: g.transcriptHash,
      pastViews: past.map((epoch, i) => ({ epoch, transcriptHash: g.pastHashes[i] as Uint8Array })),
      ownChain: g.ownChain,
      receiving,
    };
  });

/** A state the decoder accepts: ratchet keys unique over open and closed chains, skipped keys unique per (key, counter), no empty closed list. */
export const ratchetStateArb: fc.Arbitrary<RatchetState> = fc
  .record({
    role: fc.constantFrom('initiator' as const, 'responder' as const),
    rootKey: bytesOf(32),
    sending: fc.record({ ratchetKeyPair: fc.record({ publicKey: bytesOf(32), secretKey: bytesOf(32) }), chainKey: bytesOf(32), headerKey: bytesOf(32), counter: u32Arb }),
    previousCounter: u32Arb,
    chainKeys: fc.uniqueArray(bytesOf(32), { maxLength: 6, selector: toHex }),
    openCount: fc.nat(),
    chainState: fc.array(fc.record({ chainKey: bytesOf(32), headerKey: bytesOf(32), counter: u32Arb }), { minLength: 6, maxLength: 6 }),
    skipped: fc.uniqueArray(fc.record({ ratchetKey: bytesOf(32), counter: u32Arb, seed: bytesOf(32), headerKey: bytesOf(32), storedAtMs: msArb }), {
      maxLength: 4,
      selector: (k) => `${toHex(k.ratchetKey)}:${k.counter}`,
    }),
    associatedData: fc.uint8Array({ maxLength: 160 }),
  })
  .map((r): RatchetState => {
    const open = r.chainKeys.slice(0, Math.min(5, r.openCount % (r.chainKeys.length + 1)));
    const closed = r.chainKeys.slice(open.length, open.length + 5);
    const base: RatchetState = {
      role: r.role,
      rootKey: r.rootKey,
      sending: r.sending,
      previousCounter: r.previousCounter,
      receiving: open.map((ratchetKey, i) => ({ ratchetKey, ...(r.chainState[i] as { chainKey: Uint8Array; headerKey: Uint8Array; counter: number }) })),
      skipped: r.skipped,
      associatedData: r.associatedData,
    };
    return closed.length === 0 ? base : { ...base, closedChains: closed.map((ratchetKey, i) => ({ ratchetKey, end: (r.chainState[i] as { counter: number }).counter })) };
  });

export const sessionArb: fc.Arbitrary<Session> = fc.record({
  ratchet: ratchetStateArb,
  theirIdentity: identityKeyArb,
  baseKey: bytesOf(32),
  pendingInitial: opt(initialMessageArb),
  createdAtMs: msArb,
});
