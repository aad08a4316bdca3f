// The physical reference for per-message cost: one message sealed and opened with raw
// node:crypto AEAD (OpenSSL) — ChaCha20-Poly1305 and AES-256-GCM, fixed key, a fresh counter nonce per
// message, 16 bytes of AAD. No key schedule, no state, no framing: what any protocol must at least pay.
import { createCipheriv, createDecipheriv, type CipherChaCha20Poly1305Types, type CipherGCMTypes } from 'node:crypto';
import { createDrbg } from '../../protocol/random/drbg.ts';

export type RawAead = 'chacha20-poly1305' | 'aes-256-gcm';

const TAG_BYTES = 16;
const NONCE_BYTES = 12;

/** Returns a call that seals then opens one `bytes`-byte message and checks the round trip's length. */
export function rawAeadRoundTrip(cipher: RawAead, bytes: number): () => void {
  const rng = createDrbg(`bench/raw-aead/${cipher}/${bytes}`);
  const key = rng.bytes(32);
  const aad = rng.bytes(16);
  const plaintext = rng.bytes(bytes);
  const nonce = Buffer.alloc(NONCE_BYTES);
  let counter = 0;
  const algorithm = cipher as CipherChaCha20Poly1305Types & CipherGCMTypes;
  return () => {
    counter += 1;
    nonce.writeUInt32LE(counter, 0);
    const enc = createCipheriv(algorithm, key, nonce, { authTagLength: TAG_BYTES });
    enc.setAAD(aad, { plaintextLength: bytes });
    const ct = Buffer.concat([enc.update(plaintext), enc.final()]);
    const tag = enc.getAuthTag();
    const dec = createDecipheriv(algorithm, key, nonce, { authTagLength: TAG_BYTES });
    dec.setAAD(aad, { plaintextLength: bytes });
    dec.setAuthTag(tag);
    const pt = Buffer.concat([dec.update(ct), dec.final()]);
    if (pt.length !== bytes) throw new Error('raw AEAD: round trip lost bytes');
  };
}
