// Canonical X25519 public keys (RFC 7748 §5: implementations "MUST mask the most significant bit"
// of u, and decode any u modulo p), so 2^255 encodings name the same point twice over. sealroom refuses
// every encoding but the canonical one (u < p = 2^255 - 19, bit 255 clear) before any computation.

/** True for the one canonical 32-byte little-endian encoding of a u-coordinate below p. Never throws. */
export function isCanonicalX25519PublicKey(key: Uint8Array): boolean {
  if (!(key instanceof Uint8Array) || key.length !== 32) return false;
  const top = key[31] as number;
  if (top > 0x7f) return false; // bit 255 set
  if (top < 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (key[i] !== 0xff) return true;
  return (key[0] as number) < 0xed; // p = 2^255 - 19 is 0xed, 0xff × 30, 0x7f (little-endian)
}
