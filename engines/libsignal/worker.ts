// The libsignal engine's worker thread: every device's record and libsignal's own asynchronous calls
// live here; bridge.ts calls in and blocks until the answer, so the world sees synchronous devices.
// Randomness is libsignal's (the OS CSPRNG): the engine declares no deterministic randomness.
import { randomInt } from 'node:crypto';
import * as Signal from '@signalapp/libsignal-client';
import { Handles, serveWorker } from '../blockingWorker.ts';
import { hex, storesOf, unhex, type DeviceRecord } from './stores.ts';
import type { Reply, Request } from './messages.ts';

/** One-time prekeys made per refresh (Signal clients upload 100; a simulated world needs far fewer). */
const ONE_TIME_PREKEYS_PER_REFRESH = 10;
/** Registration ids are 14-bit in Signal. */
const REGISTRATION_ID_MAX = 16_380;

const devices = new Handles<DeviceRecord>();
const live = (h: number): DeviceRecord => devices.live(h);
const keep = (item: DeviceRecord): number => devices.keep(item);

const address = (p: { user: string; device: number }) => Signal.ProtocolAddress.new(p.user, p.device);

/** A new signed prekey and last-resort Kyber prekey, signed with the identity, and fresh one-time prekeys. */
function refresh(r: DeviceRecord): DeviceRecord['preKeys'] {
  const identity = Signal.PrivateKey.deserialize(unhex(r.identity));
  const signedId = r.current.signedPreKeyId + 1;
  const signed = Signal.PrivateKey.generate();
  const signedSig = identity.sign(signed.getPublicKey().serialize());
  r.signedPreKeys[signedId] = hex(Signal.SignedPreKeyRecord.new(signedId, Date.now(), signed.getPublicKey(), signed, signedSig).serialize());
  const kyberId = r.current.kyberPreKeyId + 1;
  const kyber = Signal.KEMKeyPair.generate();
  const kyberSig = identity.sign(kyber.getPublicKey().serialize());
  r.kyberPreKeys[kyberId] = hex(Signal.KyberPreKeyRecord.new(kyberId, Date.now(), kyber, kyberSig).serialize());
  r.current = { signedPreKeyId: signedId, kyberPreKeyId: kyberId };
  const made: DeviceRecord['preKeys'] = {};
  for (let i = 0; i < ONE_TIME_PREKEYS_PER_REFRESH; i++) {
    const id = r.nextPreKeyId++;
    const k = Signal.PrivateKey.generate();
    r.preKeys[id] = hex(Signal.PreKeyRecord.new(id, k.getPublicKey(), k).serialize());
    made[id] = r.preKeys[id];
  }
  return made;
}

function create(user: string, device: number): DeviceRecord {
  const identity = Signal.PrivateKey.generate();
  const registrationId = randomInt(1, REGISTRATION_ID_MAX + 1);
  const r: DeviceRecord = {
    v: 1,
    user,
    device,
    registrationId,
    identity: hex(identity.serialize()),
    sessions: {},
    identities: {},
    acknowledged: {},
    preKeys: {},
    signedPreKeys: {},
    kyberPreKeys: {},
    kyberUsed: [],
    current: { signedPreKeyId: 0, kyberPreKeyId: 0 },
    nextPreKeyId: 1,
  };
  refresh(r);
  return r;
}

/** The signed part of the bundle, as the directory stores it: JSON of hex fields. */
function bundleOf(r: DeviceRecord, oneTime: DeviceRecord['preKeys']) {
  const identity = Signal.PrivateKey.deserialize(unhex(r.identity));
  const spkHex = r.signedPreKeys[r.current.signedPreKeyId];
  const kyberHex = r.kyberPreKeys[r.current.kyberPreKeyId];
  if (spkHex === undefined || kyberHex === undefined) throw new Error(`device ${r.user}: its current signed or Kyber prekey is missing`);
  const spk = Signal.SignedPreKeyRecord.deserialize(unhex(spkHex));
  const kyber = Signal.KyberPreKeyRecord.deserialize(unhex(kyberHex));
  const base = {
    registrationId: r.registrationId,
    device: r.device,
    identityKey: hex(identity.getPublicKey().serialize()),
    signedPreKeyId: spk.id(),
    signedPreKey: hex(spk.publicKey().serialize()),
    signedPreKeySignature: hex(spk.signature()),
    kyberPreKeyId: kyber.id(),
    kyberPreKey: hex(kyber.publicKey().serialize()),
    kyberPreKeySignature: hex(kyber.signature()),
  };
  return {
    base: new TextEncoder().encode(JSON.stringify(base)),
    oneTime: Object.entries(oneTime).map(([id, rec]) => ({ id: Number(id), bytes: Signal.PreKeyRecord.deserialize(unhex(rec)).publicKey().serialize() })),
  };
}

function parseBundle(base: Uint8Array, oneTime: { id: number; bytes: Uint8Array } | undefined): Signal.PreKeyBundle {
  const b = JSON.parse(new TextDecoder().decode(base)) as Record<string, unknown>;
  const s = (k: string): string => {
    const v = b[k];
    if (typeof v !== 'string') throw new TypeError(`bundle: ${k} is not a hex string`);
    return v;
  };
  const n = (k: string): number => {
    const v = b[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`bundle: ${k} is not an integer`);
    return v;
  };
  return Signal.PreKeyBundle.new(
    n('registrationId'),
    n('device'),
    oneTime?.id ?? null,
    oneTime === undefined ? null : Signal.PublicKey.deserialize(new Uint8Array(oneTime.bytes)),
    n('signedPreKeyId'),
    Signal.PublicKey.deserialize(unhex(s('signedPreKey'))),
    unhex(s('signedPreKeySignature')),
    Signal.PublicKey.deserialize(unhex(s('identityKey'))),
    n('kyberPreKeyId'),
    Signal.KEMPublicKey.deserialize(unhex(s('kyberPreKey'))),
    unhex(s('kyberPreKeySignature')),
  );
}

