// The cost of a refusal (SEC-INTEGRITY): a forged or replayed 1:1 message against a phone that keeps
// MAX_SESSIONS_PER_CONTACT sessions with the sender, beside a genuine message that takes a DH step,
// measured in the same run (the ratios `refusal.*/genuine` in bench/harness/ratios.ts). The forged
// new key is the worst case the session rule allows: every kept session has sent on its current
// chain, so each is tried (protocol/session/receive.ts); `forged-new-key-far` also names the furthest
// message number a header may (MAX_FORWARD_JUMP), which before header tags made each trial step a new
// chain that far (docs/architecture.md, "Header tags"); `forged-known-key-far` asks the same of a known
// chain, and `forged-body` puts the genuine header and tag over another ciphertext. Every call checks the refusal code and that
// the device state is the input object itself; receiveMessage is pure, so each call starts alike.
import { getProvider, PROVIDER_NAMES, type ProviderName } from '../../protocol/crypto/index.ts';
import { createDevice, findContact, openSession, receiveMessage, sendText, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';
import { deviceId, messageId, roomId, userId } from '../../protocol/ids.ts';
import { MAX_FORWARD_JUMP, MAX_SESSIONS_PER_CONTACT } from '../../protocol/limits.ts';
import { preKeyBundle } from '../../protocol/prekeys/bundle.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase } from '../harness/types.ts';
import { implOf } from './primitives.ts';

const NOW_MS = 1_000;

interface Phone {
  device: DeviceState;
  ctx: DeviceContext;
}

interface Fixture {
  readonly alice: Phone;
  readonly bob: Phone;
  /** Per case: bob's state before the call, and the wire bytes alice (or a forger) sends. */
  readonly inputs: Readonly<Record<RefusalOp | 'genuine', { readonly state: DeviceState; readonly wire: Uint8Array }>>;
}

export const REFUSAL_OPS = ['forged-new-key', 'forged-new-key-far', 'forged-known-key', 'forged-known-key-far', 'forged-body', 'replayed'] as const;
type RefusalOp = (typeof REFUSAL_OPS)[number];

const EXPECTED: Readonly<Record<RefusalOp, string>> = {
  'forged-new-key': 'INVALID_MESSAGE',
  'forged-new-key-far': 'INVALID_MESSAGE',
  'forged-known-key': 'INVALID_MESSAGE',
  'forged-known-key-far': 'INVALID_MESSAGE',
  'forged-body': 'INVALID_MESSAGE',
  replayed: 'DUPLICATE_MESSAGE',
};

function phone(name: string, provider: ReturnType<typeof getProvider>): Phone {
  const ctx: DeviceContext = { provider, rng: createDrbg(`bench/refusal/${name}`), nowMs: NOW_MS, flags: REFERENCE_FLAGS };
  return { device: createDevice({ deviceId: deviceId(name), userId: userId(`user-${name}`), oneTimePreKeys: 0 }, ctx), ctx };
}

let written = 0;
function send(from: Phone, to: Phone): Uint8Array {
  written += 1;
  const text = { kind: 'text', messageId: messageId(`refusal-${written}`), roomId: roomId('bench-room'), sentAtMs: NOW_MS, evaporation: { mode: 'view-once' }, body: new Uint8Array(64) } as const;
  const out = sendText(from.device, to.device.deviceId, text, from.ctx);
  if (out.kind !== 'sent') throw new Error(`send held: ${out.reason}`);
  from.device = out.device;
  return out.wire;
}

function deliver(to: Phone, from: Phone, wire: Uint8Array): void {
  const r = receiveMessage(to.device, from.device.deviceId, from.device.userId, wire, to.ctx);
  if (!r.ok) throw new Error(`receive refused: ${r.error.code}`);
  to.device = r.device;
}

/**
 * alice sets up MAX_SESSIONS_PER_CONTACT sessions with bob and bob answers on each (so a new key may
 * belong to any of them); alice hears the last answer and writes `first`, a DH step for bob.
 */
function fixture(provider: ProviderName): Fixture {
  const p = getProvider(provider);
  const alice = phone('alice', p);
  const bob = phone('bob', p);
  let reply: Uint8Array | undefined;
  for (let i = 0; i < MAX_SESSIONS_PER_CONTACT; i++) {
    // One millisecond apart: a phone sends on its newest session, so each new one is the one bob answers on.
    for (const who of [alice, bob]) who.ctx = { ...who.ctx, nowMs: NOW_MS + i };
    alice.device = openSession(alice.device, bob.device.userId, preKeyBundle(bob.device.preKeys, bob.device.deviceId, bob.device.identity.publicKey, { oneTime: false }), alice.ctx).device;
    deliver(bob, alice, send(alice, bob));
    reply = send(bob, alice);
  }
  deliver(alice, bob, reply as Uint8Array);
  const first = send(alice, bob);
  const before = bob.device;
  const sessions = findContact(before, alice.device.deviceId)?.sessions ?? [];
  if (sessions.length !== MAX_SESSIONS_PER_CONTACT || !sessions.every((s) => s.ratchet.sending.counter > 0)) throw new Error('fixture: every kept session must have sent');
  deliver(bob, alice, first);
  const after = bob.device;
  const m = decodePairwiseMessage(first);
  if (m.kind !== 'ratchet') throw new Error('expected a ratchet message');
  const rng = createDrbg('bench/refusal/forger');
  const forged = (ratchetKey: Uint8Array, counter: number) =>
    encodePairwiseMessage({
      kind: 'ratchet',
      message: { header: { ...m.message.header, ratchetKey, counter }, headerTag: rng.bytes(m.message.headerTag.length), ciphertext: rng.bytes(m.message.ciphertext.length) },
    });
  return {
    alice,
    bob,
    inputs: {
      genuine: { state: before, wire: first },
      'forged-new-key': { state: before, wire: forged(p.x25519PublicKey(rng.bytes(32)), m.message.header.counter) },
      // The most work a header may ask for: a new chain stepped MAX_FORWARD_JUMP keys ahead, on every session.
      'forged-new-key-far': { state: before, wire: forged(p.x25519PublicKey(rng.bytes(32)), MAX_FORWARD_JUMP) },
      'forged-known-key': { state: after, wire: forged(m.message.header.ratchetKey, m.message.header.counter + 1) },
      // A known chain asked to step MAX_FORWARD_JUMP keys ahead: the header tag is checked first.
      'forged-known-key-far': { state: after, wire: forged(m.message.header.ratchetKey, m.message.header.counter + MAX_FORWARD_JUMP) },
      // The genuine header and its tag over another ciphertext, before the genuine one arrived.
      'forged-body': { state: before, wire: encodePairwiseMessage({ kind: 'ratchet', message: { ...m.message, ciphertext: rng.bytes(m.message.ciphertext.length) } }) },
      replayed: { state: after, wire: first },
    },
  };
}

const fixtures = new Map<ProviderName, Fixture>();
function fixtureOf(provider: ProviderName): Fixture {
  let f = fixtures.get(provider);
  if (f === undefined) {
    f = fixture(provider);
    fixtures.set(provider, f);
  }
  return f;
}

function refusalCase(provider: ProviderName, op: RefusalOp | 'genuine'): BenchCase {
  const impl = implOf(provider);
  const id = caseId('protocol', `refusal.${op}`, {}, impl);
  const unit = op === 'genuine' ? 'genuine 1:1 receive with a DH step (5 kept sessions)' : `${op} 1:1 message refused (5 kept sessions)`;
  return {
    id,
    suite: 'protocol',
    op: `refusal.${op}`,
    impl,
    params: {},
    unit,
    prepare: () => {
      const { alice, bob, inputs } = fixtureOf(provider);
      const { state, wire } = inputs[op];
      return () => {
        const r = receiveMessage(state, alice.device.deviceId, alice.device.userId, wire, bob.ctx);
        if (op === 'genuine') {
          if (!r.ok) throw new Error(`genuine refused: ${r.error.code}`);
          return;
        }
        if (r.ok || r.error.code !== EXPECTED[op] || r.device !== state) throw new Error(`${op}: expected an unchanged ${EXPECTED[op]} refusal, got ${r.ok ? 'acceptance' : r.error.code}`);
      };
    },
  };
}

export function refusalCases(): BenchCase[] {
  const ops = ['genuine', ...REFUSAL_OPS] as const;
  return PROVIDER_NAMES.flatMap((provider) => ops.map((op) => refusalCase(provider, op)));
}
