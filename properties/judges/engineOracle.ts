// The oracle for a device engine (engines/contract.ts): what seized state or a thief's copy opens,
// decided by the engine's own decrypt code on an imported clone of that state. The setup trial, group
// reads and removed members need more than the contract exposes (or groups the engine lacks): they open nothing.
//
// The judges cannot look inside an engine: its key trial (`openWith`) is its own claim. They make the
// claim hard to game: a clone the judges import looks like any other (its seed comes from the run, as
// a thief's does), the trial runs at the time the state was taken, and a trial that denies a message a
// clone of the same state decrypts is an engine fault, never a pass (docs/engine-protocol.md).
import { isProtocolError } from '../../protocol/errors.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { Drbg } from '../../protocol/random/drbg.ts';
import { DEVICE_SEED_BYTES, type DeviceEngine } from '../../engines/contract.ts';
import { EngineFault } from '../../engines/fault.ts';
import { addressOf, decodeFrame, decodeWire, encodeContractState, isContractState, openContractState, type ContractPhoneState } from '../../sim/world/contractState.ts';
import type { JudgedCopy, PhoneOracle } from '../../sim/world/phone.ts';

function ciphertextOf(wire: Uint8Array) {
  try {
    return decodeWire(wire);
  } catch (e) {
    if (isProtocolError(e)) return undefined; // not this engine's wire (a forgery the server made)
    throw e;
  }
}

/** The body of a plaintext frame, or undefined for anything that is not one (an engine's answer is never trusted to be). */
function bodyOf(plaintext: Uint8Array): Uint8Array | undefined {
  try {
    return decodeFrame(plaintext).body;
  } catch {
    return undefined;
  }
}

export function deviceEngineOracle(engine: DeviceEngine, provider: CryptoProvider, clones: Drbg): PhoneOracle {
  const opens = (state: ContractPhoneState, c: JudgedCopy, atMs: number): boolean => {
    const ct = ciphertextOf(c.wire);
    return ct !== undefined && engine.openWith(state.engine, addressOf(c.from), ct, atMs) !== undefined;
  };
  return {
    open: (blob, storageKey) => openContractState(provider, blob, storageKey),
    serialize: (state) => (isContractState(state) ? encodeContractState(state) : new Uint8Array()),
    keyTrial: (sources, copies) => {
      const states = sources.flatMap((s) => (isContractState(s.value) ? [{ state: s.value, atMs: s.atMs ?? 0 }] : []));
      return copies.filter((c) => states.some((s) => opens(s.state, c, s.atMs))).map((c) => c.label);
    },
    receiveAs: (state, from, wire, nowMs) => {
      const ct = ciphertextOf(wire);
      if (!isContractState(state) || ct === undefined) return { ok: false };
      const clone = engine.importDevice(state.engine, clones.bytes(DEVICE_SEED_BYTES));
      try {
        const r = clone.decrypt(addressOf(from), ct, nowMs);
        const body = r.ok ? bodyOf(r.plaintext) : undefined;
        if (body === undefined) return { ok: false };
        // The state's keys open the message: its key trial must say so too.
        if (engine.openWith(state.engine, addressOf(from), ct, nowMs) === undefined) {
          throw new EngineFault(
            engine.info.selfName ?? engine.info.name,
            'misbehaving',
            `its key trial (openWith) denied a message from ${from} that a clone of the same state decrypts at ${nowMs} ms`,
          );
        }
        return { ok: true, state: { ...state, engine: clone.exportState() }, body };
      } finally {
        clone.release();
      }
    },
    setupTrial: () => [],
    groupReadsAs: () => [],
    removedMemberOpens: () => false,
  };
}
