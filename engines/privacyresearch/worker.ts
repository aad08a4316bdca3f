// The privacyresearch engine's worker thread: every device record and every call into
// @privacyresearch/libsignal-protocol-typescript happen here; bridge.ts blocks until each answer, so
// the world sees synchronous devices. X3DH, the Double Ratchet, the session records and the message
// encoding are the library's; the prekeys, the bundle encoding, the refusal codes and the rule that a
// refused call changes nothing are this adapter's (README). Randomness is the library's WebCrypto
// getRandomValues (the OS CSPRNG) and node:crypto: the engine declares no deterministic randomness.
import { randomInt } from 'node:crypto';
import { Handles, serveWorker } from '../blockingWorker.ts';
import * as PR from '@privacyresearch/libsignal-protocol-typescript';
import { SessionLock } from '@privacyresearch/libsignal-protocol-typescript/lib/session-lock.js';
import type { EngineCiphertext, OneTimePreKey, Opened, PeerAddress, PublishedBundle, RefusalCode, SessionStart } from '../contract.ts';
import type { Held, Reply, Request } from './messages.ts';
import { buffer, hex, keyPairHex, keyPairOf, RecordStorage, unhex, type DeviceRecord } from './stores.ts';

/** One-time prekeys made per refresh (Signal clients upload 100; a simulated world needs far fewer). */
const ONE_TIME_PREKEYS_PER_REFRESH = 10;
/** Registration ids are 14-bit in Signal; 0 is avoided (the library's protobuf reads a missing field as 0). */
const REGISTRATION_ID_MAX = 16_380;
/** The library's public keys: a 0x05 type byte and 32 bytes of X25519. */
const PUBLIC_KEY_BYTES = 33;
const KEY_TYPE_DJB = 0x05;
/** An XEdDSA signature. */
const SIGNATURE_BYTES = 64;

// The library writes to the console on malformed input (the attacker's bytes) and, on one path, a
// whole session record with its private keys. A worker's console is the parent's standard output and
// error, and standard output is the exec server's protocol channel: nothing of it may get out.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[method] = () => {};

const devices = new Handles<DeviceRecord>();
const live = (h: number): DeviceRecord => devices.live(h);

function keep(r: DeviceRecord): Held {
  return { h: devices.keep(r), address: { user: r.user, device: r.device } };
}

const addressOf = (p: PeerAddress): PR.SignalProtocolAddress => new PR.SignalProtocolAddress(p.user, p.device);

const isPublicKey = (b: Uint8Array): boolean => b.byteLength === PUBLIC_KEY_BYTES && b[0] === KEY_TYPE_DJB;

/** A state as the worker keeps it, from exported bytes; anything that is not one is the caller's fault. */
function recordOf(state: Uint8Array): DeviceRecord {
  const r = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(state)) as Partial<DeviceRecord> | null;
  if (r === null || typeof r !== 'object' || r.v !== 1 || typeof r.user !== 'string' || typeof r.device !== 'number' || typeof r.identity?.priv !== 'string') {
    throw new TypeError('not an exported privacyresearch device state');
  }
  return r as DeviceRecord;
}

/** A new signed prekey (signed with the identity) and a batch of one-time prekeys; returns the batch. */
async function refresh(r: DeviceRecord): Promise<DeviceRecord['preKeys']> {
  const signedId = r.currentSignedPreKeyId + 1;
  const signed = await PR.KeyHelper.generateSignedPreKey(keyPairOf(r.identity), signedId);
  r.signedPreKeys[signedId] = { ...keyPairHex(signed.keyPair), signature: hex(signed.signature) };
  r.currentSignedPreKeyId = signedId;
  const made: DeviceRecord['preKeys'] = {};
  for (let i = 0; i < ONE_TIME_PREKEYS_PER_REFRESH; i++) {
    const id = r.nextPreKeyId++;
    const k = await PR.KeyHelper.generatePreKey(id);
    r.preKeys[id] = keyPairHex(k.keyPair);
    made[id] = r.preKeys[id];
  }
  return made;
}

async function create(user: string, device: number): Promise<DeviceRecord> {
  const identity = await PR.KeyHelper.generateIdentityKeyPair();
  const r: DeviceRecord = {
    v: 1,
    user,
    device,
    registrationId: randomInt(1, REGISTRATION_ID_MAX + 1),
    identity: keyPairHex(identity),
    sessions: {},
    identities: {},
    acknowledged: {},
    preKeys: {},
    signedPreKeys: {},
    currentSignedPreKeyId: 0,
    // The library treats a one-time prekey id of 0 as "none": ids start at 1.
    nextPreKeyId: 1,
  };
  await refresh(r);
  return r;
}

