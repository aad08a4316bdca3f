// End-to-end 1:1 privacy mode between devices, through the device steps a phone runs.
// Threats covered: SEC-EVAPORATE, SEC-FS, SEC-MITM, SEC-INTEGRITY, SEC-PQ (downgrade), store loading.
import { describe, expect, it } from 'vitest';
import { equalBytes, fromUtf8, toHex, utf8 } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS } from '../variant.ts';
import { decodePairwiseMessage } from '../wire/pairwiseMessage.ts';
import { openWithSeed } from '../ratchet/messageCipher.ts';
import { kdfChainKey, staticMessageSeed } from '../ratchet/kdf.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { nativeProvider } from '../crypto/native.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { keyCandidates } from '../../test/keyCandidates.ts';
import {
  acknowledgeKeyChange,
  contactSafetyNumber,
  deserializeDevice,
  findContact,
  openDevice,
  openSession,
  receiveMessage,
  releaseHeld,
  sealDevice,
  sendText,
  serializeDevice,
  verifySafetyNumber,
  viewMessage,
  expireMessages,
  type DeviceState,
} from './index.ts';

const rng = createDrbg('device-test');
const ctx = (nowMs = 1_000, flags = REFERENCE_FLAGS) => makeCtx(rng, nowMs, flags);

function send(from: DeviceState, to: DeviceState, body: string, nowMs = 1_000, flags = REFERENCE_FLAGS) {
  const out = sendText(from, to.deviceId, text(body), ctx(nowMs, flags));
  if (out.kind !== 'sent') throw new Error(`expected sent, got ${out.kind}`);
  return out;
}

function pair(seed: string, flags = REFERENCE_FLAGS) {
  let alice = makeDevice('alice', seed, flags);
  const bob = makeDevice('bob', seed, flags);
  alice = openSession(alice, bob.userId, bundleOf(bob), ctx(1_000, flags)).device;
  return { alice, bob };
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
}

/**
 * Key trial: every key-like value in the decoded state (test/keyCandidates.ts), tried as a message-key
 * seed, as a chain key (3 steps) and as a static no-ratchet key, on the captured ciphertext.
 */
function keyTrial(state: Uint8Array, wire: Uint8Array, ad: Uint8Array): boolean {
  const m = decodePairwiseMessage(wire).message;
  for (const start of keyCandidates(deserializeDevice(state))) {
    const derived = (['initiator', 'responder'] as const).map((role) => staticMessageSeed(nativeProvider, start, role, m.header.counter));
    for (const seed of derived) {
      try {
        openWithSeed(nativeProvider, seed, ad, m.header, m.ciphertext);
        return true;
      } catch {
        // not the no-ratchet derivation either
      }
    }
    let candidate = start;
    for (let step = 0; step < 4; step++) {
      try {
        openWithSeed(nativeProvider, candidate, ad, m.header, m.ciphertext);
        return true;
      } catch {
        candidate = kdfChainKey(nativeProvider, candidate).nextChainKey;
      }
    }
  }
  return false;
}

