// The libsignal-client peer (@signalapp/libsignal-client, AGPL-3.0-only, native Rust through N-API):
// session setup with its Kyber (ML-KEM-768) prekey, one-way messages and ping-pong through its
// in-memory stores (libsignalStores.ts). Keys we can supply come from the seeded DRBG; libsignal draws
// its own ephemeral keys and KEM randomness from the OS inside Rust, which no caller can seed.
import * as Signal from '@signalapp/libsignal-client';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import { MemoryIdentityStore, MemoryKyberPreKeyStore, MemoryPreKeyStore, MemorySessionStore, MemorySignedPreKeyStore } from './libsignalStores.ts';

const SIGNED_PREKEY_ID = 1;
const KYBER_PREKEY_ID = 2;
const DEVICE_ID = 1;

export interface LibsignalParty {
  readonly address: Signal.ProtocolAddress;
  readonly identity: Signal.IdentityKeyPair;
  readonly registrationId: number;
  sessions: MemorySessionStore;
  readonly identities: MemoryIdentityStore;
  readonly preKeys: MemoryPreKeyStore;
  readonly signedPreKeys: MemorySignedPreKeyStore;
  readonly kyberPreKeys: MemoryKyberPreKeyStore;
  readonly bundle: Signal.PreKeyBundle;
}

/** libsignal's byte arrays are typed over a plain ArrayBuffer. */
export function plainBytes(rng: Drbg, length: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(rng.bytes(length));
}

function privateKey(rng: Drbg): Signal.PrivateKey {
  return Signal.PrivateKey.deserialize(plainBytes(rng, 32));
}

export async function makeLibsignalParty(name: string, seed: string): Promise<LibsignalParty> {
  const rng = createDrbg(`${seed}/${name}`);
  const identityKey = privateKey(rng);
  const identity = new Signal.IdentityKeyPair(identityKey.getPublicKey(), identityKey);
  const registrationId = 1 + rng.below(16_380);
  const signedKey = privateKey(rng);
  const signedPub = signedKey.getPublicKey();
  const signedSig = identityKey.sign(signedPub.serialize());
  const kyber = Signal.KEMKeyPair.generate();
  const kyberSig = identityKey.sign(kyber.getPublicKey().serialize());
  const party: LibsignalParty = {
    address: Signal.ProtocolAddress.new(name, DEVICE_ID),
    identity,
    registrationId,
    sessions: new MemorySessionStore(),
    identities: new MemoryIdentityStore(identityKey, registrationId),
    preKeys: new MemoryPreKeyStore(),
    signedPreKeys: new MemorySignedPreKeyStore(),
    kyberPreKeys: new MemoryKyberPreKeyStore(),
    bundle: Signal.PreKeyBundle.new(registrationId, DEVICE_ID, null, null, SIGNED_PREKEY_ID, signedPub, signedSig, identity.publicKey, KYBER_PREKEY_ID, kyber.getPublicKey(), kyberSig),
  };
  await party.signedPreKeys.saveSignedPreKey(SIGNED_PREKEY_ID, Signal.SignedPreKeyRecord.new(SIGNED_PREKEY_ID, 0, signedPub, signedKey, signedSig));
  await party.kyberPreKeys.saveKyberPreKey(KYBER_PREKEY_ID, Signal.KyberPreKeyRecord.new(KYBER_PREKEY_ID, 0, kyber, kyberSig));
  return party;
}

/** Starts `from`'s session to `to` from `to`'s bundle (bundle signatures checked inside libsignal). */
export async function libsignalOpen(from: LibsignalParty, to: LibsignalParty): Promise<void> {
  await Signal.processPreKeyBundle(to.bundle, to.address, from.address, from.sessions, from.identities);
}

export interface LibsignalWire {
  readonly type: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

export async function libsignalSend(from: LibsignalParty, to: LibsignalParty, payload: Uint8Array<ArrayBuffer>): Promise<LibsignalWire> {
  const ct = await Signal.signalEncrypt(payload, to.address, from.address, from.sessions, from.identities);
  return { type: ct.type(), bytes: ct.serialize() };
}

export async function libsignalReceive(to: LibsignalParty, from: LibsignalParty, wire: LibsignalWire): Promise<Uint8Array> {
  if (wire.type === Signal.CiphertextMessageType.PreKey) {
    const m = Signal.PreKeySignalMessage.deserialize(wire.bytes);
    return Signal.signalDecryptPreKey(m, from.address, to.address, to.sessions, to.identities, to.preKeys, to.signedPreKeys, to.kyberPreKeys);
  }
  return Signal.signalDecrypt(Signal.SignalMessage.deserialize(wire.bytes), from.address, to.address, to.sessions, to.identities);
}

/** Alice and Bob with a session both ways: a PreKey message and a reply. */
export async function libsignalPair(seed: string): Promise<{ alice: LibsignalParty; bob: LibsignalParty }> {
  const alice = await makeLibsignalParty('alice', seed);
  const bob = await makeLibsignalParty('bob', seed);
  await libsignalOpen(alice, bob);
  const hello = new Uint8Array(16);
  await libsignalReceive(bob, alice, await libsignalSend(alice, bob, hello));
  await libsignalReceive(alice, bob, await libsignalSend(bob, alice, hello));
  return { alice, bob };
}

/** The serialized session record `party` holds for `peer`. */
export async function libsignalSessionBytes(party: LibsignalParty, peer: LibsignalParty): Promise<number> {
  const record = await party.sessions.getSession(peer.address);
  if (record === null) throw new Error('no session');
  return record.serialize().length;
}
