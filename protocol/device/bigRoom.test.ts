// A limit real use hits (MAX_GROUP_MEMBERS, MAX_GROUP_PAIRWISE_BYTES): a 1,000-member room whose
// members have UUID device ids. Its welcome (about 169 KB: 197 bytes per member record with the
// whole bound identity) is over the 64 KiB text cap, yet it is carried as a group-control content
// over a real 1:1 session (PQXDH setup + ratchet), within the wire cap the server relays, and the
// member it reaches joins, reads the room and saves its store.
import { describe, expect, it } from 'vitest';
import { fromUtf8, wipe } from '../bytes.ts';
import { nativeProvider } from '../crypto/native.ts';
import { generateIdentityKeyPair } from '../identity/keyPair.ts';
import { deviceId, roomId, userId } from '../ids.ts';
import { MAX_PLAINTEXT_BYTES, MAX_WIRE_MESSAGE_BYTES } from '../limits.ts';
import { createDrbg, type Drbg } from '../random/drbg.ts';
import { decodeGroupPairwise } from '../wire/groupPairwise.ts';
import { sendGroupControl, type ControlWire } from './groupControl.ts';
import { ctxOf, fetchBundle, groupText, hear, makeGroupWorld, phone, say, type GroupWorld, type Phone } from '../../test/kits/groupWorld.ts';
import { createRoom, deserializeDevice, findGroup, openSession, receiveMessage, serializeDevice, type RoomMember } from './index.ts';

const ROOM = roomId('7c1d2e4a-5b6f-4a8b-9c0d-1e2f3a4b5c6d');
const MEMBERS = 1_000;

/** A version-4 UUID string (36 characters) from the stream. */
function uuid(rng: Drbg): string {
  const h = Buffer.from(rng.bytes(16)).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Delivers pairwise wires to the phones that exist; group payloads they produce go back only to phones too. */
function deliver(w: GroupWorld, from: Phone, wires: readonly ControlWire[]): void {
  for (const { to, wire } of wires) {
    const p = [...w.phones.values()].find((x) => x.id === to);
    if (p === undefined) continue;
    expect(wire.length).toBeLessThanOrEqual(MAX_WIRE_MESSAGE_BYTES);
    const r = receiveMessage(p.device, from.id, userId(`user-${from.id}`), wire, ctxOf(w, p));
    if (!r.ok) throw new Error(`${to}: ${r.error.code}`);
    p.device = r.device;
    wipe(...r.consumed);
    if (r.content.kind !== 'group-control') continue;
    const back = r.groupOutgoing.filter((s) => s.to === from.id);
    const carry = sendGroupControl(p.device, ROOM, back, ctxOf(w, p));
    p.device = carry.device;
    deliver(w, p, carry.wires);
  }
}

describe('a 1,000-member room with UUID device ids', () => {
  it('is created, its ~169 KB welcome is carried over a 1:1 session, and the welcomed member joins and reads the room', () => {
    const ids = createDrbg('big-room/ids');
    const [creator, joiner] = [uuid(ids), uuid(ids)];
    const w = makeGroupWorld('big-room', [creator, joiner]);
    const [a, b] = [phone(w, creator), phone(w, joiner)];
    const keys = createDrbg('big-room/others');
    const others: RoomMember[] = Array.from({ length: MEMBERS - 2 }, () => ({ deviceId: deviceId(uuid(ids)), identityKey: generateIdentityKeyPair(nativeProvider, keys).publicKey }));

    const opened = openSession(a.device, userId(`user-${joiner}`), fetchBundle(w, joiner), ctxOf(w, a));
    a.device = opened.device;
    wipe(...opened.consumed);
    const step = createRoom(a.device, ROOM, [{ deviceId: b.id, identityKey: b.device.identity.publicKey }, ...others], ctxOf(w, a));
    a.device = step.device;
    wipe(...step.consumed);

    const welcome = step.unsent.find((s) => decodeGroupPairwise(s.payload).kind === 'welcome');
    expect(welcome?.payload.length).toBeGreaterThan(MAX_PLAINTEXT_BYTES);
    expect(step.unsent).toHaveLength(2 * (MEMBERS - 2)); // a welcome and a sender key each, once they have sessions
    expect(step.wires.map((x) => x.to)).toEqual([b.id, b.id]);

    deliver(w, a, step.wires);
    expect(findGroup(b.device, ROOM)?.members).toHaveLength(MEMBERS);

    const r = hear(w, b, creator, say(w, a, groupText(ROOM, 'hello, thousand')));
    expect(r.ok && fromUtf8(r.content.body)).toBe('hello, thousand');
    const reloaded = deserializeDevice(serializeDevice(b.device));
    expect(findGroup(reloaded, ROOM)?.members).toHaveLength(MEMBERS);
  });
});
