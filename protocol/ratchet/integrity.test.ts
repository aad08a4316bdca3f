// SEC-INTEGRITY as a property: schedules generated up front as data (sends both ways, deliveries in
// any order, drops, replays, bit flips, forgeries, clock ticks) run between two ratchet parties. A
// small model (per chain: next number, numbers accepted, where the peer's PN closed it)
// predicts every outcome; the same property must fail on the no-replay-check and advance-on-failure variants.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { equalBytes, toHex } from '../bytes.ts';
import { MAX_CHAIN_COUNTER, MAX_FORWARD_JUMP, MAX_RECEIVER_CHAINS } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { decodeRatchetMessage, encodeRatchetMessage, type RatchetHeader } from '../wire/ratchetMessage.ts';
import { ratchetReceive } from './decrypt.ts';
import { ratchetEncrypt } from './encrypt.ts';
import { ctxOf, makePair, type Party } from './fixture.ts';
import { encodeRatchetState } from './stateCodec.ts';

type Who = 0 | 1;
type Op =
  | { readonly t: 'send'; readonly from: Who; readonly len: number }
  | { readonly t: 'deliver' | 'drop' | 'replay'; readonly to: Who; readonly pick: number }
  | { readonly t: 'flip'; readonly to: Who; readonly pick: number; readonly bit: number }
  | { readonly t: 'forge'; readonly to: Who; readonly pick: number; readonly junk: Uint8Array; readonly raw: boolean }
  | { readonly t: 'tick'; readonly ms: number };

const who = fc.constantFrom<Who>(0, 1);
const pick = fc.nat(1000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('send' as const), from: who, len: fc.nat(48) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('deliver' as const), to: who, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), to: who, pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('replay' as const), to: who, pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('flip' as const), to: who, pick, bit: fc.nat(4000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('forge' as const), to: who, pick, junk: fc.uint8Array({ maxLength: 64 }), raw: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.nat(3_600_000) }) },
);
const scheduleArb = fc.record({ seed: fc.nat(), ops: fc.array(opArb, { minLength: 20, maxLength: 60, size: 'max' }) });

interface Sent {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly header: RatchetHeader;
  readonly payload: Uint8Array;
}

/**
 * The reference's receive behaviour, as far as the test needs it. Not a copy of the code. With
 * `closing` (flag closeOldChains) a new ratchet key closes the newest chain at the header's PN: its
 * keys below PN stay as skipped keys, nothing past PN is accepted, and the last MAX_RECEIVER_CHAINS
 * closed chains keep a marker. Without it, the last MAX_RECEIVER_CHAINS chains stay open.
 */
