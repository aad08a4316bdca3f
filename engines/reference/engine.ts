// sealroom's reference protocol as a device engine (docs/engine-contract.md): PQXDH with signed,
// one-time and ML-KEM prekeys, the Double Ratchet, id binding and the reference's refusal rules, all
// protocol/'s own code, offered through engines/contract.ts on the world's generic phone. Every random
// byte of a device comes from a DRBG keyed by its seed (capability deterministic-randomness).
import { generateIdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import { UsageError } from '../../protocol/errors.ts';
import { requireNowMs } from '../../protocol/ratchet/context.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { DEVICE_SEED_BYTES, type DeviceEngine, type EngineCiphertext, type EngineInfo, type PeerAddress } from '../contract.ts';
import { checkAddress } from './addresses.ts';
import { PROVIDER, ReferenceDevice } from './device.ts';
import { newPreKeyStore } from './prekeys.ts';
import { decodeState } from './stateCodec.ts';

/** The key trial's clone draws from this fixed seed: what it draws cannot change what it opens, and one seed keeps the trial deterministic. */
const KEY_TRIAL_SEED = 'sealroom reference engine: key trial';

function deviceRng(seed: Uint8Array) {
  if (!(seed instanceof Uint8Array) || seed.length !== DEVICE_SEED_BYTES) throw new UsageError(`device seed: expected ${DEVICE_SEED_BYTES} bytes`);
  return createDrbg(seed);
}

function createDevice(address: PeerAddress, nowMs: number, seed: Uint8Array): ReferenceDevice {
  const at = checkAddress(address, 'address');
  const rng = deviceRng(seed);
  const identity = generateIdentityKeyPair(PROVIDER, rng);
  const preKeys = newPreKeyStore(PROVIDER, rng, identity, requireNowMs(nowMs));
  return new ReferenceDevice({ address: at, identity, preKeys, peers: [] }, rng);
}

/** The key trial: a clone of `state` decrypts once and is thrown away; `state` itself is never touched. */
function openWith(state: Uint8Array, from: PeerAddress, ciphertext: EngineCiphertext, nowMs: number): Uint8Array | undefined {
  const clone = new ReferenceDevice(decodeState(state), createDrbg(KEY_TRIAL_SEED));
  try {
    const r = clone.decrypt(from, ciphertext, nowMs);
    return r.ok ? r.plaintext : undefined;
  } finally {
    clone.release();
  }
}

export function referenceDeviceEngine(info: EngineInfo): DeviceEngine {
  return {
    info,
    createDevice,
    importDevice: (state, seed) => new ReferenceDevice(decodeState(state), deviceRng(seed)),
    openWith,
    close: () => {},
  };
}
