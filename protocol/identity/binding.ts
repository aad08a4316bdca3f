// Binds the two halves of an identity (X3DH §2.3 uses one key for both DH and signatures via
// XEdDSA; sealroom keeps separate X25519 and Ed25519 keys, so it must tie them explicitly):
// binding = Ed25519-Sign(sign, "sealroom identity binding v1\0" || dh), checked wherever an identity is accepted.
import { concatBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import type { IdentityKey } from './identityKey.ts';

/*
 * Why this is enough: the handshake already proves possession of the dh half (DH1 for an
 * initiator, DH2 for a responder: X3DH §3.3), and the binding proves that the holder of the sign half
 * claims exactly this dh. So a mix of two real identities' halves, or an attacker's dh under a
 * victim's sign, is refused before any DH. Safety numbers and the session AD stay over dh || sign
 * (identityKey.ts): the binding is a deterministic function of them and adds nothing to compare.
 */
const IDENTITY_BINDING_LABEL = utf8('sealroom identity binding v1\0');

export function identityBindingBytes(dh: Uint8Array): Uint8Array {
  return concatBytes(IDENTITY_BINDING_LABEL, dh);
}

export function signIdentityBinding(provider: CryptoProvider, signSeed: Uint8Array, dh: Uint8Array): Uint8Array {
  return provider.ed25519Sign(signSeed, identityBindingBytes(dh));
}

/** True when `key.binding` is present and is `key.sign`'s signature over `key.dh`. Never throws on peer input. */
export function isIdentityBound(provider: CryptoProvider, key: IdentityKey): boolean {
  if (!(key.binding instanceof Uint8Array)) return false;
  return provider.ed25519Verify(key.sign, identityBindingBytes(key.dh), key.binding);
}

/** BAD_IDENTITY_BINDING unless the identity's halves are bound (skipped when `enforce` is off: weak variant unbound-identity). */
export function requireBoundIdentity(provider: CryptoProvider, key: IdentityKey, enforce: boolean, what: string): void {
  if (!enforce) return;
  if (!isIdentityBound(provider, key)) throw new ProtocolError('BAD_IDENTITY_BINDING', `${what}: identity halves are not bound (missing or bad binding signature)`);
}
