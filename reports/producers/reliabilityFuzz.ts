// The mutation fuzzer of the reliability suite: real messages and stored states, captured from two
// phones talking (a setup message, a ratchet message, the sealed store's plaintext, a ratchet state,
// a stored server envelope), mutated by a seeded generator (bit flips, byte overwrites, cuts, inserts,
// drops, repeated slices) and fed to the code that receives or loads them. Each input must end as an
// acceptance or a ProtocolError (anything else is a crash); a refused 1:1 message must leave the
// receiver's state byte for byte unchanged (SEC-INTEGRITY); a decoded stored value must encode back
// to the very bytes it came from (docs/conventions.md §8). Deterministic: the same seed and budget
// give the same figures.
import { equalBytes } from '../../protocol/bytes.ts';
import { createDevice, openSession, receiveMessage, sendText, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';
import { deserializeDevice, serializeDevice } from '../../protocol/device/store.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { deviceId, messageId, roomId, userId } from '../../protocol/ids.ts';
import { preKeyBundle } from '../../protocol/prekeys/bundle.ts';
import { decodeRatchetState, encodeRatchetState } from '../../protocol/ratchet/stateCodec.ts';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import { decodeStoredEnvelope, encodeStoredEnvelope } from '../../sim/server/envelope.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';

/** What one target did with its mutated inputs. */
export interface FuzzFigures {
  readonly target: string;
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

/** Mutated inputs per target that `npm test` runs (reports/producers/reliability.test.ts). */
export const TEST_FUZZ_BUDGET = 100;

interface Target {
  readonly name: string;
  readonly original: Uint8Array;
  /** Feeds one input; returns 'accepted' | 'refused', or a description of a violation; throws only as the code under test throws. */
  readonly feed: (input: Uint8Array) => 'accepted' | 'refused' | { readonly violation: 'state' | 'canonical'; readonly what: string };
}

const NOW_MS = 10_000;

function ctxOf(rng: Drbg): DeviceContext {
  return { provider: nobleProvider, rng, nowMs: NOW_MS, flags: REFERENCE_FLAGS };
}

function phone(name: string, seed: string): { device: DeviceState; readonly ctx: DeviceContext } {
  const ctx = ctxOf(createDrbg(`${seed}/${name}`));
  return { device: createDevice({ deviceId: deviceId(name), userId: userId(`user-${name}`), oneTimePreKeys: 2 }, ctx), ctx };
}

/** Two phones, a setup and a reply each way: the wires bob receives, and bob's state before each. */
function capture(seed: string) {
  const alice = phone('alice', seed);
  const bob = phone('bob', seed);
  let n = 0;
  const send = (from: typeof alice, to: typeof bob): Uint8Array => {
    n += 1;
    const text = { kind: 'text', messageId: messageId(`fuzz-${n}`), roomId: roomId('fuzz'), sentAtMs: NOW_MS, evaporation: { mode: 'view-once' }, body: new Uint8Array(20).fill(n) } as const;
    const out = sendText(from.device, to.device.deviceId, text, from.ctx);
    if (out.kind !== 'sent') throw new Error('fuzz capture: send held');
    from.device = out.device;
    return out.wire;
  };
  const deliver = (to: typeof bob, from: typeof alice, wire: Uint8Array): void => {
    const r = receiveMessage(to.device, from.device.deviceId, from.device.userId, wire, to.ctx);
    if (!r.ok) throw new Error(`fuzz capture: ${r.error.code}`);
    to.device = r.device;
  };
  alice.device = openSession(alice.device, bob.device.userId, preKeyBundle(bob.device.preKeys, bob.device.deviceId, bob.device.identity.publicKey), alice.ctx).device;
  const setup = send(alice, bob);
  const bobBeforeSetup = bob.device;
  deliver(bob, alice, setup);
  deliver(alice, bob, send(bob, alice));
  const ratchet = send(alice, bob);
  const bobBeforeRatchet = bob.device;
  deliver(bob, alice, ratchet);
  return { alice, bob, setup, ratchet, bobBeforeSetup, bobBeforeRatchet };
}

function receiveTarget(name: string, original: Uint8Array, before: DeviceState, from: DeviceState, seed: string): Target {
  const beforeBytes = serializeDevice(before);
  const ctx = ctxOf(createDrbg(`${seed}/${name}/receiver`));
  return {
    name,
    original,
    feed: (input) => {
      const r = receiveMessage(before, from.deviceId, from.userId, input, ctx);
      if (r.ok) return 'accepted';
      if (r.device !== before && !equalBytes(serializeDevice(r.device), beforeBytes)) return { violation: 'state', what: `${r.error.code} changed the receiver` };
      return 'refused';
    },
  };
}

function decoderTarget<T>(name: string, original: Uint8Array, decode: (b: Uint8Array) => T, encode: (v: T) => Uint8Array): Target {
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

function targets(seed: string): Target[] {
  const c = capture(seed);
  const envelope = encodeStoredEnvelope({
    serverId: 's-1',
    storedAtMs: NOW_MS,
    envelope: { id: 'e-1', from: c.alice.device.deviceId, to: c.bob.device.deviceId, kind: 'pairwise', body: c.ratchet, sentAtMs: NOW_MS },
  });
  const session = c.bob.device.contacts[0]?.sessions[0];
  if (session === undefined) throw new Error('fuzz capture: bob has no session');
  return [
    receiveTarget('1:1 setup message → receiveMessage', c.setup, c.bobBeforeSetup, c.alice.device, seed),
    receiveTarget('1:1 ratchet message → receiveMessage', c.ratchet, c.bobBeforeRatchet, c.alice.device, seed),
    decoderTarget('device store plaintext → deserializeDevice', serializeDevice(c.bob.device), deserializeDevice, serializeDevice),
    decoderTarget('ratchet state → decodeRatchetState', encodeRatchetState(session.ratchet), decodeRatchetState, encodeRatchetState),
    decoderTarget('stored server envelope → decodeStoredEnvelope', envelope, decodeStoredEnvelope, encodeStoredEnvelope),
  ];
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

function fuzzTarget(t: Target, budget: number, rng: Drbg): FuzzFigures {
  const f = { target: t.name, tried: 0, accepted: 0, refused: 0, crashes: 0, stateChangesOnRefusal: 0, nonCanonical: 0, firstProblem: '' };
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

/** Runs `budget` mutated inputs on every target from `seed`. */
export function runReliabilityFuzz(o: { readonly seed: string; readonly budget: number }): FuzzFigures[] {
  if (!Number.isSafeInteger(o.budget) || o.budget < 1) throw new RangeError(`budget: expected a positive integer, got ${o.budget}`);
  return targets(o.seed).map((t) => fuzzTarget(t, o.budget, createDrbg(`${o.seed}/${t.name}`)));
}
