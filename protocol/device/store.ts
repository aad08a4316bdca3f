// The device store on disk: the serialized DeviceState sealed with the phone's storage key
// (XChaCha20-Poly1305, random 24-byte nonce). A phone seizure takes this blob and, in the worst
// case docs/threat-model.md assumes, the storage key too; loading it back restores a working device.
import { concatBytes, utf8 } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import { MAX_DEVICE_STORE_BYTES } from '../limits.ts';
import type { Rng } from '../random/rng.ts';
import { decodeMessage, encodeMessage } from '../wire/codec.ts';
import type { DeviceState } from './state.ts';
import { deviceStateCodec } from './storeCodec.ts';

const STORE_FORMAT = 1;
const NONCE_BYTES = 24;
const STORE_AD = utf8('sealroom device store v1');
export const STORAGE_KEY_BYTES = 32;

/** The plaintext bytes of the store (what at-rest encryption protects). */
export function serializeDevice(device: DeviceState): Uint8Array {
  return encodeMessage(deviceStateCodec, device, MAX_DEVICE_STORE_BYTES);
}

export function deserializeDevice(bytes: Uint8Array): DeviceState {
  try {
    return decodeMessage(deviceStateCodec, bytes, MAX_DEVICE_STORE_BYTES);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_CORRUPT', `device store does not decode (${e.code})`);
    throw e;
  }
}

export function sealDevice(provider: CryptoProvider, device: DeviceState, storageKey: Uint8Array, rng: Rng): Uint8Array {
  const nonce = rng.bytes(NONCE_BYTES);
  const sealed = provider.xchacha20poly1305.seal(storageKey, nonce, serializeDevice(device), STORE_AD);
  return concatBytes(new Uint8Array([STORE_FORMAT]), nonce, sealed);
}

/** STORE_CORRUPT for a malformed or truncated blob, STORE_BAD_KEY when the key does not open it. */
export function openDevice(provider: CryptoProvider, blob: Uint8Array, storageKey: Uint8Array): DeviceState {
  if (blob.length > MAX_DEVICE_STORE_BYTES + 64) throw new ProtocolError('STORE_CORRUPT', 'device store exceeds its size cap');
  if (blob.length < 1 + NONCE_BYTES + 16) throw new ProtocolError('STORE_CORRUPT', 'device store truncated');
  if (blob[0] !== STORE_FORMAT) throw new ProtocolError('STORE_CORRUPT', `device store format ${blob[0]}`);
  let plain: Uint8Array;
  try {
    plain = provider.xchacha20poly1305.open(storageKey, blob.subarray(1, 1 + NONCE_BYTES), blob.subarray(1 + NONCE_BYTES), STORE_AD);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_BAD_KEY', 'device store does not open with this key (wrong key or tampered)');
    throw e;
  }
  return deserializeDevice(plain);
}
