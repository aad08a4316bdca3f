// The ML-KEM-768 part of PQXDH (PQXDH §3.3 and §3.4): the initiator encapsulates to the responder's
// signed KEM prekey, (CT, SS) = Encaps(PQPK_B); the responder decapsulates CT with that prekey. SS
// joins the KDF input after the DH outputs, so a broken X25519 alone does not reveal SK (SEC-PQ).
import { MLKEM768_ENCAPS_RANDOM_BYTES, type CryptoProvider } from '../crypto/provider.ts';
import type { KemPreKeyRecord } from '../prekeys/kemPreKey.ts';
import type { Rng } from '../random/rng.ts';
import type { KemPreKeyPublic } from '../wire/preKeyBundle.ts';

export interface KemEncapsulated {
  readonly ciphertext: Uint8Array;
  readonly sharedSecret: Uint8Array;
  /** The Encaps randomness m: it determines SS, so it is spent like an ephemeral secret. */
  readonly randomness: Uint8Array;
}

/** KEM_BAD_PUBLIC_KEY (from the provider) for an encapsulation key failing the FIPS 203 check. */
export function encapsulateToPreKey(provider: CryptoProvider, rng: Rng, preKey: KemPreKeyPublic): KemEncapsulated {
  const randomness = rng.bytes(MLKEM768_ENCAPS_RANDOM_BYTES);
  const { ciphertext, sharedSecret } = provider.mlkem768Encapsulate(preKey.publicKey, randomness);
  return { ciphertext, sharedSecret, randomness };
}

/** Implicit rejection (FIPS 203): a wrong ciphertext yields an unrelated SS, so the sessions simply disagree. */
export function decapsulateWithPreKey(provider: CryptoProvider, preKey: KemPreKeyRecord, ciphertext: Uint8Array): Uint8Array {
  return provider.mlkem768Decapsulate(ciphertext, preKey.keyPair.secretKey);
}
