// The Double Ratchet's KDFs (Signal Double Ratchet spec §5.2, with libsignal's conventions so its
// known answers pass): KDF_RK = HKDF(salt = root key, "WhisperRatchet"), KDF_CK = HMAC with 0x01/0x02,
// message keys = HKDF(seed, "WhisperMessageKeys", 80). Plus a chain's header key (docs/architecture.md,
// "Header tags"), which libsignal does not have, and the no-ratchet weak variant's static KDF.
import type { CryptoProvider } from '../crypto/provider.ts';
import { concatBytes, utf8, wipe } from '../bytes.ts';
import type { RatchetRole } from './state.ts';

export const ROOT_KEY_BYTES = 32;
export const CHAIN_KEY_BYTES = 32;
export const MESSAGE_KEY_SEED_BYTES = 32;
export const HEADER_KEY_BYTES = 32;

const ROOT_INFO = utf8('WhisperRatchet');
const MESSAGE_KEYS_INFO = utf8('WhisperMessageKeys');
const MESSAGE_KEY_SEED_INPUT = Uint8Array.of(0x01);
const CHAIN_KEY_INPUT = Uint8Array.of(0x02);
/** Domain byte of the no-ratchet variant's per-message KDF: distinct from 0x01/0x02 above. */
const STATIC_SEED_INPUT = 0x03;
/** Domain byte of a chain's header key: distinct from the three above. */
const HEADER_KEY_INPUT = Uint8Array.of(0x04);
const EMPTY = new Uint8Array(0);

/** KDF_RK(rk, dh_out) → (new root key, new chain key). */
export function kdfRootKey(provider: CryptoProvider, rootKey: Uint8Array, dhOut: Uint8Array): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const okm = provider.hkdfSha256(dhOut, rootKey, ROOT_INFO, ROOT_KEY_BYTES + CHAIN_KEY_BYTES);
  const out = { rootKey: okm.slice(0, ROOT_KEY_BYTES), chainKey: okm.slice(ROOT_KEY_BYTES) };
  wipe(okm);
  return out;
}

/** KDF_CK(ck) → (message key seed, next chain key). */
export function kdfChainKey(provider: CryptoProvider, chainKey: Uint8Array): { seed: Uint8Array; nextChainKey: Uint8Array } {
  return {
    seed: provider.hmacSha256(chainKey, MESSAGE_KEY_SEED_INPUT),
    nextChainKey: provider.hmacSha256(chainKey, CHAIN_KEY_INPUT),
  };
}

/**
 * The header key of a chain, from the chain key it starts with: HMAC(ck_0, 0x04). Kept beside the
 * chain for its whole life (a chain key moves on every message, this one does not), so a receiver can
 * check a header tag before it steps the chain at all. It opens no message.
 */
export function deriveHeaderKey(provider: CryptoProvider, initialChainKey: Uint8Array): Uint8Array {
  return provider.hmacSha256(initialChainKey, HEADER_KEY_INPUT);
}

export interface MessageKeys {
  readonly cipherKey: Uint8Array;
  /** Derived only to keep libsignal's 80-byte layout (and its known answers); the AEAD tag replaces the MAC. */
  readonly macKey: Uint8Array;
  readonly iv: Uint8Array;
}

/** Message keys from a seed: cipher_key[0:32] || mac_key[32:64] || iv[64:80]. */
export function deriveMessageKeys(provider: CryptoProvider, seed: Uint8Array): MessageKeys {
  const okm = provider.hkdfSha256(seed, EMPTY, MESSAGE_KEYS_INFO, 80);
  const keys = { cipherKey: okm.slice(0, 32), macKey: okm.slice(32, 64), iv: okm.slice(64, 80) };
  wipe(okm);
  return keys;
}

/**
 * WEAK VARIANT `no-ratchet` only: the seed of message `counter` sent by `sender`, straight from the
 * session's initial chain key, which therefore never leaves the state (no FS, no PCS). The sender's
 * role keeps the two directions apart so the variant is weak in the intended way, not by nonce reuse.
 */
export function staticMessageSeed(provider: CryptoProvider, initialChainKey: Uint8Array, sender: RatchetRole, counter: number): Uint8Array {
  const input = concatBytes(Uint8Array.of(STATIC_SEED_INPUT, sender === 'initiator' ? 0x49 : 0x52), u32be(counter));
  return provider.hmacSha256(initialChainKey, input);
}

function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}
