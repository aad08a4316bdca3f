// The shipped-2014 engine's oracle (docs/weak-variants.md "shipped-2014"): decodes seized phone
// stores, and decides what a key or a thief's copy can read, always with the model's own code
// (OAEP unwrap, PBKDF2 room key, AES-CTR decrypt, the phone's receive). No MAC: "opens" = canary seen.
import { toHex, utf8 } from '../../../protocol/bytes.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import { attempt } from './trials.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import type { ProtocolFlags } from '../../../protocol/variant.ts';
import {
  decodeChatMessage,
  decodeRoomKeyMessage,
  decryptWithRoomKey,
  PRIVATE_KEY_BYTES,
  ROOM_KEY_MESSAGE_BYTES,
  ROOM_SECRET_BYTES,
  RSA_MODULUS_BYTES,
  roomKey,
  unwrapRoomSecret,
  type ChatMessage,
} from '../../../protocol/variants/shipped2014/index.ts';
import type { JudgedCopy, PhoneOracle } from '../../../sim/world/phone.ts';
import { expectState, isShippedState } from '../../../sim/world/phoneState.ts';
import { openShipped, receiveChatByTrial, serializeShipped } from '../../../sim/world/shipped/index.ts';

/** Objects visited per source when collecting byte fields: bounds a hostile or cyclic state. */
const MAX_TRIAL_NODES = 100_000;
const MAX_TRIAL_DEPTH = 32;
/** Memoised K = roomKey(secret) values (PBKDF2 is ~25 ms); the oldest is dropped first. */
const ROOM_KEY_MEMO_ENTRIES = 4_096;
const roomKeyMemo = new Map<string, Uint8Array>();

function memoRoomKey(secret: Uint8Array): Uint8Array {
  const id = toHex(secret);
  let k = roomKeyMemo.get(id);
  if (k === undefined) {
    k = roomKey(secret);
    if (roomKeyMemo.size >= ROOM_KEY_MEMO_ENTRIES) roomKeyMemo.delete(roomKeyMemo.keys().next().value as string);
    roomKeyMemo.set(id, k);
  }
  return k;
}

/** Every Uint8Array field in `value` (objects, arrays, maps), within the node and depth bounds. */
function byteFields(value: unknown, out: Uint8Array[], seen: Set<object>, depth = 0): void {
  if (value instanceof Uint8Array) {
    out.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_TRIAL_DEPTH || seen.has(value) || seen.size >= MAX_TRIAL_NODES) return;
  seen.add(value);
  const children = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  for (const child of children) byteFields(child, out, seen, depth + 1);
}

/**
 * The message keys an attacker holding `sources` can form: every 32-byte field taken as K and as a
 * room secret (K = PBKDF2 of it), and every wrapped secret in the sources unwrapped with every RSA
 * private key in them — then taken as a room secret too.
 */
function messageKeyCandidates(sources: readonly { label: string; value: unknown }[]): Uint8Array[] {
  const fields: Uint8Array[] = [];
  for (const s of sources) byteFields(s.value, fields, new Set());
  const privateKeys = fields.filter((b) => b.length === PRIVATE_KEY_BYTES);
  const wrapped = fields.flatMap((b) => {
    if (b.length === RSA_MODULUS_BYTES) return [b];
    if (b.length !== ROOM_KEY_MESSAGE_BYTES) return [];
    const m = attempt(() => decodeRoomKeyMessage(b));
    return m === undefined ? [] : [m.wrappedForPeer, m.wrappedForSelf];
  });
  const secrets = fields.filter((b) => b.length === ROOM_SECRET_BYTES);
  for (const key of privateKeys) {
    for (const w of wrapped) {
      const secret = attempt(() => unwrapRoomSecret(key, w));
      if (secret !== undefined) secrets.push(secret);
    }
  }
  const keys = new Map<string, Uint8Array>();
  for (const s of secrets) {
    keys.set(toHex(s), s);
    const k = memoRoomKey(s);
    keys.set(toHex(k), k);
  }
  return [...keys.values()];
}

/** Labels of the copies some candidate key decrypts to a plaintext holding the copy's canary. */
function shippedKeyTrial(sources: readonly { label: string; value: unknown }[], copies: readonly JudgedCopy[]): string[] {
  if (copies.length === 0) return [];
  const keys = messageKeyCandidates(sources);
  const opened: string[] = [];
  for (const c of copies) {
    const chat: ChatMessage | undefined = attempt(() => decodeChatMessage(c.wire));
    if (chat === undefined) continue;
    const canary = Buffer.from(utf8(c.canary));
    if (keys.some((k) => Buffer.from(decryptWithRoomKey(k, chat.messageId, chat.ciphertext)).includes(canary))) opened.push(c.label);
  }
  return opened;
}

export function shipped2014Oracle(provider: CryptoProvider, _rng: Drbg, _flags: ProtocolFlags): PhoneOracle {
  return {
    open: (blob, storageKey) => openShipped(provider, blob, storageKey),
    serialize: (state) => serializeShipped(expectState(state, isShippedState, 'shipped-2014 oracle')),
    keyTrial: shippedKeyTrial,
    receiveAs(state, from, wire) {
      const r = attempt(() => receiveChatByTrial(expectState(state, isShippedState, 'shipped-2014 oracle'), from, wire));
      return r === undefined ? { ok: false } : { ok: true, state: r.state, body: r.message.body };
    },
    // The 2014 design had no group rooms, so there is no removed member to judge.
    removedMemberOpens: () => false,
    // The shipped design has no sender keys handed over sessions: the server distributes the room keys
    // itself, and SEC-SERVER-BLIND's key trial over its store reads the room (keyTrial above).
    groupReadsAs: () => [],
    // Nor session setups: a room key is RSA-wrapped to the install key, which the key trial above tries.
    setupTrial: () => [],
  };
}
