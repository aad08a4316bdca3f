// A device whose store started over tells its contacts (protocol/device/startOver.ts,
// docs/threat-model.md "Rollback"): the started-over content on a new session moves the contact onto
// it, so what the contact writes next arrives; it is told once, the content is refused anywhere but in
// such a setup, and neither a replay of it nor of the old sessions' messages is taken.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS } from '../variant.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from '../wire/pairwiseMessage.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { contactsToTell, findContact, openRestoredStore, openSession, receiveMessage, sendControl, sendText, serializeDevice, tellStartedOver, watermarkOf, type DeviceState } from './index.ts';

const rng = createDrbg('start-over');
const ctx = (nowMs: number) => makeCtx(rng, nowMs, REFERENCE_FLAGS);

function deliver(from: DeviceState, to: DeviceState, wire: Uint8Array, nowMs: number) {
  return receiveMessage(to, from.deviceId, from.userId, wire, ctx(nowMs));
}

function write(from: DeviceState, to: DeviceState, body: string, nowMs: number) {
  const out = sendText(from, to.deviceId, text(body), ctx(nowMs));
  if (out.kind !== 'sent') throw new Error('held');
  return out;
}

/** Alice and Bob talk; Bob's store is written back from a copy taken before Alice's last message, and starts over. */
function rolledBack(seed: string) {
  let alice = makeDevice('alice', seed);
  let bob = makeDevice('bob', seed);
  alice = openSession(alice, bob.userId, bundleOf(bob), ctx(1_000)).device;
  const hops: Uint8Array[] = [];
  const hop = (from: 'alice' | 'bob', nowMs: number) => {
    const [src, dst] = from === 'alice' ? [alice, bob] : [bob, alice];
    const out = write(src, dst, `${from}@${nowMs}`, nowMs);
    const got = deliver(out.device, dst, out.wire, nowMs);
    if (!got.ok) throw new Error(got.error.code);
    if (from === 'alice') [alice, bob] = [out.device, got.device];
    else [bob, alice] = [out.device, got.device];
    hops.push(out.wire);
  };
  hop('alice', 1_000);
  hop('bob', 1_100);
  const copy = structuredClone(bob);
  hop('alice', 1_200);
  const restored = openRestoredStore({ device: copy, saves: 2 }, watermarkOf(ctx(2_000).provider, bob, 3, bob.preKeys.nextPreKeyId), ctx(2_000));
  if (!restored.startedOver) throw new Error('the copy did not start over');
  return { alice, bob: restored.device, hops, copy };
}

/** Bob opens a new session to Alice from her bundle and tells her on it. */
function tell(alice: DeviceState, bob: DeviceState, nowMs: number) {
  const opened = openSession(bob, alice.userId, bundleOf(alice), ctx(nowMs)).device;
  return tellStartedOver(opened, alice.deviceId, ctx(nowMs));
}