/** libsignal's error, as one of the contract's refusal codes. */
function refusal(e: unknown): Reply {
  if (e instanceof Signal.LibSignalErrorBase) {
    const code =
      e.code === Signal.ErrorCode.UntrustedIdentity
        ? 'UNTRUSTED_IDENTITY'
        : e.code === Signal.ErrorCode.DuplicatedMessage
          ? 'DUPLICATE_MESSAGE'
          : e.code === Signal.ErrorCode.InvalidSession
            ? 'NO_SESSION'
            : 'INVALID_MESSAGE';
    return { ok: false, code, detail: e.message };
  }
  if (e instanceof Error) return { ok: false, code: 'INVALID_MESSAGE', detail: e.message };
  throw e;
}

async function decrypt(r: DeviceRecord, peer: { user: string; device: number }, kind: 'setup' | 'message', bytes: Uint8Array): Promise<Reply> {
  const st = storesOf(r);
  const me = address(r);
  try {
    const plaintext =
      kind === 'setup'
        ? await Signal.signalDecryptPreKey(Signal.PreKeySignalMessage.deserialize(new Uint8Array(bytes)), address(peer), me, st.sessions, st.identities, st.preKeys, st.signedPreKeys, st.kyberPreKeys)
        : await Signal.signalDecrypt(Signal.SignalMessage.deserialize(new Uint8Array(bytes)), address(peer), me, st.sessions, st.identities);
    return { ok: true, value: plaintext };
  } catch (e) {
    return refusal(e);
  }
}

async function handle(q: Request): Promise<Reply> {
  switch (q.op) {
    case 'create':
      return { ok: true, value: keep(create(q.user, q.device)) };
    case 'import':
      return { ok: true, value: keep(JSON.parse(new TextDecoder().decode(q.state)) as DeviceRecord) };
    case 'export':
      return { ok: true, value: new TextEncoder().encode(JSON.stringify(live(q.h))) };
    case 'release':
      devices.release(q.h);
      return { ok: true, value: undefined };
    case 'identity':
      return {
        ok: true,
        value: Signal.PrivateKey.deserialize(unhex(live(q.h).identity))
          .getPublicKey()
          .serialize(),
      };
    case 'bundle': {
      const r = live(q.h);
      return { ok: true, value: bundleOf(r, q.refresh ? refresh(r) : r.preKeys) };
    }
    case 'start': {
      const r = live(q.h);
      const st = storesOf(r);
      try {
        await Signal.processPreKeyBundle(parseBundle(q.base, q.oneTime), address(q.peer), address(r), st.sessions, st.identities, new Date(q.nowMs));
        return { ok: true, value: undefined };
      } catch (e) {
        const no = refusal(e);
        return !no.ok && no.code === 'INVALID_MESSAGE' ? { ...no, code: 'INVALID_BUNDLE' } : no;
      }
    }
    case 'has':
      return { ok: true, value: live(q.h).sessions[address(q.peer).toString()] !== undefined };
    case 'encrypt': {
      const r = live(q.h);
      const st = storesOf(r);
      try {
        const m = await Signal.signalEncrypt(new Uint8Array(q.plaintext), address(q.peer), address(r), st.sessions, st.identities, new Date(q.nowMs));
        return { ok: true, value: { kind: m.type() === Signal.CiphertextMessageType.PreKey ? 'setup' : 'message', bytes: m.serialize() } };
      } catch (e) {
        return refusal(e);
      }
    }
    case 'decrypt':
      return decrypt(live(q.h), q.peer, q.kind, q.bytes);
    case 'open': {
      const h = keep(JSON.parse(new TextDecoder().decode(q.state)) as DeviceRecord);
      try {
        const r = await decrypt(live(h), q.peer, q.kind, q.bytes);
        return r.ok ? r : { ok: true, value: undefined };
      } finally {
        devices.release(h);
      }
    }
    case 'peer-identity': {
      const k = live(q.h).identities[address(q.peer).toString()];
      return { ok: true, value: k === undefined ? undefined : unhex(k) };
    }
    case 'trust': {
      const r = live(q.h);
      r.acknowledged[address(q.peer).toString()] = hex(q.key);
      return { ok: true, value: undefined };
    }
    case 'safety-number': {
      const r = live(q.h);
      const mine = Signal.PrivateKey.deserialize(unhex(r.identity)).getPublicKey();
      const enc = new TextEncoder();
      const f = Signal.Fingerprint.new(5200, 2, enc.encode(r.user), mine, enc.encode(q.peer.user), Signal.PublicKey.deserialize(new Uint8Array(q.key)));
      return { ok: true, value: f.displayableFingerprint().toString() };
    }
  }
}

serveWorker('engines/libsignal/worker.ts', (q: Request) => handle(q).catch((e: unknown): Reply => ({ ok: false, code: 'CRASH', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })));
