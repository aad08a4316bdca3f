// The "key image" of the shipped-2014 model: a fingerprint of a public key that two users could
// compare by hand. It is the only defence against a substituted directory key, and nothing in the
// design makes anyone compare it (docs/weak-variants.md "shipped-2014": no key-change warning).
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../bytes.ts';
import { decodeRsaPublicKey, encodeRsaPublicKey } from './rsaKey.ts';

/** Bytes of SHA-256 shown to the user: 160 bits, written as ten groups of four hex digits. */
const KEY_IMAGE_BYTES = 20;
const GROUP_CHARS = 4;

/** Fingerprint of an encoded public key (refuses a malformed key with BAD_PUBLIC_KEY / WIRE_*). */
export function keyImage(publicKey: Uint8Array): string {
  const canonical = encodeRsaPublicKey(decodeRsaPublicKey(publicKey));
  const hex = toHex(sha256(canonical).subarray(0, KEY_IMAGE_BYTES));
  const groups: string[] = [];
  for (let i = 0; i < hex.length; i += GROUP_CHARS) groups.push(hex.slice(i, i + GROUP_CHARS));
  return groups.join(' ');
}