describe('a device that started over tells its contacts', () => {
  it('tells every contact it kept; the contact moves to the new session, is told once, and what it writes next arrives', () => {
    const { alice, bob } = rolledBack('moves');
    expect(contactsToTell(bob)).toEqual([alice.deviceId]);
    // Before the word: Alice writes on the session Bob's phone dropped, and it is lost.
    const lost = write(alice, bob, 'lost', 3_000);
    expect(deliver(lost.device, bob, lost.wire, 3_000).ok).toBe(false);
    const told = tell(lost.device, bob, 3_100);
    const got = deliver(told.device, lost.device, told.wire, 3_100);
    expect(got.ok && got.content.kind).toBe('started-over');
    expect(got.events).toEqual([{ kind: 'peer-started-over', peer: bob.deviceId, atMs: 3_100 }]);
    const newest = findContact(got.device, bob.deviceId)?.sessions[0];
    expect(newest !== undefined && equalBytes(newest.baseKey, findContact(told.device, alice.deviceId)?.sessions[0]?.baseKey ?? new Uint8Array())).toBe(true);
    expect(got.device.inbox.length).toBe(alice.inbox.length); // nothing for the user's inbox
    // After it, Alice's next message goes on the new session, and Bob's phone opens it.
    const later = write(got.device, told.device, 'later', 3_200);
    const arrived = deliver(later.device, told.device, later.wire, 3_200);
    expect(arrived.ok && arrived.content.kind === 'text').toBe(true);
    expect(arrived.ok && arrived.events).toEqual([]);
  });

  it('a text as the first message after starting over tells the contact too, once', () => {
    const { alice, bob } = rolledBack('text-first');
    const opened = openSession(bob, alice.userId, bundleOf(alice), ctx(3_000)).device;
    const first = write(opened, alice, 'first', 3_000);
    const got = deliver(first.device, alice, first.wire, 3_000);
    expect(got.ok && got.events.map((e) => e.kind)).toEqual(['peer-started-over']);
    if (!got.ok) return;
    const second = write(first.device, got.device, 'second', 3_100); // still carries the setup: the same session, not news
    const again = deliver(second.device, got.device, second.wire, 3_100);
    expect(again.ok && again.events).toEqual([]);
  });

  it('a replayed announcement is refused, the contact unchanged and not told again', () => {
    const { alice, bob } = rolledBack('replay');
    const told = tell(alice, bob, 3_000);
    const got = deliver(told.device, alice, told.wire, 3_000);
    if (!got.ok) throw new Error(got.error.code);
    const before = serializeDevice(got.device);
    const replayed = deliver(told.device, got.device, told.wire, 3_100);
    expect(replayed.ok).toBe(false);
    expect(replayed.events).toEqual([]);
    expect(equalBytes(serializeDevice(replayed.device), before)).toBe(true);
  });

  it("the old sessions' messages are not taken again once the contact moved to the new session", () => {
    const { alice, bob, hops } = rolledBack('old-messages');
    const told = tell(alice, bob, 3_000);
    const got = deliver(told.device, alice, told.wire, 3_000);
    if (!got.ok) throw new Error(got.error.code);
    const bobsOld = hops[1] as Uint8Array; // what Bob wrote before the rollback, on the old session
    const replayed = deliver(told.device, got.device, bobsOld, 3_100);
    expect(replayed.ok).toBe(false);
    expect(equalBytes(serializeDevice(replayed.device), serializeDevice(got.device))).toBe(true);
  });

  it('a started-over content outside a setup that supersedes every session is refused (INVALID_MESSAGE), the contact unchanged', () => {
    const { alice, bob } = rolledBack('outside');
    const opened = openSession(bob, alice.userId, bundleOf(alice), ctx(3_000)).device;
    const first = write(opened, alice, 'first', 3_000);
    const got = deliver(first.device, alice, first.wire, 3_000);
    if (!got.ok) throw new Error(got.error.code);
    const reply = write(got.device, first.device, 'reply', 3_100);
    const answered = deliver(reply.device, first.device, reply.wire, 3_100);
    if (!answered.ok) throw new Error(answered.error.code);
    // Bob's session is answered: a started-over content on it is a ratchet message, not a setup.
    const odd = sendControl(answered.device, alice.deviceId, { kind: 'started-over' }, ctx(3_200));
    const r = deliver(odd.device, reply.device, odd.wire, 3_200);
    expect(!r.ok && r.error.code).toBe('INVALID_MESSAGE');
    expect(equalBytes(serializeDevice(r.device), serializeDevice(reply.device))).toBe(true);
    expect(() => tellStartedOver(answered.device, alice.deviceId, ctx(3_200))).toThrow(UsageError);
  });

  it('told, the contact drops every older session: a copy of the old phone can no longer send on one', () => {
    const { alice, bob, copy } = rolledBack('drops');
    const told = tell(alice, bob, 3_000);
    const got = deliver(told.device, alice, told.wire, 3_000);
    if (!got.ok) throw new Error(got.error.code);
    expect(findContact(got.device, bob.deviceId)?.sessions).toHaveLength(1);
    // The thief's copy is the old Bob, on the session Alice held before: what it writes is refused.
    const forged = write(copy, got.device, 'as bob', 3_100);
    expect(deliver(forged.device, alice, forged.wire, 3_100).ok).toBe(true); // Alice, untold, would take it
    const r = deliver(forged.device, got.device, forged.wire, 3_100);
    expect(r.ok).toBe(false);
    expect(equalBytes(serializeDevice(r.device), serializeDevice(got.device))).toBe(true);
  });

  it('told, the contact refuses a setup that names neither the start-over nor a session it holds (made before, or by a copy): STALE_SESSION, state unchanged', () => {
    const { alice, bob, copy } = rolledBack('before');
    const told = tell(alice, bob, 3_000);
    const got = deliver(told.device, alice, told.wire, 3_000);
    if (!got.ok) throw new Error(got.error.code);
    const fromCopy = write(openSession(copy, alice.userId, bundleOf(alice), ctx(3_100)).device, got.device, 'old phone', 3_100);
    const r = deliver(fromCopy.device, got.device, fromCopy.wire, 3_100);
    expect(!r.ok && r.error.code).toBe('STALE_SESSION');
    expect(equalBytes(serializeDevice(r.device), serializeDevice(got.device))).toBe(true);
    // A later new session by the started-over phone names the one it holds, and is taken.
    const again = write(openSession(told.device, alice.userId, bundleOf(got.device), ctx(3_200)).device, got.device, 'new again', 3_200);
    const later = deliver(again.device, got.device, again.wire, 3_200);
    expect(later.ok || later.error.code).toBe(true);
  });

  it('a setup the contact makes before the word arrives crosses the start-over setup: both phones settle on the start-over, whatever the base keys', () => {
    for (const seed of ['cross-1', 'cross-2', 'cross-3', 'cross-4', 'cross-5', 'cross-6']) {
      const { alice, bob } = rolledBack(seed);
      const told = tell(alice, bob, 3_000);
      // The server holds the word back; Alice fetches Bob's new keys and opens a setup of her own.
      const mine = write(openSession(alice, bob.userId, bundleOf(told.device, { oneTime: false }), ctx(3_050)).device, told.device, 'crossing', 3_050);
      const atBob = deliver(mine.device, told.device, mine.wire, 3_060);
      const atAlice = deliver(told.device, mine.device, told.wire, 3_100);
      if (!atBob.ok || !atAlice.ok) throw new Error(`${seed}: a crossing setup was refused`);
      let [a, b] = [atAlice.device, atBob.device];
      for (let i = 0; i < 3; i++) {
        const ab = write(a, b, `a${i}`, 3_200 + i * 100);
        const gotB = deliver(ab.device, b, ab.wire, 3_201 + i * 100);
        expect(gotB.ok, `${seed}: alice → bob ${i}`).toBe(true);
        if (!gotB.ok) return;
        const ba = write(gotB.device, ab.device, `b${i}`, 3_250 + i * 100);
        const gotA = deliver(ba.device, ab.device, ba.wire, 3_251 + i * 100);
        expect(gotA.ok, `${seed}: bob → alice ${i}`).toBe(true);
        if (!gotA.ok) return;
        [a, b] = [gotA.device, ba.device];
      }
    }
  });

  it('a server that rewrites or strips the supersedes field of a setup makes it fail (bound into the associated data)', () => {
    const { alice, bob } = rolledBack('bound');
    // Bob's first text after starting over, on a setup that names SUPERSEDES_LOST.
    const first = write(openSession(bob, alice.userId, bundleOf(alice), ctx(3_000)).device, alice, 'after', 3_000);
    const m = decodePairwiseMessage(first.wire);
    if (m.kind !== 'prekey' || m.initial.supersedes === undefined) throw new Error('not a setup after a start-over');
    expect(deliver(first.device, alice, first.wire, 3_000).ok).toBe(true);
    for (const supersedes of [undefined, new Uint8Array(32).fill(7)]) {
      const forged = encodePairwiseMessage({ ...m, initial: { ...m.initial, supersedes } });
      const r = deliver(first.device, alice, forged, 3_000);
      expect(r.ok).toBe(false);
      expect(equalBytes(serializeDevice(r.device), serializeDevice(alice))).toBe(true);
    }
  });

  it('contacts it may not write to are not told', () => {
    const { alice, bob } = rolledBack('blocked');
    const blocked: DeviceState = { ...bob, contacts: bob.contacts.map((c) => ({ ...c, verificationFailed: true })) };
    expect(contactsToTell(blocked)).toEqual([]);
    const changed: DeviceState = { ...bob, contacts: bob.contacts.map((c) => ({ ...c, pendingIdentity: alice.identity.publicKey })) };
    expect(contactsToTell(changed)).toEqual([]);
  });
});
