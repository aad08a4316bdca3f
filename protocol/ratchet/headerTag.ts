// Header tags (docs/architecture.md, "Header tags"): each ratchet message carries
// HMAC-SHA256(header key of its chain, encoded header || ciphertext), cut to 16 bytes. The header key
// is fixed for a chain's life, so a receiver checks the tag after at most one DH step and before it
// steps a chain towards the header's message number: a forged header costs one X25519 per session
// that could hold it, never MAX_FORWARD_JUMP chain steps. The AEAD stays the integrity check; the tag
// only decides whether a header is worth the work it asks for.
import { equalBytes } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { HEADER_TAG_BYTES, withRatchetHeader, type RatchetHeader } from '../wire/ratchetMessage.ts';

export function headerTag(provider: CryptoProvider, headerKey: Uint8Array, header: RatchetHeader, ciphertext: Uint8Array): Uint8Array {
  const input = withRatchetHeader(new Uint8Array(0), header, ciphertext.length);
  input.set(ciphertext, input.length - ciphertext.length);
  return provider.hmacSha256(headerKey, input).slice(0, HEADER_TAG_BYTES);
}

/** Constant-time check of a received tag against the one `headerKey` gives. */
export function headerTagVerifies(provider: CryptoProvider, headerKey: Uint8Array, header: RatchetHeader, ciphertext: Uint8Array, tag: Uint8Array): boolean {
  return equalBytes(headerTag(provider, headerKey, header, ciphertext), tag);
}
