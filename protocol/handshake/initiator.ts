// The initiator's side of session setup (X3DH §3.3, PQXDH §3.3): check the bundle's signatures,
// refuse a PQ downgrade, then run DH (and KEM) with a fresh ephemeral key that is handed back in
// `consumed` and kept out of every returned state (the caller wipes it: X3DH §3.3 "deletes").
import { wipe } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import { generateX25519KeyPair, type IdentityKeyPair } from '../identity/keyPair.ts';
import type { Rng } from '../random/rng.ts';
import { copyIdentityKey } from '../identity/identityKey.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import type { InitialMessage } from '../wire/initialMessage.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';
import { verifyPreKeyBundle } from './bundleCheck.ts';
import { associatedData, type SessionIds } from './keySchedule.ts';
import { encapsulateToPreKey, type KemEncapsulated } from './pqxdh.ts';
import type { HandshakeMode, InitiatorSession } from './types.ts';
import { agreeAsInitiator } from './x3dh.ts';

export interface InitiateParams {
  readonly provider: CryptoProvider;
  readonly rng: Rng;
  readonly ourIdentity: IdentityKeyPair;
  readonly theirBundle: PreKeyBundle;
  readonly mode: HandshakeMode;
  /** Safeguard switches (protocol/variant.ts); default: every safeguard on. */
  readonly flags?: ProtocolFlags;
  /** Both ends' user and device ids, bound into the AD when flags.idBinding is on (keySchedule.ts). */
  readonly ids?: SessionIds;
  /** InitialMessage.supersedes: what the initiator held with the responder. */
  readonly supersedes?: Uint8Array | undefined;
}

/** Throws BAD_IDENTITY_BINDING, BAD_PREKEY_SIGNATURE, PQ_DOWNGRADE, BAD_PUBLIC_KEY or KEM_BAD_PUBLIC_KEY; reads no randomness before the checks. */
export function initiateSession(params: InitiateParams): InitiatorSession {
  const { provider, rng, ourIdentity, theirBundle: bundle, mode } = params;
  const flags = params.flags ?? REFERENCE_FLAGS;
  verifyPreKeyBundle(provider, bundle, flags); // SEC-MITM: before any DH or randomness
  const kemPreKey = bundle.kemPreKey;
  if (mode === 'pqxdh' && kemPreKey === undefined) throw new ProtocolError('PQ_DOWNGRADE', 'PQXDH: the bundle has no KEM prekey'); // SEC-PQ
  const ephemeral = generateX25519KeyPair(provider, rng);
  let kem: KemEncapsulated | undefined;
  try {
    if (mode === 'pqxdh' && kemPreKey !== undefined) kem = encapsulateToPreKey(provider, rng, kemPreKey);
    const keys = agreeAsInitiator(provider, {
      mode,
      identitySecretKey: ourIdentity.dhSecretKey,
      ephemeralSecretKey: ephemeral.secretKey,
      theirIdentityKey: bundle.identityKey.dh,
      theirSignedPreKey: bundle.signedPreKey.publicKey,
      theirOneTimePreKey: bundle.oneTimePreKey?.publicKey,
      kemSharedSecret: kem?.sharedSecret,
    });
    const initialMessage: InitialMessage = {
      initiatorIdentity: copyIdentityKey(ourIdentity.publicKey),
      ephemeralPublic: ephemeral.publicKey.slice(),
      signedPreKeyId: bundle.signedPreKey.id,
      oneTimePreKeyId: bundle.oneTimePreKey?.id,
      kem: kem === undefined || kemPreKey === undefined ? undefined : { preKeyId: kemPreKey.id, ciphertext: kem.ciphertext },
      supersedes: params.supersedes?.slice(),
    };
    return {
      mode,
      ...keys,
      associatedData: associatedData(ourIdentity.publicKey, bundle.identityKey, flags.idBinding ? params.ids : undefined, initialMessage.supersedes),
      theirIdentity: copyIdentityKey(bundle.identityKey),
      theirDeviceId: bundle.deviceId,
      theirRatchetKey: bundle.signedPreKey.publicKey.slice(),
      initialMessage,
      consumed: kem === undefined ? [ephemeral.secretKey] : [ephemeral.secretKey, kem.randomness],
    };
  } catch (e) {
    // Nothing escaped: erase what this call made before refusing.
    wipe(ephemeral.secretKey, ...(kem === undefined ? [] : [kem.randomness]));
    throw e;
  } finally {
    if (kem !== undefined) wipe(kem.sharedSecret);
  }
}
