// The pure-TypeScript peer (@privacyresearch/libsignal-protocol-typescript, GPL-3.0-only): X3DH
// session setup, one-way messages and ping-pong through an in-memory StorageType written here (the
// package defines the interface only). Its WebCrypto is swapped for one whose getRandomValues reads
// a seeded DRBG, so this peer's keys and nonces are as replayable as sealroom's; its AES-CBC and HMAC
// still run in WebCrypto (node:crypto underneath) and its X25519/XEdDSA in its own curve25519 code.
import * as PR from '@privacyresearch/libsignal-protocol-typescript';
import { createDrbg } from '../../protocol/random/drbg.ts';

const SIGNED_PREKEY_ID = 1;
const DEVICE_ID = 1;

let seeded = false;

/** Routes the library's randomness through a seeded DRBG (once per process; the setting is global). */
function seedLibrary(seed: string): void {
  if (seeded) return;
  const rng = createDrbg(seed);
  const webcrypto = globalThis.crypto;
  const seededCrypto = {
    subtle: webcrypto.subtle,
    getRandomValues<T extends ArrayBufferView | null>(array: T): T {
      if (array !== null) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(rng.bytes(array.byteLength));
      return array;
    },
    randomUUID: () => webcrypto.randomUUID(),
  } as unknown as typeof globalThis.crypto;
  PR.setWebCrypto(seededCrypto);
  seeded = true;
}

/** The smallest StorageType: everything in maps, trust on first use. Sessions are the library's serialized strings. */
class MemoryStorage implements PR.StorageType {
  readonly sessions = new Map<string, string>();
  private readonly identities = new Map<string, ArrayBuffer>();
  private readonly preKeys = new Map<string, PR.KeyPairType>();
  private readonly signedPreKeys = new Map<string, PR.KeyPairType>();

  constructor(
    private readonly identity: PR.KeyPairType,
    private readonly registrationId: number,
  ) {}

  getIdentityKeyPair = async (): Promise<PR.KeyPairType> => this.identity;
  getLocalRegistrationId = async (): Promise<number> => this.registrationId;
  isTrustedIdentity = async (identifier: string, key: ArrayBuffer): Promise<boolean> => {
    const known = this.identities.get(identifier);
    return known === undefined || Buffer.from(known).equals(Buffer.from(key));
  };
  saveIdentity = async (address: string, key: ArrayBuffer): Promise<boolean> => {
    const name = PR.SignalProtocolAddress.fromString(address).getName();
    const known = this.identities.get(name);
    this.identities.set(name, key);
    return known !== undefined && !Buffer.from(known).equals(Buffer.from(key));
  };
  loadPreKey = async (id: string | number): Promise<PR.KeyPairType | undefined> => this.preKeys.get(String(id));
  storePreKey = async (id: string | number, pair: PR.KeyPairType): Promise<void> => void this.preKeys.set(String(id), pair);
  removePreKey = async (id: string | number): Promise<void> => void this.preKeys.delete(String(id));
  storeSession = async (address: string, record: string): Promise<void> => void this.sessions.set(address, record);
  loadSession = async (address: string): Promise<string | undefined> => this.sessions.get(address);
  loadSignedPreKey = async (id: string | number): Promise<PR.KeyPairType | undefined> => this.signedPreKeys.get(String(id));
  storeSignedPreKey = async (id: string | number, pair: PR.KeyPairType): Promise<void> => void this.signedPreKeys.set(String(id), pair);
  removeSignedPreKey = async (id: string | number): Promise<void> => void this.signedPreKeys.delete(String(id));
}

export interface PrParty {
  readonly address: PR.SignalProtocolAddress;
  readonly identity: PR.KeyPairType;
  readonly registrationId: number;
  storage: MemoryStorage;
  readonly device: PR.DeviceType;
  readonly signedPreKey: PR.SignedPreKeyPairType;
}

export async function makePrParty(name: string, seed: string): Promise<PrParty> {
  seedLibrary(`${seed}/privacyresearch`);
  const identity = await PR.KeyHelper.generateIdentityKeyPair();
  const registrationId = PR.KeyHelper.generateRegistrationId();
  const signedPreKey = await PR.KeyHelper.generateSignedPreKey(identity, SIGNED_PREKEY_ID);
  const storage = new MemoryStorage(identity, registrationId);
  await storage.storeSignedPreKey(SIGNED_PREKEY_ID, signedPreKey.keyPair);
  // No one-time prekey, as in the other two implementations: the same bundle serves every setup.
  const device: PR.DeviceType = {
    identityKey: identity.pubKey,
    signedPreKey: { keyId: SIGNED_PREKEY_ID, publicKey: signedPreKey.keyPair.pubKey, signature: signedPreKey.signature },
    registrationId,
  };
  return { address: new PR.SignalProtocolAddress(name, DEVICE_ID), identity, registrationId, storage, device, signedPreKey };
}

/** A fresh, empty session store for `party` (same identity and prekeys): one more setup from scratch. */
export function withFreshSessions(party: PrParty): PrParty {
  const storage = new MemoryStorage(party.identity, party.registrationId);
  void storage.storeSignedPreKey(SIGNED_PREKEY_ID, party.signedPreKey.keyPair);
  return { ...party, storage };
}

export async function prOpen(from: PrParty, to: PrParty): Promise<void> {
  await new PR.SessionBuilder(from.storage, to.address).processPreKey(to.device);
}

export interface PrWire {
  readonly type: number;
  /** The library's binary string: one char per byte. */
  readonly body: string;
}

export async function prSend(from: PrParty, to: PrParty, payload: Uint8Array): Promise<PrWire> {
  const copy = payload.slice();
  const m = await new PR.SessionCipher(from.storage, to.address).encrypt(copy.buffer);
  if (m.body === undefined) throw new Error('privacyresearch: empty ciphertext');
  return { type: m.type, body: m.body };
}

export async function prReceive(to: PrParty, from: PrParty, wire: PrWire): Promise<ArrayBuffer> {
  const cipher = new PR.SessionCipher(to.storage, from.address);
  if (wire.type === PR.EncryptionResultMessageType.PreKeyWhisperMessage) return cipher.decryptPreKeyWhisperMessage(wire.body, 'binary');
  return cipher.decryptWhisperMessage(wire.body, 'binary');
}

export async function prPair(seed: string): Promise<{ alice: PrParty; bob: PrParty }> {
  const alice = await makePrParty('alice', seed);
  const bob = await makePrParty('bob', seed);
  await prOpen(alice, bob);
  const hello = new Uint8Array(16);
  await prReceive(bob, alice, await prSend(alice, bob, hello));
  await prReceive(alice, bob, await prSend(bob, alice, hello));
  return { alice, bob };
}

/** Serialized session record (the library's JSON string) `party` keeps for `peer`, in bytes. */
export function prSessionBytes(party: PrParty, peer: PrParty): number {
  const record = party.storage.sessions.get(peer.address.toString());
  if (record === undefined) throw new Error('no session');
  return Buffer.byteLength(record, 'utf8');
}
