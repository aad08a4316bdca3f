// The mutation fuzzer's kit (reliabilityFuzz.ts for 1:1 paths, reliabilityGroupFuzz.ts for group
// paths): the seeded mutations (bit flips, byte overwrites, cuts, inserts, drops, repeated slices),
// a target that feeds one input to the code under test, the phones that capture real inputs, and
// the loop that counts how each input ended. A target's input ends as an acceptance or a
// ProtocolError (anything else is a crash); a refusal must leave the receiver byte for byte
// unchanged (SEC-INTEGRITY); a decoded stored value must encode back to its bytes (docs/conventions.md §8).
import { equalBytes } from '../../protocol/bytes.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { createDevice, receiveMessage, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';
import { serializeDevice } from '../../protocol/device/store.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { deviceId, userId } from '../../protocol/ids.ts';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';

/** What one target did with its mutated inputs. */
export interface FuzzFigures {
  readonly target: string;
  /** Which capture the input came from: two phones talking 1:1, or a group room. */
  readonly family: 'pairwise' | 'group';
  readonly tried: number;
  readonly accepted: number;
  /** Refused with a ProtocolError. */
  readonly refused: number;
  /** Threw anything but a ProtocolError. */
  readonly crashes: number;
  /** Refusals after which the receiver's serialized state differed from before. */
  readonly stateChangesOnRefusal: number;
  /** Decoded stored values that did not encode back to their bytes. */
  readonly nonCanonical: number;
  /** The first crash or violation, for the report (empty when none). */
  readonly firstProblem: string;
}

export interface Target {
  readonly name: string;
  readonly original: Uint8Array;
  /** Feeds one input; returns 'accepted' | 'refused', or a description of a violation; throws only as the code under test throws. */
  readonly feed: (input: Uint8Array) => 'accepted' | 'refused' | { readonly violation: 'state' | 'canonical'; readonly what: string };
}

export const NOW_MS = 10_000;

export function ctxOf(rng: Drbg): DeviceContext {
  return { provider: nobleProvider, rng, nowMs: NOW_MS, flags: REFERENCE_FLAGS };
}

/** A phone of the capture: its live state and its context (seeded randomness). */
export interface Phone {
  device: DeviceState;
  readonly ctx: DeviceContext;
}

export function phone(name: string, seed: string): Phone {
  const ctx = ctxOf(createDrbg(`${seed}/${name}`));
  return { device: createDevice({ deviceId: deviceId(name), userId: userId(`user-${name}`), oneTimePreKeys: 2 }, ctx), ctx };
}

/**
 * A receive path over a device state: `receive` gives the device back with whether it accepted. A
 * refusal must return the state as it was, byte for byte (the same object, or one that serializes
 * to the same bytes).
 */
export function deviceTarget(
  name: string,
  original: Uint8Array,
  before: DeviceState,
  receive: (input: Uint8Array) => { readonly ok: boolean; readonly device: DeviceState; readonly code?: string },
): Target {
  const beforeBytes = serializeDevice(before);
  return {
    name,
    original,
    feed: (input) => {
      const r = receive(input);
      if (r.ok) return 'accepted';
      if (r.device !== before && !equalBytes(serializeDevice(r.device), beforeBytes)) return { violation: 'state', what: `${r.code ?? 'a refusal'} changed the receiver` };
      if (!equalBytes(serializeDevice(before), beforeBytes)) return { violation: 'state', what: `${r.code ?? 'a refusal'} changed the receiver's state in place` };
      return 'refused';
    },
  };
}

/** A 1:1 wire fed to receiveMessage on `before` as from `from`. */
export function receiveTarget(name: string, original: Uint8Array, before: DeviceState, from: DeviceState, seed: string): Target {
  const ctx = ctxOf(createDrbg(`${seed}/${name}/receiver`));
  return deviceTarget(name, original, before, (input) => {
    const r = receiveMessage(before, from.deviceId, from.userId, input, ctx);
    return r.ok ? r : { ok: false, device: r.device, code: r.error.code };
  });
}

export function decoderTarget<T>(name: string, original: Uint8Array, decode: (b: Uint8Array) => T, encode: (v: T) => Uint8Array): Target {
  return {
    name,
    original,
    feed: (input) => {
      let value: T;
      try {
        value = decode(input);
      } catch (e) {
        if (isProtocolError(e)) return 'refused';
        throw e;
      }
      return equalBytes(encode(value), input) ? 'accepted' : { violation: 'canonical', what: 'decoded but does not encode back to its bytes' };
    },
  };
}

function below(rng: Drbg, n: number): number {
  const b = rng.bytes(4);
  return ((((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0) % Math.max(1, n);
}

/** One to three mutations of `bytes` (the result may equal the input: `fuzzTarget` redraws it). */
function mutateOnce(bytes: Uint8Array, rng: Drbg): Uint8Array {
  let out = bytes.slice();
  const steps = 1 + below(rng, 3);
  for (let i = 0; i < steps; i++) {
    const at = below(rng, out.length + 1);
    switch (below(rng, 6)) {
      case 0:
        if (at < out.length) out[at] = (out[at] as number) ^ (1 << below(rng, 8));
        break;
      case 1:
        if (at < out.length) out[at] = below(rng, 256);
        break;
      case 2:
        out = out.slice(0, at);
        break;
      case 3:
        out = Uint8Array.from([...out.subarray(0, at), below(rng, 256), ...out.subarray(at)]);
        break;
      case 4:
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
        break;
      default: {
        const len = 1 + below(rng, 8);
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at, at + len), ...out.subarray(at)]);
      }
    }
  }
  return out;
}

/** A mutation of `bytes` that differs from it (up to eight draws; a last bit flip otherwise). */
export function mutate(bytes: Uint8Array, rng: Drbg): Uint8Array {
  for (let i = 0; i < 8; i++) {
    const out = mutateOnce(bytes, rng);
    if (!equalBytes(out, bytes)) return out;
  }
  return bytes.length === 0 ? Uint8Array.of(0) : Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b));
}

export function fuzzTarget(t: Target, budget: number, rng: Drbg, family: FuzzFigures['family']): FuzzFigures {
  const f = { target: t.name, family, tried: 0, accepted: 0, refused: 0, crashes: 0, stateChangesOnRefusal: 0, nonCanonical: 0, firstProblem: '' };
  for (let i = 0; i < budget; i++) {
    const input = mutate(t.original, rng);
    f.tried++;
    try {
      const r = t.feed(input);
      if (r === 'accepted') f.accepted++;
      else if (r === 'refused') f.refused++;
      else {
        if (r.violation === 'state') f.stateChangesOnRefusal++;
        else f.nonCanonical++;
        f.firstProblem ||= `${r.what} (input ${i})`;
      }
    } catch (e) {
      f.crashes++;
      f.firstProblem ||= `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (input ${i})`;
    }
  }
  return f;
}
