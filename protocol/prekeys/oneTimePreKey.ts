// One-time prekeys (X3DH §2.3 OPK): X25519 keys published in batches, each erased by the responder
// on first use (X3DH §3.4), so a later phone seizure cannot recompute DH4.
import type { CryptoProvider } from '../crypto/provider.ts';
import { generateX25519KeyPair, type X25519KeyPair } from '../identity/keyPair.ts';
import type { PreKeyId } from '../ids.ts';
import type { Rng } from '../random/rng.ts';
import type { OneTimePreKeyPublic } from '../wire/preKeyBundle.ts';

export interface OneTimePreKeyRecord {
  readonly id: PreKeyId;
  readonly keyPair: X25519KeyPair;
}

export function generateOneTimePreKeys(provider: CryptoProvider, rng: Rng, ids: readonly PreKeyId[]): OneTimePreKeyRecord[] {
  return ids.map((id) => ({ id, keyPair: generateX25519KeyPair(provider, rng) }));
}

export function oneTimePreKeyPublic(record: OneTimePreKeyRecord): OneTimePreKeyPublic {
  return { id: record.id, publicKey: record.keyPair.publicKey.slice() };
}
