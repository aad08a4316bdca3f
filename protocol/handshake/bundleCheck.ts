// Bundle checks the initiator runs before any secret is touched (X3DH §3.3 "Alice verifies the
// prekey signature and aborts if verification fails"; PQXDH §3.3 for the KEM prekey signature), after
// the identity's own binding (protocol/identity/binding.ts) when flags.identityBinding is on.
import type { CryptoProvider } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import { requireBoundIdentity } from '../identity/binding.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { verifyKemPreKey } from '../prekeys/kemPreKey.ts';
import { verifySignedPreKey } from '../prekeys/signedPreKey.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';

/**
 * SEC-MITM: an identity whose halves are not bound is refused with BAD_IDENTITY_BINDING; a prekey not
 * signed by the bundle's identity with BAD_PREKEY_SIGNATURE.
 */
export function verifyPreKeyBundle(provider: CryptoProvider, bundle: PreKeyBundle, flags: ProtocolFlags = REFERENCE_FLAGS): void {
  requireBoundIdentity(provider, bundle.identityKey, flags.identityBinding, `bundle of ${bundle.deviceId}`);
  if (!verifySignedPreKey(provider, bundle.identityKey, bundle.signedPreKey)) {
    throw new ProtocolError('BAD_PREKEY_SIGNATURE', `signed prekey ${bundle.signedPreKey.id}: signature does not verify`);
  }
  if (bundle.kemPreKey !== undefined && !verifyKemPreKey(provider, bundle.identityKey, bundle.kemPreKey)) {
    throw new ProtocolError('BAD_PREKEY_SIGNATURE', `KEM prekey ${bundle.kemPreKey.id}: signature does not verify`);
  }
}
