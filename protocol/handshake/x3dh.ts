// The DH part of X3DH and PQXDH (X3DH §3.3 and §3.4, PQXDH §3.3 and §3.4) on explicit key material:
// DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 = DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B). The
// session functions and the libsignal known-answer test both run these. Low-order keys: BAD_PUBLIC_KEY.
import { wipe } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { assert } from '../errors.ts';
import { deriveSessionKeys } from './keySchedule.ts';
import type { HandshakeMode, SessionKeys } from './types.ts';

export interface InitiatorKeyMaterial {
  readonly mode: HandshakeMode;
  readonly identitySecretKey: Uint8Array;
  readonly ephemeralSecretKey: Uint8Array;
  readonly theirIdentityKey: Uint8Array;
  readonly theirSignedPreKey: Uint8Array;
  readonly theirOneTimePreKey?: Uint8Array | undefined;
  /** PQXDH only: SS from ML-KEM-768 Encaps. */
  readonly kemSharedSecret?: Uint8Array | undefined;
}

export interface ResponderKeyMaterial {
  readonly mode: HandshakeMode;
  readonly identitySecretKey: Uint8Array;
  readonly signedPreKeySecretKey: Uint8Array;
  readonly oneTimePreKeySecretKey?: Uint8Array | undefined;
  readonly theirIdentityKey: Uint8Array;
  readonly theirEphemeralKey: Uint8Array;
  /** PQXDH only: SS from ML-KEM-768 Decaps. */
  readonly kemSharedSecret?: Uint8Array | undefined;
}

// The DHs that share a secret go through one x25519Each, so the provider prepares that secret once.
export function agreeAsInitiator(provider: CryptoProvider, m: InitiatorKeyMaterial): SessionKeys {
  const dh: Uint8Array[] = [];
  try {
    dh.push(provider.x25519(m.identitySecretKey, m.theirSignedPreKey));
    const withEphemeral = [m.theirIdentityKey, m.theirSignedPreKey, ...(m.theirOneTimePreKey === undefined ? [] : [m.theirOneTimePreKey])];
    dh.push(...provider.x25519Each(m.ephemeralSecretKey, withEphemeral));
    return deriveSessionKeys(provider, m.mode, dh, m.kemSharedSecret);
  } finally {
    wipe(...dh);
  }
}

export function agreeAsResponder(provider: CryptoProvider, m: ResponderKeyMaterial): SessionKeys {
  const made: Uint8Array[] = [];
  const kept = (outputs: Uint8Array[]): Uint8Array[] => {
    made.push(...outputs);
    return outputs;
  };
  try {
    const [dh1, dh3] = kept(provider.x25519Each(m.signedPreKeySecretKey, [m.theirIdentityKey, m.theirEphemeralKey]));
    const [dh2] = kept([provider.x25519(m.identitySecretKey, m.theirEphemeralKey)]);
    const dh4 = m.oneTimePreKeySecretKey === undefined ? [] : kept([provider.x25519(m.oneTimePreKeySecretKey, m.theirEphemeralKey)]);
    assert(dh1 !== undefined && dh2 !== undefined && dh3 !== undefined, 'x25519Each answers every key');
    return deriveSessionKeys(provider, m.mode, [dh1, dh2, dh3, ...dh4], m.kemSharedSecret);
  } finally {
    wipe(...made);
  }
}
