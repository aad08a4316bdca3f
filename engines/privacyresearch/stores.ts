// The library's StorageType over one plain record per device. The package defines the interface and
// leaves every store to its user; here identity, one-time and signed prekeys, sessions and the peers'
// identities all live in the record, so the record serialized is the device's whole stored state
// (what a seizure or a thief takes). The trust policy is the adapter's (README "Trust").
import * as PR from '@privacyresearch/libsignal-protocol-typescript';

/** A key pair as the record keeps it: the library's 33-byte public key (0x05 prefix) and 32-byte private key, in hex. */
export interface KeyPairHex {
  readonly pub: string;
  readonly priv: string;
}

interface SignedPreKeyHex extends KeyPairHex {
  /** The identity's XEdDSA signature over `pub`. */
  readonly signature: string;
}

/** One device's stored state. */
export interface DeviceRecord {
  readonly v: 1;
  readonly user: string;
  readonly device: number;
  readonly registrationId: number;
  readonly identity: KeyPairHex;
  /** The library's own session record (a JSON string) per peer address, `user.device`. */
  readonly sessions: Record<string, string>;
  /** The identity seen for each peer user, trusted on first use. */
  readonly identities: Record<string, string>;
  /** A changed identity the user acknowledged for a peer user: trusted for sending from then on. */
  readonly acknowledged: Record<string, string>;
  readonly preKeys: Record<string, KeyPairHex>;
  readonly signedPreKeys: Record<string, SignedPreKeyHex>;
  currentSignedPreKeyId: number;
  nextPreKeyId: number;
}

export const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

/** Bytes as a fresh ArrayBuffer of exactly their length (the library checks `instanceof ArrayBuffer` and byteLength). */
export const buffer = (b: Uint8Array): ArrayBuffer => {
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
};

export const unhex = (s: string): ArrayBuffer => buffer(Buffer.from(s, 'hex'));

export const keyPairOf = (k: KeyPairHex): PR.KeyPairType => ({ pubKey: unhex(k.pub), privKey: unhex(k.priv) });

export const keyPairHex = (k: PR.KeyPairType): KeyPairHex => ({ pub: hex(k.pubKey), priv: hex(k.privKey) });

/**
 * The peer user an address string names. The library hands saveIdentity `name.device` but
 * isTrustedIdentity the name alone, so identities are kept per user (as Signal keeps one identity per account).
 */
function userOf(encodedAddress: string): string {
  const m = /^(.*)\.\d+$/.exec(encodedAddress);
  return m?.[1] ?? encodedAddress;
}

/**
 * The stores the library calls during one operation on `r`. Trust on first use: sending to a changed
 * identity is refused until the user acknowledges it; receiving from one is trusted, as Signal's clients
 * do (README "Trust"). `refused` records the identity a sending check turned down, so the worker can
 * answer UNTRUSTED_IDENTITY from the store's own decision rather than from the library's error text.
 * No method here ever rejects: the library calls two of them without awaiting the promise.
 */
export class RecordStorage implements PR.StorageType {
  refused: ArrayBuffer | undefined;

  constructor(private readonly r: DeviceRecord) {}

  getIdentityKeyPair = async (): Promise<PR.KeyPairType> => keyPairOf(this.r.identity);

  getLocalRegistrationId = async (): Promise<number> => this.r.registrationId;

  isTrustedIdentity = async (identifier: string, identityKey: ArrayBuffer, direction: PR.Direction): Promise<boolean> => {
    if (direction === PR.Direction.RECEIVING) return true;
    const user = userOf(identifier);
    const now = hex(identityKey);
    const before = this.r.identities[user];
    const trusted = before === undefined || before === now || this.r.acknowledged[user] === now;
    if (!trusted) this.refused = identityKey;
    return trusted;
  };

  saveIdentity = async (encodedAddress: string, publicKey: ArrayBuffer): Promise<boolean> => {
    const user = userOf(encodedAddress);
    const before = this.r.identities[user];
    const now = hex(publicKey);
    this.r.identities[user] = now;
    return before !== undefined && before !== now;
  };

  loadPreKey = async (keyId: string | number): Promise<PR.KeyPairType | undefined> => {
    const k = this.r.preKeys[String(keyId)];
    return k === undefined ? undefined : keyPairOf(k);
  };

  storePreKey = async (keyId: number | string, keyPair: PR.KeyPairType): Promise<void> => {
    this.r.preKeys[String(keyId)] = keyPairHex(keyPair);
  };

  removePreKey = async (keyId: number | string): Promise<void> => {
    delete this.r.preKeys[String(keyId)];
  };

  storeSession = async (encodedAddress: string, record: string): Promise<void> => {
    this.r.sessions[encodedAddress] = record;
  };

  loadSession = async (encodedAddress: string): Promise<string | undefined> => this.r.sessions[encodedAddress];

  loadSignedPreKey = async (keyId: number | string): Promise<PR.KeyPairType | undefined> => {
    const k = this.r.signedPreKeys[String(keyId)];
    return k === undefined ? undefined : keyPairOf(k);
  };

  storeSignedPreKey = async (keyId: number | string, keyPair: PR.KeyPairType): Promise<void> => {
    // The library never calls this; the adapter stores signed prekeys with their signatures itself (worker.ts refresh).
    this.r.signedPreKeys[String(keyId)] = { ...keyPairHex(keyPair), signature: this.r.signedPreKeys[String(keyId)]?.signature ?? '' };
  };

  removeSignedPreKey = async (keyId: number | string): Promise<void> => {
    delete this.r.signedPreKeys[String(keyId)];
  };
}
