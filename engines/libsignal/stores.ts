// In-memory stores for @signalapp/libsignal-client over one plain record per device, so that the
// record, serialized, is the device's whole stored state (what a seizure or a thief takes): sessions,
// identities, one-time, signed and Kyber prekeys. The trust policy and the Kyber last-resort replay
// record are the adapter's, written as a Signal client does it (docs/engine-contract.md "libsignal").
import * as Signal from '@signalapp/libsignal-client';

/** One device's stored state, every key and record as hex (libsignal's own serializations). */
export interface DeviceRecord {
  readonly v: 1;
  readonly user: string;
  readonly device: number;
  readonly registrationId: number;
  readonly identity: string;
  readonly sessions: Record<string, string>;
  /** Identities seen per peer address, trusted on first use. */
  readonly identities: Record<string, string>;
  /** A changed identity the user acknowledged: trusted for sending from then on. */
  readonly acknowledged: Record<string, string>;
  readonly preKeys: Record<string, string>;
  readonly signedPreKeys: Record<string, string>;
  readonly kyberPreKeys: Record<string, string>;
  /** (Kyber prekey id, signed prekey id, base key) of every setup made on a last-resort Kyber key. */
  readonly kyberUsed: string[];
  current: { signedPreKeyId: number; kyberPreKeyId: number };
  nextPreKeyId: number;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(s, 'hex'));

/** Setups on one last-resort Kyber key a device remembers (libsignal's own client keeps them until the key is rotated). */
const MAX_KYBER_USES_KEPT = 10_000;

class RecordSessions extends Signal.SessionStore {
  constructor(private readonly r: DeviceRecord) {
    super();
  }
  async saveSession(name: Signal.ProtocolAddress, record: Signal.SessionRecord): Promise<void> {
    this.r.sessions[name.toString()] = hex(record.serialize());
  }
  async getSession(name: Signal.ProtocolAddress): Promise<Signal.SessionRecord | null> {
    const s = this.r.sessions[name.toString()];
    return s === undefined ? null : Signal.SessionRecord.deserialize(unhex(s));
  }
  async getExistingSessions(addresses: Signal.ProtocolAddress[]): Promise<Signal.SessionRecord[]> {
    return addresses.map((a) => {
      const s = this.r.sessions[a.toString()];
      if (s === undefined) throw new Error(`no session for ${a.toString()}`);
      return Signal.SessionRecord.deserialize(unhex(s));
    });
  }
}

/**
 * Trust on first use. Sending to a changed identity is refused until the user acknowledges it (the
 * message waits: a Signal client fails the send with "safety number changed" and asks before resending);
 * receiving from one is accepted and the new identity recorded, as Signal's clients do.
 */
class RecordIdentities extends Signal.IdentityKeyStore {
  constructor(private readonly r: DeviceRecord) {
    super();
  }
  async getIdentityKey(): Promise<Signal.PrivateKey> {
    return Signal.PrivateKey.deserialize(unhex(this.r.identity));
  }
  async getLocalRegistrationId(): Promise<number> {
    return this.r.registrationId;
  }
  async saveIdentity(name: Signal.ProtocolAddress, key: Signal.PublicKey): Promise<Signal.IdentityChange> {
    const before = this.r.identities[name.toString()];
    const now = hex(key.serialize());
    this.r.identities[name.toString()] = now;
    return before === undefined || before === now ? Signal.IdentityChange.NewOrUnchanged : Signal.IdentityChange.ReplacedExisting;
  }
  async isTrustedIdentity(name: Signal.ProtocolAddress, key: Signal.PublicKey, direction: Signal.Direction): Promise<boolean> {
    if (direction === Signal.Direction.Receiving) return true;
    const before = this.r.identities[name.toString()];
    const now = hex(key.serialize());
    return before === undefined || before === now || this.r.acknowledged[name.toString()] === now;
  }
  async getIdentity(name: Signal.ProtocolAddress): Promise<Signal.PublicKey | null> {
    const k = this.r.identities[name.toString()];
    return k === undefined ? null : Signal.PublicKey.deserialize(unhex(k));
  }
}

class RecordPreKeys extends Signal.PreKeyStore {
  constructor(private readonly r: DeviceRecord) {
    super();
  }
  async savePreKey(id: number, record: Signal.PreKeyRecord): Promise<void> {
    this.r.preKeys[id] = hex(record.serialize());
  }
  async getPreKey(id: number): Promise<Signal.PreKeyRecord> {
    const k = this.r.preKeys[id];
    if (k === undefined) throw new Error(`no one-time prekey ${id}`);
    return Signal.PreKeyRecord.deserialize(unhex(k));
  }
  async removePreKey(id: number): Promise<void> {
    delete this.r.preKeys[id];
  }
}

class RecordSignedPreKeys extends Signal.SignedPreKeyStore {
  constructor(private readonly r: DeviceRecord) {
    super();
  }
  async saveSignedPreKey(id: number, record: Signal.SignedPreKeyRecord): Promise<void> {
    this.r.signedPreKeys[id] = hex(record.serialize());
  }
  async getSignedPreKey(id: number): Promise<Signal.SignedPreKeyRecord> {
    const k = this.r.signedPreKeys[id];
    if (k === undefined) throw new Error(`no signed prekey ${id}`);
    return Signal.SignedPreKeyRecord.deserialize(unhex(k));
  }
}

/** Kyber prekeys are last-resort keys here: a repeated (Kyber id, signed id, base key) is a replayed setup and is refused. */
class RecordKyberPreKeys extends Signal.KyberPreKeyStore {
  constructor(private readonly r: DeviceRecord) {
    super();
  }
  async saveKyberPreKey(id: number, record: Signal.KyberPreKeyRecord): Promise<void> {
    this.r.kyberPreKeys[id] = hex(record.serialize());
  }
  async getKyberPreKey(id: number): Promise<Signal.KyberPreKeyRecord> {
    const k = this.r.kyberPreKeys[id];
    if (k === undefined) throw new Error(`no Kyber prekey ${id}`);
    return Signal.KyberPreKeyRecord.deserialize(unhex(k));
  }
  async markKyberPreKeyUsed(kyberId: number, signedId: number, baseKey: Signal.PublicKey): Promise<void> {
    const use = `${kyberId}:${signedId}:${hex(baseKey.serialize())}`;
    if (this.r.kyberUsed.includes(use)) throw new Error('a setup on this last-resort Kyber prekey with this base key was seen before');
    if (this.r.kyberUsed.length >= MAX_KYBER_USES_KEPT) this.r.kyberUsed.shift();
    this.r.kyberUsed.push(use);
  }
}

export interface Stores {
  readonly sessions: Signal.SessionStore;
  readonly identities: Signal.IdentityKeyStore;
  readonly preKeys: Signal.PreKeyStore;
  readonly signedPreKeys: Signal.SignedPreKeyStore;
  readonly kyberPreKeys: Signal.KyberPreKeyStore;
}

export function storesOf(r: DeviceRecord): Stores {
  return { sessions: new RecordSessions(r), identities: new RecordIdentities(r), preKeys: new RecordPreKeys(r), signedPreKeys: new RecordSignedPreKeys(r), kyberPreKeys: new RecordKyberPreKeys(r) };
}
