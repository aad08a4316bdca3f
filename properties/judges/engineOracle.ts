// The oracle for a device engine (engines/contract.ts): what seized state or a thief's copy opens,
// decided by the engine's own decrypt code on an imported clone of that state. The setup trial, group
// reads and removed members need more than the contract exposes (or groups the engine lacks): they open nothing.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../../protocol/bytes.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import type { DeviceEngine } from '../../engines/contract.ts';
import { addressOf, decodeFrame, decodeWire, encodeContractState, isContractState, openContractState, type ContractPhoneState } from '../../sim/world/contractState.ts';
import type { JudgedCopy, PhoneOracle } from '../../sim/world/phone.ts';

/** The seed of the judges' clones: what a clone draws cannot change what it opens, and one seed keeps the judging deterministic. */
const CLONE_SEED = sha256(utf8('sealroom judge clone'));

function ciphertextOf(wire: Uint8Array) {
  try {
    return decodeWire(wire);
  } catch (e) {
    if (isProtocolError(e)) return undefined; // not this engine's wire (a forgery the server made)
    throw e;
  }
}

function bodyOf(plaintext: Uint8Array): Uint8Array | undefined {
  try {
    return decodeFrame(plaintext).body;
  } catch (e) {
    if (isProtocolError(e) || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

export function deviceEngineOracle(engine: DeviceEngine, provider: CryptoProvider): PhoneOracle {
  const opens = (state: ContractPhoneState, c: JudgedCopy): boolean => {
    const ct = ciphertextOf(c.wire);
    return ct !== undefined && engine.openWith(state.engine, addressOf(c.from), ct, 0) !== undefined;
  };
  return {
    open: (blob, storageKey) => openContractState(provider, blob, storageKey),
    serialize: (state) => (isContractState(state) ? encodeContractState(state) : new Uint8Array()),
    keyTrial: (sources, copies) => {
      const states = sources.flatMap((s) => (isContractState(s.value) ? [s.value] : []));
      return copies.filter((c) => states.some((s) => opens(s, c))).map((c) => c.label);
    },
    receiveAs: (state, from, wire) => {
      const ct = ciphertextOf(wire);
      if (!isContractState(state) || ct === undefined) return { ok: false };
      const clone = engine.importDevice(state.engine, CLONE_SEED);
      try {
        const r = clone.decrypt(addressOf(from), ct, 0);
        const body = r.ok ? bodyOf(r.plaintext) : undefined;
        return body === undefined ? { ok: false } : { ok: true, state: { ...state, engine: clone.exportState() }, body };
      } finally {
        clone.release();
      }
    },
    setupTrial: () => [],
    groupReadsAs: () => [],
    removedMemberOpens: () => false,
  };
}
