// The mutation fuzzer of the reliability suite: real messages and stored states, captured from two
// phones talking (a setup message, a ratchet message, the sealed store's plaintext, a ratchet state,
// a stored server envelope) and from a group room (reliabilityGroupFuzz.ts), mutated by a seeded
// generator (reliabilityFuzzKit.ts) and fed to the code that receives or loads them. Each input must
// end as an acceptance or a ProtocolError (anything else is a crash); a refused message must leave
// the receiver's state byte for byte unchanged (SEC-INTEGRITY); a decoded stored value must encode
// back to the very bytes it came from (docs/conventions.md §8). Deterministic: the same seed and
// budget give the same figures.
import { openSession, receiveMessage, sendText } from '../../protocol/device/index.ts';
import { deserializeDevice, serializeDevice } from '../../protocol/device/store.ts';
import { messageId, roomId } from '../../protocol/ids.ts';
import { preKeyBundle } from '../../protocol/prekeys/bundle.ts';
import { decodeRatchetState, encodeRatchetState } from '../../protocol/ratchet/stateCodec.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { decodeStoredEnvelope, encodeStoredEnvelope } from '../../sim/server/envelope.ts';
import { decoderTarget, fuzzTarget, NOW_MS, phone, receiveTarget, type FuzzFigures, type Target } from './reliabilityFuzzKit.ts';
import { groupTargets } from './reliabilityGroupFuzz.ts';

export { mutate, type FuzzFigures } from './reliabilityFuzzKit.ts';

/** Mutated inputs per target that `npm test` runs (reports/producers/reliability.test.ts). */
export const TEST_FUZZ_BUDGET = 100;

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

function pairwiseTargets(seed: string): Target[] {
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

/** Every target with its captured original, 1:1 paths first (for tests: each original is accepted). */
export function reliabilityTargets(seed: string): { readonly pairwise: Target[]; readonly group: Target[] } {
  return { pairwise: pairwiseTargets(seed), group: groupTargets(seed) };
}

/** Runs `budget` mutated inputs on every target from `seed`. */
export function runReliabilityFuzz(o: { readonly seed: string; readonly budget: number }): FuzzFigures[] {
  if (!Number.isSafeInteger(o.budget) || o.budget < 1) throw new RangeError(`budget: expected a positive integer, got ${o.budget}`);
  const run = (family: FuzzFigures['family']) => (t: Target) => fuzzTarget(t, o.budget, createDrbg(`${o.seed}/${t.name}`), family);
  return [...pairwiseTargets(o.seed).map(run('pairwise')), ...groupTargets(o.seed).map(run('group'))];
}
