// Bundle checks the initiator runs before any secret is touched (X3DH §3.3 "Alice verifies the
// prekey signature and aborts if verification fails"; PQXDH §3.3 for the KEM prekey signature).
import type { CryptoProvider } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import { verifyKemPreKey } from '../prekeys/kemPreKey.ts';
import { verifySignedPreKey } from '../prekeys/signedPreKey.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';

/** SEC-MITM: a prekey not signed by the bundle's identity is refused with BAD_PREKEY_SIGNATURE. */
export function verifyPreKeyBundle(provider: CryptoProvider, bundle: PreKeyBundle): void {
  if (!verifySignedPreKey(provider, bundle.identityKey, bundle.signedPreKey)) {
    throw new ProtocolError('BAD_PREKEY_SIGNATURE', `signed prekey ${bundle.signedPreKey.id}: signature does not verify`);
  }
  if (bundle.kemPreKey !== undefined && !verifyKemPreKey(provider, bundle.identityKey, bundle.kemPreKey)) {
    throw new ProtocolError('BAD_PREKEY_SIGNATURE', `KEM prekey ${bundle.kemPreKey.id}: signature does not verify`);
  }
}