class ReceiverModel {
  private readonly chains = new Map<string, { next: number; accepted: Set<number>; end?: number }>();
  private readonly order: string[] = [];
  constructor(
    private readonly closing: boolean,
    initialKey?: Uint8Array,
  ) {
    if (initialKey) this.addChain(toHex(initialKey));
  }
  private addChain(k: string) {
    const chain: { next: number; accepted: Set<number>; end?: number } = { next: 0, accepted: new Set<number>() };
    this.chains.set(k, chain);
    this.order.push(k);
    return chain;
  }
  private retained(k: string): boolean {
    if (this.closing) return this.order.slice(-1 - MAX_RECEIVER_CHAINS).includes(k);
    return this.order.slice(-MAX_RECEIVER_CHAINS).includes(k);
  }
  private current() {
    const k = this.order[this.order.length - 1];
    return k === undefined ? undefined : this.chains.get(k);
  }
  /** Outcome of a genuine message not yet accepted: accepted, or lost because its chain was dropped. */
  genuine(h: RatchetHeader): 'accepted' | 'INVALID_MESSAGE' {
    const k = toHex(h.ratchetKey);
    const ch = this.chains.get(k);
    const hasSkippedKey = ch !== undefined && h.counter < (ch.end ?? ch.next);
    if (ch !== undefined && !hasSkippedKey && !this.retained(k)) return 'INVALID_MESSAGE';
    if (ch === undefined && this.closing) {
      const cur = this.current();
      if (cur !== undefined) cur.end = Math.max(h.previousCounter, cur.next);
    }
    const chain = ch ?? this.addChain(k);
    chain.accepted.add(h.counter);
    chain.next = Math.max(chain.next, h.counter + 1);
    return 'accepted';
  }
  /** Refusal code for a header whose ciphertext does not authenticate (or was already accepted). */
  refusal(h: RatchetHeader): string {
    const k = toHex(h.ratchetKey);
    const ch = this.chains.get(k);
    if (h.counter > MAX_CHAIN_COUNTER) return 'INVALID_MESSAGE';
    if (ch?.end !== undefined) {
      if (h.counter < ch.end && !ch.accepted.has(h.counter)) return 'INVALID_MESSAGE'; // a skipped key exists
      if (this.retained(k)) return h.counter < ch.end ? 'DUPLICATE_MESSAGE' : 'CHAIN_CLOSED';
      return this.asNewKey(h);
    }
    if (ch !== undefined && h.counter < ch.next && !ch.accepted.has(h.counter)) return 'INVALID_MESSAGE';
    if (ch !== undefined && this.retained(k)) {
      if (h.counter < ch.next) return 'DUPLICATE_MESSAGE';
      return h.counter - ch.next > MAX_FORWARD_JUMP ? 'TOO_FAR_IN_FUTURE' : 'INVALID_MESSAGE';
    }
    return this.asNewKey(h);
  }
  /** A header with a key the state no longer knows: a DH step, limited by N and (closing) by PN. */
  private asNewKey(h: RatchetHeader): string {
    if (h.counter > MAX_FORWARD_JUMP) return 'TOO_FAR_IN_FUTURE';
    const cur = this.current();
    if (this.closing && cur !== undefined && cur.end === undefined && h.previousCounter - cur.next > MAX_FORWARD_JUMP) return 'TOO_FAR_IN_FUTURE';
    return 'INVALID_MESSAGE';
  }
}

function at<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

/** Two parties, the network between them and the receivers' models: the state one schedule runs in. */
function newWorld(seed: number, flags: ProtocolFlags) {
  const pair = makePair(seed, flags);
  return {
    flags,
    parties: [pair.alice, pair.bob] as [Party, Party],
    models: [new ReceiverModel(flags.closeOldChains, pair.bob.state.sending.ratchetKeyPair.publicKey), new ReceiverModel(flags.closeOldChains)],
    inFlight: [[], []] as [Sent[], Sent[]],
    accepted: [[], []] as [Sent[], Sent[]],
    everSent: [[], []] as [Sent[], Sent[]],
    outcome: new Map<number, string>(),
    payloadRng: createDrbg(seed).fork('payloads'),
    nowMs: 0,
    nextId: 0,
  };
}
type World = ReturnType<typeof newWorld>;

/** One delivery: checks the outcome against `expected`, and on refusal that the state is unchanged. */
function receive(w: World, to: Who, bytes: Uint8Array, expected: string, sent?: Sent): boolean {
  const party = w.parties[to];
  const before = encodeRatchetState(party.state);
  const r = ratchetReceive(party.state, bytes, ctxOf(party, w.flags, w.nowMs));
  if (r.ok) {
    expect(expected).toBe('accepted');
    expect(sent !== undefined && equalBytes(r.payload, sent.payload)).toBe(true);
  } else {
    expect(r.error.code).toBe(expected);
    expect(encodeRatchetState(r.state)).toEqual(before);
    expect(r.state).toBe(party.state);
  }
  party.state = r.state;
  return r.ok;
}

function deliver(w: World, to: Who, index: number): void {
  const [m] = w.inFlight[to].splice(index, 1);
  if (m === undefined) return;
  const expected = w.models[to]!.genuine(m.header);
  if (receive(w, to, m.bytes, expected, m)) w.accepted[to].push(m);
  w.outcome.set(m.id, expected);
}

