// Input checks shared by every provider, so that both refuse exactly the same inputs.
import { requireBytes } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { AEAD_KEY_BYTES, MLKEM768_PUBLIC_BYTES } from './provider.ts';

export function isAllZero(b: Uint8Array): boolean {
  let acc = 0;
  for (const x of b) acc |= x;
  return acc === 0;
}

export function checkAeadArgs(
  name: string,
  key: Uint8Array,
  nonce: Uint8Array,
  nonceLength: number,
  data: Uint8Array,
  aad: Uint8Array,
): void {
  requireBytes(key, `${name} key`);
  if (key.length !== AEAD_KEY_BYTES) throw new UsageError(`${name} key: expected ${AEAD_KEY_BYTES} bytes, got ${key.length}`);
  requireBytes(nonce, `${name} nonce`);
  if (nonce.length !== nonceLength) throw new UsageError(`${name} nonce: expected ${nonceLength} bytes, got ${nonce.length}`);
  requireBytes(data, `${name} data`);
  requireBytes(aad, `${name} aad`);
}

const MLKEM_Q = 3329;

/**
 * FIPS 203 §7.2 encapsulation-key check: every 12-bit coefficient of the encoded t̂ vector is < q.
 * (ByteEncode12(ByteDecode12(ek)) == ek holds exactly when no coefficient overflows the modulus.)
 */
export function mlkemPublicKeyIsCanonical(publicKey: Uint8Array): boolean {
  if (publicKey.length !== MLKEM768_PUBLIC_BYTES) return false;
  const polyBytes = MLKEM768_PUBLIC_BYTES - 32; // t̂ || rho; rho is 32 bytes
  for (let i = 0; i < polyBytes; i += 3) {
    const b0 = publicKey[i] as number;
    const b1 = publicKey[i + 1] as number;
    const b2 = publicKey[i + 2] as number;
    const c0 = b0 | ((b1 & 0x0f) << 8);
    const c1 = (b1 >> 4) | (b2 << 4);
    if (c0 >= MLKEM_Q || c1 >= MLKEM_Q) return false;
  }
  return true;
}