describe('1:1 devices', () => {
  it('deliver a message and a reply, first through PQXDH then on the ratchet', () => {
    let { alice, bob } = pair('basic');
    const first = send(alice, bob, 'hello bob');
    alice = first.device;
    expect(decodePairwiseMessage(first.wire).kind).toBe('prekey');
    const got = receiveMessage(bob, alice.deviceId, alice.userId, first.wire, ctx());
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    bob = got.device;
    expect(got.content.kind === 'text' && fromUtf8(got.content.body)).toBe('hello bob');
    const reply = send(bob, alice, 'hi alice');
    expect(decodePairwiseMessage(reply.wire).kind).toBe('ratchet');
    const back = receiveMessage(alice, bob.deviceId, bob.userId, reply.wire, ctx());
    expect(back.ok && back.content.kind === 'text' && fromUtf8(back.content.body)).toBe('hi alice');
    if (!back.ok) return;
    // Alice heard back, so her next message is a plain ratchet message.
    expect(decodePairwiseMessage(send(back.device, bob, 'again').wire).kind).toBe('ratchet');
  });

  it('SEC-EVAPORATE / SEC-FS: after a view-once message is viewed, neither phone holds its plaintext or a key that opens it', () => {
    let { alice, bob } = pair('evaporate');
    const canary = 'CANARY-EVAPORATE-7Q2XK';
    const sent = send(alice, bob, canary);
    alice = sent.device;
    const got = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx());
    if (!got.ok || got.content.kind !== 'text') throw new Error('receive failed');
    bob = got.device;
    expect(contains(serializeDevice(bob), utf8(canary))).toBe(true); // unviewed: still there, as it must be
    const viewed = viewMessage(bob, got.content.messageId, ctx(2_000));
    expect(fromUtf8(viewed.body)).toBe(canary);
    bob = viewed.device;
    const ad = findContact(bob, alice.deviceId)?.sessions[0]?.ratchet.associatedData as Uint8Array;
    for (const state of [serializeDevice(bob), serializeDevice(alice)]) {
      expect(contains(state, utf8(canary))).toBe(false);
      expect(contains(state, utf8(Buffer.from(canary).toString('base64')))).toBe(false);
      expect(keyTrial(state, sent.wire, ad)).toBe(false);
    }
    expect(bob.tombstones.map((t) => t.status)).toEqual(['viewed']);
  });

  it('no-ratchet (weak variant) is caught by the key trial: a seized phone still opens a viewed message', () => {
    const flags = protocolFlags('no-ratchet');
    let { alice, bob } = pair('no-ratchet', flags);
    const sent = send(alice, bob, 'CANARY-NORATCHET', 1_000, flags);
    alice = sent.device;
    const got = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx(1_000, flags));
    if (!got.ok || got.content.kind !== 'text') throw new Error('receive failed');
    bob = viewMessage(got.device, got.content.messageId, ctx(2_000, flags)).device;
    const ad = findContact(bob, alice.deviceId)?.sessions[0]?.ratchet.associatedData as Uint8Array;
    expect(contains(serializeDevice(bob), utf8('CANARY-NORATCHET'))).toBe(false);
    expect(keyTrial(serializeDevice(bob), sent.wire, ad)).toBe(true);
  });

  it('keep-after-view (weak variant) is caught: the plaintext survives the view', () => {
    const flags = protocolFlags('keep-after-view');
    let { alice, bob } = pair('keep', flags);
    const sent = send(alice, bob, 'CANARY-KEEP', 1_000, flags);
    const got = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx(1_000, flags));
    if (!got.ok || got.content.kind !== 'text') throw new Error('receive failed');
    bob = viewMessage(got.device, got.content.messageId, ctx(2_000, flags)).device;
    expect(contains(serializeDevice(bob), utf8('CANARY-KEEP'))).toBe(true);
  });

  it('timed messages evaporate when their timer ends, on both phones', () => {
    let { alice, bob } = pair('timer');
    const msg = text('CANARY-TIMER', { mode: 'timer', ms: 5_000 }, 1_000);
    const out = sendText(alice, bob.deviceId, msg, ctx());
    if (out.kind !== 'sent') throw new Error('held');
    alice = out.device;
    const got = receiveMessage(bob, alice.deviceId, alice.userId, out.wire, ctx(1_500));
    if (!got.ok) throw new Error('receive failed');
    bob = viewMessage(got.device, msg.messageId, ctx(2_000)).device;
    expect(contains(serializeDevice(bob), utf8('CANARY-TIMER'))).toBe(true);
    bob = expireMessages(bob, ctx(6_999)).device;
    expect(contains(serializeDevice(bob), utf8('CANARY-TIMER'))).toBe(true); // not yet
    bob = expireMessages(bob, ctx(7_000)).device;
    alice = expireMessages(alice, ctx(6_000)).device;
    expect(contains(serializeDevice(bob), utf8('CANARY-TIMER'))).toBe(false);
    expect(contains(serializeDevice(alice), utf8('CANARY-TIMER'))).toBe(false);
  });

  it('SEC-INTEGRITY: tampered and replayed messages are refused with a code and leave the device byte-for-byte unchanged', () => {
    let { alice, bob } = pair('integrity');
    const sent = send(alice, bob, 'once');
    alice = sent.device;
    const tampered = sent.wire.slice();
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] as number) ^ 0x01;
    const before = serializeDevice(bob);
    const bad = receiveMessage(bob, alice.deviceId, alice.userId, tampered, ctx());
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('INVALID_MESSAGE');
    expect(equalBytes(serializeDevice(bad.device), before)).toBe(true);
    const good = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx());
    if (!good.ok) throw new Error('receive failed');
    bob = good.device;
    // Replay the first (setup) message after the reply phase: refused, state unchanged.
    const reply = send(bob, alice, 'r');
    bob = reply.device;
    const mid = serializeDevice(bob);
    const replay = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx());
    expect(replay.ok).toBe(false);
    if (!replay.ok) expect(['DUPLICATE_MESSAGE', 'ONE_TIME_PREKEY_REUSED']).toContain(replay.error.code);
    expect(equalBytes(serializeDevice(replay.device), mid)).toBe(true);
    const garbage = receiveMessage(bob, alice.deviceId, alice.userId, utf8('not a message'), ctx());
    expect(!garbage.ok && garbage.error.code).toBe('INVALID_MESSAGE');
  });

  it("SEC-MITM: a server that swaps a known contact's bundle causes a key-change event, no session and held messages", () => {
    let { alice, bob } = pair('mitm');
    const mallory = makeDevice('mallory', 'mitm');
    const fake = { ...bundleOf(mallory), deviceId: bob.deviceId };
    const before = contactSafetyNumber(alice, bob.deviceId, ctx());
    const step = openSession(alice, bob.userId, fake, ctx());
    expect(step.events.map((e) => e.kind)).toEqual(['key-change']);
    alice = step.device;
    expect(contactSafetyNumber(alice, bob.deviceId, ctx())).toBe(before); // trusted identity unchanged
    const out = sendText(alice, bob.deviceId, text('secret'), ctx());
    expect(out.kind).toBe('held');
    alice = out.device;
    // Acknowledging switches trust, but held messages are NOT sent until the user releases them.
    const ack = acknowledgeKeyChange(alice, bob.deviceId, ctx());
    alice = ack.device;
    expect(findContact(alice, bob.deviceId)?.held.length).toBe(1);
    expect(contactSafetyNumber(alice, bob.deviceId, ctx())).not.toBe(before);
    const released = releaseHeld(alice, bob.deviceId, ctx());
    expect(released.wires.length).toBe(1);
  });

  it('SEC-MITM: a bundle substituted at first contact is caught by comparing safety numbers', () => {
    let alice = makeDevice('alice', 'mitm-first');
    const bob = makeDevice('bob', 'mitm-first');
    const mallory = makeDevice('mallory', 'mitm-first');
    alice = openSession(alice, bob.userId, { ...bundleOf(mallory), deviceId: bob.deviceId }, ctx()).device;
    // Bob's phone shows the number computed from the identities it really has.
    let bobSide = openSession(bob, alice.userId, bundleOf(alice), ctx()).device;
    const bobsNumber = contactSafetyNumber(bobSide, alice.deviceId, ctx()) as string;
    const checked = verifySafetyNumber(alice, bob.deviceId, bobsNumber, ctx());
    expect(checked.events.map((e) => e.kind)).toEqual(['verification-failed']);
    expect(sendText(checked.device, bob.deviceId, text('x'), ctx()).kind).toBe('held');
    // Genuine identities verify.
    alice = openSession(makeDevice('alice', 'mitm-first'), bob.userId, bundleOf(bob), ctx()).device;
    bobSide = openSession(bob, alice.userId, bundleOf(alice), ctx()).device;
    const ok = verifySafetyNumber(alice, bob.deviceId, contactSafetyNumber(bobSide, alice.deviceId, ctx()) as string, ctx());
    expect(ok.events.map((e) => e.kind)).toEqual(['verified']);
  });

  it('silent-key-change (weak variant) is caught: the swapped bundle is used with no event and Mallory reads the message', () => {
    const flags = protocolFlags('silent-key-change');
    const { alice, bob } = pair('silent', flags);
    const mallory = makeDevice('mallory', 'silent', flags);
    const step = openSession(alice, bob.userId, { ...bundleOf(mallory), deviceId: bob.deviceId }, ctx(1_000, flags));
    expect(step.events).toEqual([]);
    const out = sendText(step.device, bob.deviceId, text('for bob only'), ctx(1_000, flags));
    if (out.kind !== 'sent') throw new Error('held');
    // Mallory answers to bob's ids (they are bound into the session AD).
    const stolen = receiveMessage({ ...mallory, deviceId: bob.deviceId, userId: bob.userId }, alice.deviceId, alice.userId, out.wire, ctx(1_000, flags));
    expect(stolen.ok && stolen.content.kind === 'text' && fromUtf8(stolen.content.body)).toBe('for bob only');
  });

  it('SEC-MITM: an incoming setup from a changed identity is refused and raises a key-change event', () => {
    let { alice, bob } = pair('incoming-change');
    const first = send(alice, bob, 'hi');
    bob = (receiveMessage(bob, alice.deviceId, alice.userId, first.wire, ctx()) as { device: DeviceState }).device;
    const mallory = makeDevice('alice', 'other-seed'); // same device id, different identity
    const forged = send(openSession(mallory, bob.userId, bundleOf(bob), ctx()).device, bob, 'I am alice');
    const r = receiveMessage(bob, alice.deviceId, alice.userId, forged.wire, ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNTRUSTED_IDENTITY');
      expect(r.events.map((e) => e.kind)).toEqual(['key-change']);
    }
  });

  it('SEC-PQ: a PQ-capable device refuses an X3DH-only setup (no downgrade)', () => {
    let alice = makeDevice('alice', 'downgrade');
    const bob = makeDevice('bob', 'downgrade');
    alice = { ...alice, config: { mode: 'x3dh', requirePq: false } };
    alice = openSession(alice, bob.userId, bundleOf(bob, { kem: false }), ctx()).device;
    const sent = send(alice, bob, 'classical only');
    const r = receiveMessage(bob, alice.deviceId, alice.userId, sent.wire, ctx());
    expect(!r.ok && r.error.code).toBe('PQ_DOWNGRADE');
  });

  it('the sealed device store reloads into a working device; a wrong key or a truncated file is a typed error', () => {
    let { alice, bob } = pair('store');
    const key = rng.bytes(32);
    const first = send(alice, bob, 'before seizure');
    alice = first.device;
    bob = (receiveMessage(bob, alice.deviceId, alice.userId, first.wire, ctx()) as { device: DeviceState }).device;
    const blob = sealDevice(nobleProvider, bob, key, rng);
    const reloaded = openDevice(nobleProvider, blob, key);
    expect(toHex(serializeDevice(reloaded))).toBe(toHex(serializeDevice(bob)));
    const next = send(alice, reloaded, 'after reload');
    const r = receiveMessage(reloaded, alice.deviceId, alice.userId, next.wire, ctx());
    expect(r.ok && r.content.kind === 'text' && fromUtf8(r.content.body)).toBe('after reload');
    expect(() => openDevice(nobleProvider, blob, rng.bytes(32))).toThrow(expect.objectContaining({ code: 'STORE_BAD_KEY' }));
    let err: unknown;
    try {
      openDevice(nobleProvider, blob.subarray(0, 20), key);
    } catch (e) {
      err = e;
    }
    expect(isProtocolError(err, 'STORE_CORRUPT')).toBe(true);
  });
});
