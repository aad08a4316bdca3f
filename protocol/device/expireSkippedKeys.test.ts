// expireSkippedKeys: skipped keys past their TTL leave every 1:1 session and every group sender
// chain (SEC-FS at rest); the seeds come back for wiping and the late message is refused with a code.
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../bytes.ts';
import { roomId } from '../ids.ts';
import { GROUP_SKIPPED_KEY_TTL_MS, SKIPPED_KEY_TTL_MS } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { expireSkippedKeys } from './expireSkippedKeys.ts';
import { commitStep, ctxOf, groupText, hear, makeGroupWorld, phone, pump, say, type Phone } from '../../test/kits/groupWorld.ts';
import { createRoom, openSession, receiveMessage, sendText, serializeDevice, type RoomMember } from './index.ts';

const rng = createDrbg('expire-skipped');
const ctx = (nowMs: number) => makeCtx(rng, nowMs);
const contains = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;

describe('expireSkippedKeys', () => {
  it('1:1: an expired skipped key leaves the session, comes back in consumed, and the late message is refused', () => {
    let alice = makeDevice('alice', 'expire');
    let bob = makeDevice('bob', 'expire');
    alice = openSession(alice, bob.userId, bundleOf(bob), ctx(1_000)).device;
    const late = sendText(alice, bob.deviceId, text('late'), ctx(1_000));
    if (late.kind !== 'sent') throw new Error('held');
    const next = sendText(late.device, bob.deviceId, text('next'), ctx(1_000));
    if (next.kind !== 'sent') throw new Error('held');
    const got = receiveMessage(bob, alice.deviceId, alice.userId, next.wire, ctx(1_000));
    if (!got.ok) throw new Error(got.error.code);
    bob = got.device;
    const seed = bob.contacts[0]!.sessions[0]!.ratchet.skipped[0]!.seed.slice();

    const early = expireSkippedKeys(bob, 1_000 + SKIPPED_KEY_TTL_MS);
    expect(early.device).toBe(bob);
    expect(early.consumed).toEqual([]);

    const swept = expireSkippedKeys(bob, 1_000 + SKIPPED_KEY_TTL_MS + 1);
    expect(swept.consumed.some((s) => equalBytes(s, seed))).toBe(true);
    expect(contains(serializeDevice(swept.device), seed)).toBe(false);
    expect(contains(serializeDevice(bob), seed)).toBe(true); // the input is untouched
    const refused = receiveMessage(swept.device, alice.deviceId, alice.userId, late.wire, ctx(1_000 + SKIPPED_KEY_TTL_MS + 2));
    expect(!refused.ok && refused.error.code).toBe('DUPLICATE_MESSAGE');
  });

  it('groups: an expired skipped group key leaves the sender chain, and the late group message is refused', () => {
    const ROOM = roomId('room-expire');
    const w = makeGroupWorld('expire-group', ['alice', 'bob']);
    const [a, b] = [phone(w, 'alice'), phone(w, 'bob')];
    const member = (p: Phone): RoomMember => ({ deviceId: p.id, identityKey: p.device.identity.publicKey });
    commitStep(w, a, ROOM, createRoom(a.device, ROOM, [member(b)], ctxOf(w, a)));
    pump(w);
    const late = say(w, a, groupText(ROOM, 'late'));
    const next = say(w, a, groupText(ROOM, 'next'));
    expect(hear(w, b, 'alice', next).ok).toBe(true);
    const chain = b.device.groups[0]!.receiving[0]!.chains[0]!;
    const seed = chain.skipped[0]!.seed.slice();
    expect(chain.skipped[0]!.storedAtMs).toBe(w.nowMs);

    const swept = expireSkippedKeys(b.device, w.nowMs + GROUP_SKIPPED_KEY_TTL_MS + 1);
    expect(swept.consumed.some((s) => equalBytes(s, seed))).toBe(true);
    expect(contains(serializeDevice(swept.device), seed)).toBe(false);
    b.device = swept.device;
    w.nowMs += GROUP_SKIPPED_KEY_TTL_MS + 2;
    const refused = hear(w, b, 'alice', late);
    expect(!refused.ok && refused.error.code).toBe('DUPLICATE_MESSAGE');
  });

  it('groups: a skipped group key found past its TTL before any sweep is MESSAGE_EXPIRED, device unchanged', () => {
    const ROOM = roomId('room-expire-2');
    const w = makeGroupWorld('expire-group-2', ['alice', 'bob']);
    const [a, b] = [phone(w, 'alice'), phone(w, 'bob')];
    commitStep(w, a, ROOM, createRoom(a.device, ROOM, [{ deviceId: b.id, identityKey: b.device.identity.publicKey }], ctxOf(w, a)));
    pump(w);
    const late = say(w, a, groupText(ROOM, 'late'));
    expect(hear(w, b, 'alice', say(w, a, groupText(ROOM, 'next'))).ok).toBe(true);
    w.nowMs += GROUP_SKIPPED_KEY_TTL_MS + 1;
    const before = serializeDevice(b.device);
    const r = hear(w, b, 'alice', late);
    expect(!r.ok && r.error.code).toBe('MESSAGE_EXPIRED');
    expect(equalBytes(serializeDevice(b.device), before)).toBe(true);
  });
});
