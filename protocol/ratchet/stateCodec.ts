// Strict, versioned serialization of a RatchetState: the bytes the device store writes to disk and
// a phone seizure reads (the threat model, docs/threat-model.md). Sizes and counts are capped by the named limits;
// decoding refuses bad versions, lengths, roles, timestamps and duplicate chains with WIRE_* codes.
import { toHex } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { MAX_RATCHET_ASSOCIATED_DATA_BYTES, MAX_RECEIVER_CHAINS, MAX_SKIPPED_KEYS } from '../limits.ts';
import { X25519_KEY_BYTES } from '../crypto/provider.ts';
import { decodeMessage, encodeMessage, fixedBytes, listOf, safeUint, struct, u32, u8, varBytes, versioned, type Codec } from '../wire/codec.ts';
import { CHAIN_KEY_BYTES, HEADER_KEY_BYTES, MESSAGE_KEY_SEED_BYTES, ROOT_KEY_BYTES } from './kdf.ts';
import { skippedKeyId } from './skipped.ts';
import type { ClosedChain, RatchetKeyPair, RatchetRole, RatchetState, ReceivingChain, SendingChain, SkippedKey } from './state.ts';

/** 2: adds the closed-chain markers (flag closeOldChains). 3: adds the header key of each chain and skipped key. */
export const RATCHET_STATE_VERSION = 3;

const roleCodec: Codec<RatchetRole> = {
  name: 'RatchetState.role',
  encode: (v, w) => u8.encode(v === 'initiator' ? 0 : 1, w),
  decode(r) {
    const b = u8.decode(r);
    if (b > 1) throw new ProtocolError('WIRE_BAD_VALUE', `RatchetState.role: byte ${b}`);
    return b === 0 ? 'initiator' : 'responder';
  },
};

const timeMsCodec = safeUint('SkippedKey.storedAtMs');

const key32 = (name: string) => fixedBytes(name, 32);

const sendingCodec = struct<SendingChain>('RatchetState.sending', {
  ratchetKeyPair: struct<RatchetKeyPair>('RatchetState.sending.ratchetKeyPair', {
    publicKey: fixedBytes('ratchetKeyPair.publicKey', X25519_KEY_BYTES),
    secretKey: fixedBytes('ratchetKeyPair.secretKey', X25519_KEY_BYTES),
  }),
  chainKey: key32('sending.chainKey'),
  headerKey: key32('sending.headerKey'),
  counter: u32,
});

const receivingCodec = struct<ReceivingChain>('RatchetState.receiving', {
  ratchetKey: fixedBytes('receiving.ratchetKey', X25519_KEY_BYTES),
  chainKey: fixedBytes('receiving.chainKey', CHAIN_KEY_BYTES),
  headerKey: fixedBytes('receiving.headerKey', HEADER_KEY_BYTES),
  counter: u32,
});

const skippedCodec = struct<SkippedKey>('RatchetState.skipped', {
  ratchetKey: fixedBytes('skipped.ratchetKey', X25519_KEY_BYTES),
  counter: u32,
  seed: fixedBytes('skipped.seed', MESSAGE_KEY_SEED_BYTES),
  headerKey: fixedBytes('skipped.headerKey', HEADER_KEY_BYTES),
  storedAtMs: timeMsCodec,
});

const closedList = listOf(struct<ClosedChain>('RatchetState.closedChains', { ratchetKey: fixedBytes('closedChains.ratchetKey', X25519_KEY_BYTES), end: u32 }), MAX_RECEIVER_CHAINS);

/** Absent and empty are one value, encoded as an empty list (one encoding per value, docs/conventions.md). */
const closedChainsCodec: Codec<readonly ClosedChain[] | undefined> = {
  name: closedList.name,
  encode: (v, w) => closedList.encode(v ?? [], w),
  decode(r) {
    const list = closedList.decode(r);
    return list.length === 0 ? undefined : list;
  },
};

export const ratchetStateCodec: Codec<RatchetState> = versioned(
  RATCHET_STATE_VERSION,
  struct<RatchetState>('RatchetState', {
    role: roleCodec,
    rootKey: fixedBytes('rootKey', ROOT_KEY_BYTES),
    sending: sendingCodec,
    previousCounter: u32,
    receiving: listOf(receivingCodec, MAX_RECEIVER_CHAINS),
    skipped: listOf(skippedCodec, MAX_SKIPPED_KEYS),
    associatedData: varBytes('associatedData', MAX_RATCHET_ASSOCIATED_DATA_BYTES, u32),
    closedChains: closedChainsCodec,
  }),
);

/** Largest encoded state: every list full, the associated data at its cap. */
export const MAX_RATCHET_STATE_BYTES =
  1 +
  1 +
  ROOT_KEY_BYTES +
  (4 * 32 + 4) +
  4 +
  (4 + MAX_RECEIVER_CHAINS * (32 + 32 + 32 + 4)) +
  (4 + MAX_SKIPPED_KEYS * (32 + 4 + 32 + 32 + 8)) +
  (4 + MAX_RATCHET_ASSOCIATED_DATA_BYTES) +
  (4 + MAX_RECEIVER_CHAINS * (32 + 4));

export function encodeRatchetState(state: RatchetState): Uint8Array {
  return encodeMessage(ratchetStateCodec, state, MAX_RATCHET_STATE_BYTES);
}

/** Strict decode of stored bytes (the store maps any refusal to its own corruption error). */
export function decodeRatchetState(bytes: Uint8Array): RatchetState {
  const state = decodeMessage(ratchetStateCodec, bytes, MAX_RATCHET_STATE_BYTES);
  const seenChains = new Set<string>();
  for (const c of [...state.receiving, ...(state.closedChains ?? [])]) {
    const hex = toHex(c.ratchetKey);
    if (seenChains.has(hex)) throw new ProtocolError('WIRE_BAD_VALUE', 'RatchetState.receiving: duplicate ratchet key');
    seenChains.add(hex);
  }
  const seenKeys = new Set<string>();
  for (const k of state.skipped) {
    const id = skippedKeyId(k);
    if (seenKeys.has(id)) throw new ProtocolError('WIRE_BAD_VALUE', 'RatchetState.skipped: duplicate (ratchet key, counter)');
    seenKeys.add(id);
  }
  return state;
}
