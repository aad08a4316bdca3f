// The DH part of X3DH and PQXDH (X3DH §3.3 and §3.4, PQXDH §3.3 and §3.4) on explicit key material:
// DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 = DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B). The
// session functions and the libsignal known-answer test both run these. Low-order keys: BAD_PUBLIC_KEY.
import { wipe } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
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

export function agreeAsInitiator(provider: CryptoProvider, m: InitiatorKeyMaterial): SessionKeys {
  const dh: Uint8Array[] = [];
  try {
    dh.push(provider.x25519(m.identitySecretKey, m.theirSignedPreKey));
    dh.push(provider.x25519(m.ephemeralSecretKey, m.theirIdentityKey));
    dh.push(provider.x25519(m.ephemeralSecretKey, m.theirSignedPreKey));
    if (m.theirOneTimePreKey !== undefined) dh.push(provider.x25519(m.ephemeralSecretKey, m.theirOneTimePreKey));
    return deriveSessionKeys(provider, m.mode, dh, m.kemSharedSecret);
  } finally {
    wipe(...dh);
  }
}

export function agreeAsResponder(provider: CryptoProvider, m: ResponderKeyMaterial): SessionKeys {
  const dh: Uint8Array[] = [];
  try {
    dh.push(provider.x25519(m.signedPreKeySecretKey, m.theirIdentityKey));
    dh.push(provider.x25519(m.identitySecretKey, m.theirEphemeralKey));
    dh.push(provider.x25519(m.signedPreKeySecretKey, m.theirEphemeralKey));
    if (m.oneTimePreKeySecretKey !== undefined) dh.push(provider.x25519(m.oneTimePreKeySecretKey, m.theirEphemeralKey));
    return deriveSessionKeys(provider, m.mode, dh, m.kemSharedSecret);
  } finally {
    wipe(...dh);
  }
}
