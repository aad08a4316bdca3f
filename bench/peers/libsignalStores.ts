// In-memory stores for @signalapp/libsignal-client (AGPL-3.0-only; a devDependency imported only from
// bench/peers/). The package ships the abstract store classes but no in-memory implementation for Node,
// so these are the smallest maps that satisfy them: sessions by address, trust-on-first-use identities,
// prekeys by id. Kyber prekeys are last-resort keys here, so marking one used keeps it.
import * as Signal from '@signalapp/libsignal-client';

export class MemorySessionStore extends Signal.SessionStore {
  private readonly sessions = new Map<string, Signal.SessionRecord>();

  async saveSession(name: Signal.ProtocolAddress, record: Signal.SessionRecord): Promise<void> {
    this.sessions.set(name.toString(), record);
  }

  async getSession(name: Signal.ProtocolAddress): Promise<Signal.SessionRecord | null> {
    return this.sessions.get(name.toString()) ?? null;
  }

  async getExistingSessions(addresses: Signal.ProtocolAddress[]): Promise<Signal.SessionRecord[]> {
    return addresses.map((a) => {
      const record = this.sessions.get(a.toString());
      if (record === undefined) throw new Error(`no session for ${a.toString()}`);
      return record;
    });
  }
}

export class MemoryIdentityStore extends Signal.IdentityKeyStore {
  private readonly known = new Map<string, Signal.PublicKey>();

  constructor(
    private readonly identity: Signal.PrivateKey,
    private readonly registrationId: number,
  ) {
    super();
  }

  async getIdentityKey(): Promise<Signal.PrivateKey> {
    return this.identity;
  }

  async getLocalRegistrationId(): Promise<number> {
    return this.registrationId;
  }

  async saveIdentity(name: Signal.ProtocolAddress, key: Signal.PublicKey): Promise<Signal.IdentityChange> {
    const before = this.known.get(name.toString());
    this.known.set(name.toString(), key);
    return before === undefined || before.equals(key) ? Signal.IdentityChange.NewOrUnchanged : Signal.IdentityChange.ReplacedExisting;
  }

  async isTrustedIdentity(name: Signal.ProtocolAddress, key: Signal.PublicKey): Promise<boolean> {
    const before = this.known.get(name.toString());
    return before === undefined || before.equals(key);
  }

  async getIdentity(name: Signal.ProtocolAddress): Promise<Signal.PublicKey | null> {
    return this.known.get(name.toString()) ?? null;
  }
}

function missing(kind: string, id: number): Error {
  return new Error(`no ${kind} prekey ${id}`);
}

export class MemoryPreKeyStore extends Signal.PreKeyStore {
  private readonly keys = new Map<number, Signal.PreKeyRecord>();

  async savePreKey(id: number, record: Signal.PreKeyRecord): Promise<void> {
    this.keys.set(id, record);
  }

  async getPreKey(id: number): Promise<Signal.PreKeyRecord> {
    const k = this.keys.get(id);
    if (k === undefined) throw missing('one-time', id);
    return k;
  }

  async removePreKey(id: number): Promise<void> {
    this.keys.delete(id);
  }
}

export class MemorySignedPreKeyStore extends Signal.SignedPreKeyStore {
  private readonly keys = new Map<number, Signal.SignedPreKeyRecord>();

  async saveSignedPreKey(id: number, record: Signal.SignedPreKeyRecord): Promise<void> {
    this.keys.set(id, record);
  }

  async getSignedPreKey(id: number): Promise<Signal.SignedPreKeyRecord> {
    const k = this.keys.get(id);
    if (k === undefined) throw missing('signed', id);
    return k;
  }
}

export class MemoryKyberPreKeyStore extends Signal.KyberPreKeyStore {
  private readonly keys = new Map<number, Signal.KyberPreKeyRecord>();

  async saveKyberPreKey(id: number, record: Signal.KyberPreKeyRecord): Promise<void> {
    this.keys.set(id, record);
  }

  async getKyberPreKey(id: number): Promise<Signal.KyberPreKeyRecord> {
    const k = this.keys.get(id);
    if (k === undefined) throw missing('kyber', id);
    return k;
  }

  async markKyberPreKeyUsed(): Promise<void> {
    // Last-resort key: it stays usable (sealroom's bench uses its last-resort KEM prekey the same way).
  }
}