/** The signed part of the bundle as the directory stores it (JSON of hex fields), and the one-time prekeys' public halves. */
function bundleOf(r: DeviceRecord, oneTime: DeviceRecord['preKeys']): PublishedBundle {
  const spk = r.signedPreKeys[r.currentSignedPreKeyId];
  if (spk === undefined) throw new Error(`device ${r.user}: its current signed prekey ${r.currentSignedPreKeyId} is missing`);
  const base = {
    registrationId: r.registrationId,
    device: r.device,
    identityKey: r.identity.pub,
    signedPreKeyId: r.currentSignedPreKeyId,
    signedPreKey: spk.pub,
    signedPreKeySignature: spk.signature,
  };
  return {
    base: new TextEncoder().encode(JSON.stringify(base)),
    oneTime: Object.entries(oneTime).map(([id, k]) => ({ id: Number(id), bytes: new Uint8Array(unhex(k.pub)) })),
  };
}

/** What a served bundle gives the library to start a session on, or why it is refused. */
function deviceOf(base: Uint8Array, oneTime: OneTimePreKey | undefined): PR.DeviceType | RefusalCode {
  let b: unknown;
  try {
    b = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base));
  } catch {
    return 'INVALID_BUNDLE';
  }
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return 'INVALID_BUNDLE';
  const field = (k: string): unknown => (b as Record<string, unknown>)[k];
  const id = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  const bytes = (v: unknown): Uint8Array | undefined => (typeof v === 'string' && /^(?:[0-9a-f]{2})*$/.test(v) ? new Uint8Array(Buffer.from(v, 'hex')) : undefined);
  const registrationId = id(field('registrationId'));
  const signedPreKeyId = id(field('signedPreKeyId'));
  const identityKey = bytes(field('identityKey'));
  const signedPreKey = bytes(field('signedPreKey'));
  const signature = bytes(field('signedPreKeySignature'));
  if (registrationId === undefined || signedPreKeyId === undefined || identityKey === undefined || signedPreKey === undefined || signature === undefined) return 'INVALID_BUNDLE';
  if (!isPublicKey(identityKey) || !isPublicKey(signedPreKey)) return 'INVALID_KEY';
  if (signature.byteLength !== SIGNATURE_BYTES) return 'INVALID_BUNDLE';
  const device: PR.DeviceType = {
    identityKey: buffer(identityKey),
    signedPreKey: { keyId: signedPreKeyId, publicKey: buffer(signedPreKey), signature: buffer(signature) },
    registrationId,
  };
  if (oneTime === undefined) return device;
  // An id of 0 would be dropped from the setup message, and the responder would leave the key out of its X3DH.
  if (!Number.isSafeInteger(oneTime.id) || oneTime.id < 1) return 'INVALID_BUNDLE';
  const otk = new Uint8Array(oneTime.bytes);
  if (!isPublicKey(otk)) return 'INVALID_KEY';
  return { ...device, preKey: { keyId: oneTime.id, publicKey: buffer(otk) } };
}

/**
 * Runs `step` on a copy of device `h`'s record and keeps the copy only when the step succeeds: a
 * refusal, or a throw, leaves the device exactly as it was (the library writes the identity store and
 * steps ratchets in memory before a setup's MAC is checked).
 */
async function attempt<T extends { readonly ok: boolean }>(h: number, step: (r: DeviceRecord, st: RecordStorage) => Promise<T>): Promise<T> {
  const work = structuredClone(live(h));
  const result = await step(work, new RecordStorage(work));
  if (result.ok) devices.replace(h, work);
  return result;
}

async function start(st: RecordStorage, peer: PeerAddress, base: Uint8Array, oneTime: OneTimePreKey | undefined): Promise<SessionStart> {
  const device = deviceOf(base, oneTime);
  if (typeof device === 'string') return { ok: false, code: device };
  try {
    await new PR.SessionBuilder(st, addressOf(peer)).processPreKey(device);
    return { ok: true };
  } catch {
    if (st.refused !== undefined) return { ok: false, code: 'UNTRUSTED_IDENTITY', identityKey: new Uint8Array(st.refused.slice(0)) };
    // A bad signature, or a key the curve code rejects.
    return { ok: false, code: 'INVALID_BUNDLE' };
  }
}