function deliverTampered(w: World, to: Who, bytes: Uint8Array): void {
  let header: RatchetHeader | undefined;
  try {
    header = decodeRatchetMessage(bytes).header;
  } catch {
    header = undefined;
  }
  receive(w, to, bytes, header === undefined ? 'INVALID_MESSAGE' : w.models[to]!.refusal(header));
}

function send(w: World, from: Who, len: number): void {
  const party = w.parties[from];
  const payload = w.payloadRng.bytes(len);
  const r = ratchetEncrypt(party.state, payload, ctxOf(party, w.flags, w.nowMs));
  party.state = r.state;
  const m = { id: w.nextId++, bytes: encodeRatchetMessage(r.message), header: r.message.header, payload };
  const to = (1 - from) as Who;
  w.inFlight[to].push(m);
  w.everSent[to].push(m);
}

function applyOp(w: World, op: Op): void {
  switch (op.t) {
    case 'send':
      return send(w, op.from, op.len);
    case 'deliver':
      return deliver(w, op.to, op.pick % Math.max(1, w.inFlight[op.to].length));
    case 'drop': {
      const [m] = w.inFlight[op.to].splice(op.pick % Math.max(1, w.inFlight[op.to].length), 1);
      if (m !== undefined) w.outcome.set(m.id, 'dropped');
      return;
    }
    case 'replay': {
      const m = at(w.accepted[op.to], op.pick);
      if (m !== undefined) receive(w, op.to, m.bytes, w.models[op.to]!.refusal(m.header));
      return;
    }
    case 'flip': {
      const m = at([...w.inFlight[op.to], ...w.accepted[op.to]], op.pick);
      if (m === undefined) return;
      const bytes = m.bytes.slice();
      const bit = op.bit % (bytes.length * 8);
      bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
      return deliverTampered(w, op.to, bytes);
    }
    case 'forge': {
      const base = at(w.everSent[op.to], op.pick);
      if (op.raw || base === undefined) return deliverTampered(w, op.to, op.junk);
      const ciphertext = Uint8Array.of(...op.junk, ...new Uint8Array(16));
      return deliverTampered(w, op.to, encodeRatchetMessage({ header: base.header, headerTag: new Uint8Array(16), ciphertext }));
    }
    case 'tick':
      w.nowMs += op.ms;
      return;
  }
}

/** Runs one schedule, then delivers everything still in flight; every failed expectation is a SEC-INTEGRITY counterexample. */
function runSchedule(schedule: { seed: number; ops: readonly Op[] }, flags: ProtocolFlags): void {
  const w = newWorld(schedule.seed, flags);
  for (const op of schedule.ops) applyOp(w, op);
  for (const to of [0, 1] as const) while (w.inFlight[to].length > 0) deliver(w, to, 0);
  // Every message sent was accepted exactly once, unless the schedule dropped it or its chain aged out.
  for (const to of [0, 1] as const) {
    const ids = w.accepted[to].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of w.everSent[to]) {
      const o = w.outcome.get(m.id);
      expect(o === 'accepted' ? ids.includes(m.id) : o === 'dropped' || o === 'INVALID_MESSAGE').toBe(true);
    }
  }
}

describe('SEC-INTEGRITY property', () => {
  test.prop([scheduleArb], { numRuns: 30 })(
    'SEC-INTEGRITY: every sent message is accepted once with its payload; every tampered, replayed or forged input is refused with its code and changes nothing',
    (schedule) => runSchedule(schedule, REFERENCE_FLAGS),
  );

  test.prop([scheduleArb], { numRuns: 10 })('SEC-INTEGRITY with closeOldChains off (open-old-chains): the same property, with the last chains left open', (schedule) =>
    runSchedule(schedule, { ...REFERENCE_FLAGS, closeOldChains: false }),
  );

  test.each(['no-replay-check', 'advance-on-failure'] as const)('SEC-INTEGRITY negative control: the property fails on %s', (variant) => {
    const result = fc.check(
      fc.property(scheduleArb, (schedule) => runSchedule(schedule, protocolFlags(variant))),
      { numRuns: 200, seed: 42, endOnFailure: true },
    );
    expect(result.failed).toBe(true);
  });
});
