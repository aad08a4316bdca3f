// What a phone running a device engine (engines/contract.ts) keeps, and how it crosses a seizure: the
// engine's exported state (opaque bytes) beside the phone's own records — the inbox of messages not yet
// evaporated, and what the user verified. The wire of one message names its kind, so the judges can
// hand a captured copy back to the engine's own decrypt code.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, toHex, utf8 } from '../../protocol/bytes.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { EngineCiphertext, PeerAddress } from '../../engines/contract.ts';

export interface InboxEntry {
  readonly messageId: string;
  readonly from: string;
  readonly room: string;
  /** Absent once erased (a view-once message viewed, or a timer run out): only the id stays. */
  readonly body?: Uint8Array;
  readonly viewOnce: boolean;
  readonly timerMs: number;
  readonly expiresAtMs?: number;
}

export interface ContractPhoneState {
  readonly engine: Uint8Array;
  readonly inbox: readonly InboxEntry[];
  /** Per peer, the identity (hex of the engine's encoding) the user compared safety numbers for. */
  readonly verified: Readonly<Record<string, string>>;
}

/** Every party runs one device, numbered 1 (sealroom's world has one device per user). */
export const addressOf = (user: string): PeerAddress => ({ user, device: 1 });

const MAGIC = utf8('sealroom-engine/1');

/** The judges' view of an engine's identity key: equal keys give equal identities (as shipped/identity.ts does for RSA). */
export function engineIdentity(encoded: Uint8Array): IdentityKey {
  return { dh: sha256(concatBytes(utf8('engine dh'), encoded)), sign: sha256(concatBytes(utf8('engine sign'), encoded)) };
}

/** A message on the wire: magic, one kind byte (1 setup, 2 message), the engine's ciphertext. */
export function encodeWire(c: EngineCiphertext): Uint8Array {
  return concatBytes(MAGIC, Uint8Array.of(c.kind === 'setup' ? 1 : 2), c.bytes);
}

export function decodeWire(wire: Uint8Array): EngineCiphertext {
  if (wire.length <= MAGIC.length || !MAGIC.every((b, i) => wire[i] === b)) throw new ProtocolError('WIRE_UNKNOWN_TAG', 'not a device-engine message');
  const tag = wire[MAGIC.length];
  if (tag !== 1 && tag !== 2) throw new ProtocolError('WIRE_UNKNOWN_TAG', `device-engine message kind ${tag}`);
  return { kind: tag === 1 ? 'setup' : 'message', bytes: wire.slice(MAGIC.length + 1) };
}

/** The plaintext a phone encrypts: a header line (message id, room, evaporation) then the body. */
export function encodeFrame(f: { readonly messageId: string; readonly room: string; readonly viewOnce: boolean; readonly timerMs: number }, body: Uint8Array): Uint8Array {
  const header = utf8(JSON.stringify({ id: f.messageId, room: f.room, viewOnce: f.viewOnce, timerMs: f.timerMs }));
  return concatBytes(Uint8Array.of(header.length >> 8, header.length & 0xff), header, body);
}

export function decodeFrame(plaintext: Uint8Array): { messageId: string; room: string; viewOnce: boolean; timerMs: number; body: Uint8Array } {
  const [hi, lo] = plaintext;
  if (hi === undefined || lo === undefined) throw new ProtocolError('WIRE_TRUNCATED', 'frame shorter than its length');
  const n = (hi << 8) | lo;
  if (plaintext.length < 2 + n) throw new ProtocolError('WIRE_TRUNCATED', 'frame header truncated');
  const h = JSON.parse(new TextDecoder().decode(plaintext.subarray(2, 2 + n))) as { id: string; room: string; viewOnce: boolean; timerMs: number };
  return { messageId: h.id, room: h.room, viewOnce: h.viewOnce, timerMs: h.timerMs, body: plaintext.slice(2 + n) };
}

/** The phone's state as bytes: what a seizure takes once sealed, and what a canary scan reads. */
export function encodeContractState(s: ContractPhoneState): Uint8Array {
  const inbox = s.inbox.map((m) => ({ ...m, body: m.body === undefined ? undefined : toHex(m.body) }));
  return utf8(JSON.stringify({ engine: toHex(s.engine), inbox, verified: s.verified }));
}

function decodeContractState(bytes: Uint8Array): ContractPhoneState {
  const j = JSON.parse(new TextDecoder().decode(bytes)) as { engine: string; inbox: (Omit<InboxEntry, 'body'> & { body?: string })[]; verified: Record<string, string> };
  const inbox = j.inbox.map(({ body, ...m }) => (body === undefined ? m : { ...m, body: fromHex(body) }));
  return { engine: fromHex(j.engine), inbox, verified: j.verified };
}

export function isContractState(x: unknown): x is ContractPhoneState {
  return typeof x === 'object' && x !== null && (x as { engine?: unknown }).engine instanceof Uint8Array && Array.isArray((x as { inbox?: unknown }).inbox);
}

const STORE_AD = utf8('sealroom device-engine store v1');
const NONCE_BYTES = 24;

/** The store as it sits on the phone, sealed with its storage key (XChaCha20-Poly1305 standing in for disk encryption). */
export function sealContractState(provider: CryptoProvider, s: ContractPhoneState, storageKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`sealContractState: nonce must be ${NONCE_BYTES} bytes`);
  return concatBytes(nonce, provider.xchacha20poly1305.seal(storageKey, nonce, encodeContractState(s), STORE_AD));
}

export function openContractState(provider: CryptoProvider, blob: Uint8Array, storageKey: Uint8Array): ContractPhoneState {
  if (blob.length < NONCE_BYTES) throw new ProtocolError('STORE_CORRUPT', 'device-engine store truncated');
  return decodeContractState(provider.xchacha20poly1305.open(storageKey, blob.subarray(0, NONCE_BYTES), blob.subarray(NONCE_BYTES), STORE_AD));
}
