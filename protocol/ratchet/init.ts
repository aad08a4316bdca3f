// Session start (Signal Double Ratchet spec §3.3, in libsignal's convention so the X3DH known
// answer lines up): the handshake's (rootKey, chainKey) is the responder's first SENDING chain on its
// signed prekey, and the initiator's first RECEIVING chain for that key, followed by one DH step.
import { requireBytes } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { MAX_RATCHET_ASSOCIATED_DATA_BYTES } from '../limits.ts';
import { X25519_KEY_BYTES, type CryptoProvider } from '../crypto/provider.ts';
import type { RatchetContext } from './context.ts';
import { newRatchetKeyPair, newRatchetKeyPairWith } from './dhStep.ts';
import { CHAIN_KEY_BYTES, deriveHeaderKey, kdfRootKey, ROOT_KEY_BYTES } from './kdf.ts';
import type { RatchetKeyPair, RatchetState } from './state.ts';

export interface ResponderInit {
  readonly rootKey: Uint8Array;
  readonly chainKey: Uint8Array;
  /** The responder's signed prekey pair (the one the initiator used). Copied, not kept by reference. */
  readonly ourRatchetKey: RatchetKeyPair;
  /** Opaque, fixed for the session; binds both identities (X3DH §3.3 AD). */
  readonly associatedData: Uint8Array;
}

export interface InitiatorInit {
  readonly rootKey: Uint8Array;
  readonly chainKey: Uint8Array;
  /** The responder's signed prekey public key, already validated by the handshake. */
  readonly theirRatchetKey: Uint8Array;
  readonly associatedData: Uint8Array;
}

function checkCommon(p: { rootKey: unknown; chainKey: unknown; associatedData: unknown }): void {
  requireBytes(p.rootKey, 'rootKey', ROOT_KEY_BYTES);
  requireBytes(p.chainKey, 'chainKey', CHAIN_KEY_BYTES);
  const ad = requireBytes(p.associatedData, 'associatedData');
  if (ad.length > MAX_RATCHET_ASSOCIATED_DATA_BYTES) {
    throw new UsageError(`associatedData: ${ad.length} bytes exceeds the limit of ${MAX_RATCHET_ASSOCIATED_DATA_BYTES}`);
  }
}

/**
 * The responder can send at once, on its signed prekey; it has no receiving chain until the
 * initiator's first message. `provider` derives the first chain's header key.
 */
export function initResponder(p: ResponderInit, provider: CryptoProvider): RatchetState {
  checkCommon(p);
  requireBytes(p.ourRatchetKey.publicKey, 'ourRatchetKey.publicKey', X25519_KEY_BYTES);
  requireBytes(p.ourRatchetKey.secretKey, 'ourRatchetKey.secretKey', X25519_KEY_BYTES);
  return {
    role: 'responder',
    rootKey: p.rootKey.slice(),
    sending: {
      ratchetKeyPair: { publicKey: p.ourRatchetKey.publicKey.slice(), secretKey: p.ourRatchetKey.secretKey.slice() },
      chainKey: p.chainKey.slice(),
      headerKey: deriveHeaderKey(provider, p.chainKey),
      counter: 0,
    },
    previousCounter: 0,
    receiving: [],
    skipped: [],
    associatedData: p.associatedData.slice(),
  };
}

/**
 * The initiator receives on the responder's key with `chainKey`, then ratchets once:
 * (rk, ck_send) = KDF_RK(rootKey, DH(fresh, theirRatchetKey)). With flags.ratchet off (no-ratchet
 * variant) there is no DH step: the fresh key only fills the header and `chainKey` stays the sending key.
 * Throws ProtocolError('BAD_PUBLIC_KEY') if theirRatchetKey is a low-order point.
 */
export function initInitiator(p: InitiatorInit, ctx: RatchetContext): RatchetState {
  checkCommon(p);
  requireBytes(p.theirRatchetKey, 'theirRatchetKey', X25519_KEY_BYTES);
  const receiving = [{ ratchetKey: p.theirRatchetKey.slice(), chainKey: p.chainKey.slice(), headerKey: deriveHeaderKey(ctx.provider, p.chainKey), counter: 0 }];
  const base = { role: 'initiator' as const, previousCounter: 0, receiving, skipped: [], associatedData: p.associatedData.slice() };
  if (!ctx.flags.ratchet) {
    return { ...base, rootKey: p.rootKey.slice(), sending: { ratchetKeyPair: newRatchetKeyPair(ctx), chainKey: p.chainKey.slice(), headerKey: deriveHeaderKey(ctx.provider, p.chainKey), counter: 0 } };
  }
  const { keyPair: fresh, shared: dh } = newRatchetKeyPairWith(ctx, p.theirRatchetKey);
  const next = kdfRootKey(ctx.provider, p.rootKey, dh);
  dh.fill(0);
  return { ...base, rootKey: next.rootKey, sending: { ratchetKeyPair: fresh, chainKey: next.chainKey, headerKey: deriveHeaderKey(ctx.provider, next.chainKey), counter: 0 } };
}