async function encrypt(st: RecordStorage, peer: PeerAddress, plaintext: Uint8Array): Promise<{ readonly ok: true; readonly value: EngineCiphertext }> {
  const m = await new PR.SessionCipher(st, addressOf(peer)).encrypt(buffer(plaintext));
  if (m.body === undefined) throw new Error(`the library made no ciphertext to ${peer.user}`);
  // The library's wire is a binary string, one char per byte; type 3 is a PreKeyWhisperMessage, 1 a WhisperMessage.
  const kind = m.type === PR.EncryptionResultMessageType.PreKeyWhisperMessage ? 'setup' : m.type === PR.EncryptionResultMessageType.WhisperMessage ? 'message' : undefined;
  if (kind === undefined) throw new Error(`the library made a message of unknown type ${m.type}`);
  return { ok: true, value: { kind, bytes: new Uint8Array(Buffer.from(m.body, 'latin1')) } };
}

/** The library's failure to open a message, as a contract refusal code. */
function refusalOf(e: unknown): RefusalCode {
  // The library marks a message key it no longer has (a replay, or a counter it already used) by this name.
  if (e instanceof Error && e.name === 'MessageCounterError') return 'DUPLICATE_MESSAGE';
  return 'INVALID_MESSAGE';
}

async function decrypt(r: DeviceRecord, st: RecordStorage, peer: PeerAddress, ciphertext: EngineCiphertext): Promise<Opened> {
  const address = addressOf(peer);
  if (ciphertext.kind === 'message' && r.sessions[address.toString()] === undefined) return { ok: false, code: 'NO_SESSION' };
  const cipher = new PR.SessionCipher(st, address);
  const bytes = buffer(new Uint8Array(ciphertext.bytes));
  try {
    const plaintext = ciphertext.kind === 'setup' ? await cipher.decryptPreKeyWhisperMessage(bytes, 'binary') : await cipher.decryptWhisperMessage(bytes, 'binary');
    return { ok: true, plaintext: new Uint8Array(plaintext) };
  } catch (e) {
    return { ok: false, code: refusalOf(e) };
  }
}

async function handle(q: Request): Promise<unknown> {
  switch (q.op) {
    case 'create':
      return keep(await create(q.user, q.device));
    case 'import':
      return keep(recordOf(q.state));
    case 'export':
      return new TextEncoder().encode(JSON.stringify(live(q.h)));
    case 'release':
      devices.release(q.h);
      return undefined;
    case 'identity':
      return new Uint8Array(unhex(live(q.h).identity.pub));
    case 'bundle': {
      const r = live(q.h);
      return bundleOf(r, q.refresh ? await refresh(r) : r.preKeys);
    }
    case 'start':
      return attempt(q.h, (_r, st) => start(st, q.peer, q.base, q.oneTime));
    case 'has':
      return new PR.SessionCipher(new RecordStorage(live(q.h)), addressOf(q.peer)).hasOpenSession();
    case 'encrypt':
      return (await attempt(q.h, (_r, st) => encrypt(st, q.peer, q.plaintext))).value;
    case 'decrypt':
      return attempt(q.h, (r, st) => decrypt(r, st, q.peer, q.ciphertext));
    case 'open': {
      // The key trial: the library's own receive code on a record parsed afresh from the bytes, never kept.
      const r = recordOf(q.state);
      const opened = await decrypt(r, new RecordStorage(r), q.peer, q.ciphertext);
      return opened.ok ? opened.plaintext : undefined;
    }
    case 'peer-identity': {
      const k = live(q.h).identities[q.peer.user];
      return k === undefined ? undefined : new Uint8Array(unhex(k));
    }
    case 'trust':
      live(q.h).acknowledged[q.peer.user] = hex(q.key);
      return undefined;
  }
}

serveWorker(
  'engines/privacyresearch/worker.ts',
  (q: Request) =>
    handle(q).then(
      (value): Reply => ({ ok: true, value }),
      (e: unknown): Reply => ({ ok: false, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
    ),
  // The library's job queue keeps every job's promise (and with it the job's result: sessions,
  // plaintexts) and every error for the life of the process; the bridge runs one call at a time,
  // so once a call is answered nothing of its jobs is pending and the lists can go.
  () => {
    SessionLock._promises.length = 0;
    SessionLock.errors.length = 0;
  },
);
