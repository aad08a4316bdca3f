// Group rooms on devices, end to end through real 1:1 sessions (PQXDH + ratchet) made from bundles.
// Threats covered: SEC-EVAPORATE (group view-once and timers), SEC-GROUP (removal, negative control
// group-no-rekey-on-remove), SEC-INTEGRITY (forged, injected, tampered, replayed input), store seizure.
import { describe, expect, it } from 'vitest';
import { equalBytes, fromUtf8, toHex, utf8 } from '../bytes.ts';
import { encodeContent } from '../content/content.ts';
import { nativeProvider } from '../crypto/native.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError } from '../errors.ts';
import { decryptGroupMessage } from '../group/decrypt.ts';
import { encryptGroupMessage } from '../group/encrypt.ts';
import { messageKeys, stepChain } from '../group/senderChain.ts';
import { deviceId, roomId } from '../ids.ts';
import { MAX_DEVICE_GROUPS } from '../limits.ts';
import { createDrbg } from '../random/drbg.ts';
import { protocolFlags, REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { decodeGroupMessage, groupMessageAd } from '../wire/groupMessage.ts';
import { encodeGroupPairwise } from '../wire/groupPairwise.ts';
import type { GroupState } from '../wire/groupState.ts';
import { decodePairwiseMessage } from '../wire/pairwiseMessage.ts';
import { keyCandidates } from '../../test/keyCandidates.ts';
import {
  createRoom,
  deserializeDevice,
  expireMessages,
  findContact,
  findGroup,
  openDevice,
  openSession,
  receiveMessage,
  removeRoomMember,
  sealDevice,
  sendControl,
  serializeDevice,
  viewMessage,
  type DeviceEvent,
  type RoomMember,
} from './index.ts';
import { commitStep, ctxOf, fetchBundle, groupText, hear, makeGroupWorld, phone, pump, say, type GroupWorld, type Phone } from '../../test/kits/groupWorld.ts';

const ROOM = roomId('room-g');

const member = (p: Phone): RoomMember => ({ deviceId: p.id, identityKey: p.device.identity.publicKey });

/** alice creates ROOM with bob and carol; no session exists beforehand, every one is made from a bundle. */
function room3(seed: string, flags: ProtocolFlags = REFERENCE_FLAGS): { w: GroupWorld; a: Phone; b: Phone; c: Phone } {
  const w = makeGroupWorld(seed, ['alice', 'bob', 'carol'], flags);
  const [a, b, c] = [phone(w, 'alice'), phone(w, 'bob'), phone(w, 'carol')];
  commitStep(w, a, ROOM, createRoom(a.device, ROOM, [member(b), member(c)], ctxOf(w, a)));
  pump(w);
  return { w, a, b, c };
}

function contains(haystack: Uint8Array, text: string): boolean {
  const h = Buffer.from(haystack);
  return [utf8(text), utf8(Buffer.from(text).toString('base64')), utf8(toHex(utf8(text)))].some((n) => h.indexOf(Buffer.from(n)) >= 0);
}

/** Key trial: every key-like value in the stored state, as a message seed and as a chain key (4 steps), on the group ciphertext. */
function groupKeyTrial(store: Uint8Array, message: Uint8Array): boolean {
  const m = decodeGroupMessage(message);
  const ad = groupMessageAd(m);
  const opens = (seed: Uint8Array): boolean => {
    const k = messageKeys(nativeProvider, seed);
    try {
      nativeProvider.chacha20poly1305.open(k.key, k.nonce, m.ciphertext, ad);
      return true;
    } catch {
      return false;
    }
  };
  for (const start of keyCandidates(deserializeDevice(store))) {
    if (opens(start)) return true;
    let ck = start;
    for (let i = 0; i < 4; i++) {
      const s = stepChain(nativeProvider, ck);
      if (opens(s.seed)) return true;
      ck = s.next;
    }
  }
  return false;
}

/** A dishonest holder of `state` that ignores the view check: can its chains open `message`? */
function patchedTrial(state: GroupState, message: Uint8Array): boolean {
  const m = decodeGroupMessage(message);
  const patched: GroupState = { ...state, epoch: m.epoch, transcriptHash: m.transcriptHash, pastViews: [] };
  try {
    decryptGroupMessage({ provider: nobleProvider, rng: createDrbg('trial'), nowMs: 0, flags: REFERENCE_FLAGS }, patched, message);
    return true;
  } catch (e) {
    if (isProtocolError(e)) return false;
    throw e;
  }
}

const groupKinds = (events: readonly DeviceEvent[]): string[] => events.flatMap((e) => (e.kind === 'group' ? [e.group.kind] : []));

describe('group rooms on devices', () => {
  it('a 3-member room works end to end over 1:1 sessions (PQXDH + ratchet) opened from bundles', () => {
    const w = makeGroupWorld('e2e', ['alice', 'bob', 'carol']);
    const [a, b, c] = [phone(w, 'alice'), phone(w, 'bob'), phone(w, 'carol')];
    const step = createRoom(a.device, ROOM, [member(b), member(c)], ctxOf(w, a));
    // No session yet: every payload comes back for the caller to carry once it has fetched bundles.
    expect(step.wires).toEqual([]);
    expect(new Set(step.unsent.map((s) => s.to))).toEqual(new Set([b.id, c.id]));
    commitStep(w, a, ROOM, step);
    expect(decodePairwiseMessage(w.queue[0]?.wire as Uint8Array).kind).toBe('prekey');
    pump(w);
    for (const p of [a, b, c]) {
      const g = findGroup(p.device, ROOM) as GroupState;
      expect(g.members.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
      expect(g.receiving.map((r) => r.memberId)).toEqual([a.id, b.id, c.id].filter((id) => id !== p.id));
    }
    expect(groupKinds(b.events)).toContain('member-added');
    // bob and carol reached each other through bundles (both at once here: each keeps the other's session too)
    expect(findContact(b.device, c.id)?.sessions.length).toBeGreaterThan(0);
    const distributed = [a, b, c].map((p) => (findGroup(p.device, ROOM) as GroupState).ownChain.chainKey.slice());
    for (const [sender, others] of [
      [a, [b, c]],
      [b, [a, c]],
      [c, [a, b]],
    ] as const) {
      const message = say(w, sender, groupText(ROOM, `hello from ${sender.name}`));
      for (const o of others) {
        const r = hear(w, o, sender.name, message);
        expect(r.ok && fromUtf8(r.content.body)).toBe(`hello from ${sender.name}`);
        expect(r.ok && r.sender).toBe(sender.id);
      }
    }
    // Sender keys travelled only inside the 1:1 ciphertexts: no relayed byte string contains one.
    for (const key of distributed) expect(w.relayed.some((bytes) => Buffer.from(bytes).indexOf(Buffer.from(key)) >= 0)).toBe(false);
  });

  it('SEC-EVAPORATE: a viewed view-once group message leaves no plaintext in either store, and no stored key opens it', () => {
    const { w, a, b } = room3('evaporate');
    const canary = 'CANARY-GROUP-VIEWONCE-7QX2';
    const message = say(w, a, groupText(ROOM, canary));
    expect(contains(serializeDevice(a.device), canary)).toBe(false); // view-once: the sender keeps no copy
    expect(groupKeyTrial(serializeDevice(b.device), message)).toBe(true); // control: before receipt bob's chain opens it
    const r = hear(w, b, 'alice', message);
    if (!r.ok) throw new Error(`refused ${r.error.code}`);
    expect(contains(serializeDevice(b.device), canary)).toBe(true); // unviewed: still there, as it must be
    const viewed = viewMessage(b.device, r.content.messageId, ctxOf(w, b));
    expect(fromUtf8(viewed.body)).toBe(canary);
    b.device = viewed.device;
    for (const p of [a, b]) {
      const store = serializeDevice(p.device);
      expect(contains(store, canary)).toBe(false);
      expect(groupKeyTrial(store, message)).toBe(false);
    }
    expect(b.device.tombstones.map((t) => t.status)).toEqual(['viewed']);
  });

  it('SEC-EVAPORATE: a timed group message evaporates when its timer ends, on the sender and the receiver', () => {
    const { w, a, b } = room3('timer');
    const canary = 'CANARY-GROUP-TIMER-3MZ8';
    const message = say(w, a, groupText(ROOM, canary, { mode: 'timer', ms: 5_000 }, 1_000));
    expect(contains(serializeDevice(a.device), canary)).toBe(true); // the sender's copy, until 6,000
    w.nowMs = 1_500;
    const r = hear(w, b, 'alice', message);
    if (!r.ok) throw new Error(`refused ${r.error.code}`);
    w.nowMs = 2_000;
    b.device = viewMessage(b.device, r.content.messageId, ctxOf(w, b)).device;
    w.nowMs = 6_999;
    b.device = expireMessages(b.device, ctxOf(w, b)).device;
    expect(contains(serializeDevice(b.device), canary)).toBe(true); // timer runs from the view: not yet
    w.nowMs = 7_000;
    b.device = expireMessages(b.device, ctxOf(w, b)).device;
    a.device = expireMessages(a.device, ctxOf(w, a)).device;
    for (const p of [a, b]) {
      const store = serializeDevice(p.device);
      expect(contains(store, canary)).toBe(false);
      expect(groupKeyTrial(store, message)).toBe(false);
    }
  });

  it('group state round-trips through sealDevice/openDevice (a seizure takes it) and keeps working', () => {
    const { w, a, b, c } = room3('seal');
    const key = createDrbg('storage-key').bytes(32);
    for (const p of [a, b, c]) {
      const back = openDevice(nobleProvider, sealDevice(nobleProvider, p.device, key, p.rng), key);
      expect(equalBytes(serializeDevice(back), serializeDevice(p.device))).toBe(true);
      expect(back.groups.map((g) => g.roomId)).toEqual([ROOM]);
      p.device = back;
    }
    const message = say(w, c, groupText(ROOM, 'after reload'));
    for (const p of [a, b]) expect(hear(w, p, 'carol', message).ok).toBe(true);
    commitStep(w, a, ROOM, removeRoomMember(a.device, ROOM, b.id, ctxOf(w, a)));
    pump(w);
    expect(findGroup(c.device, ROOM)?.epoch).toBe(1);
    expect(hear(w, c, 'alice', say(w, a, groupText(ROOM, 'still here'))).ok).toBe(true);
  });

  for (const [name, flags, readable] of [
    ['SEC-GROUP: a removed member reads nothing sent after its removal, even from the state it kept', REFERENCE_FLAGS, false],
    ["SEC-GROUP negative control (group-no-rekey-on-remove): the removed member's kept state reads later messages", protocolFlags('group-no-rekey-on-remove'), true],
  ] as const) {
    it(name, () => {
      const { w, a, b, c } = room3(`remove-${String(readable)}`, flags);
      const kept = serializeDevice(c.device); // a dishonest carol copies her store before the removal arrives
      commitStep(w, a, ROOM, removeRoomMember(a.device, ROOM, c.id, ctxOf(w, a)));
      pump(w);
      expect(findGroup(c.device, ROOM)).toBeUndefined(); // the honest device erased the room
      expect(groupKinds(c.events)).toContain('removed-from-group');
      const fromAlice = say(w, a, groupText(ROOM, 'after removal (alice)'));
      const fromBob = say(w, b, groupText(ROOM, 'after removal (bob)'));
      expect(hear(w, b, 'alice', fromAlice).ok).toBe(true);
      expect(hear(w, a, 'bob', fromBob).ok).toBe(true);
      const honest = hear(w, c, 'alice', fromAlice);
      expect(!honest.ok && honest.error.code).toBe('NOT_A_MEMBER');
      const keptGroup = findGroup(deserializeDevice(kept), ROOM) as GroupState;
      for (const m of [fromAlice, fromBob]) {
        expect(patchedTrial(keptGroup, m)).toBe(readable);
        expect(groupKeyTrial(kept, m)).toBe(readable);
      }
    });
  }

  it('SEC-INTEGRITY: forged, injected, relabelled, tampered, truncated and replayed group messages are refused, device unchanged', () => {
    const { w, a, b } = room3('integrity');
    const message = say(w, a, groupText(ROOM, 'once'));
    const ag = findGroup(a.device, ROOM) as GroupState;
    const gctx = { provider: nobleProvider, rng: createDrbg('forger'), nowMs: 0, flags: REFERENCE_FLAGS };
    const body = encodeContent(groupText(ROOM, 'forged'));
    const injected = encryptGroupMessage(gctx, { ...ag, self: deviceId('mallory') }, body).message;
    const forged = encryptGroupMessage(gctx, { ...ag, ownChain: { ...ag.ownChain, signingSeed: gctx.rng.bytes(32) } }, body).message;
    const tampered = message.slice();
    tampered[tampered.length - 70] = (tampered[tampered.length - 70] as number) ^ 0x01; // inside the ciphertext
    const cases = [
      { bytes: injected, from: 'mallory', code: 'NOT_A_MEMBER', event: 'unknown-sender' },
      { bytes: forged, from: 'alice', code: 'BAD_SIGNATURE' },
      { bytes: message, from: 'carol', code: 'INVALID_MESSAGE' },
      { bytes: tampered, from: 'alice', code: 'BAD_SIGNATURE' },
      { bytes: message.subarray(0, message.length - 1), from: 'alice', code: 'WIRE_TRUNCATED' },
    ];
    const refusedUnchanged = (bytes: Uint8Array, from: string): string => {
      const before = serializeDevice(b.device);
      const r = hear(w, b, from, bytes);
      expect(equalBytes(serializeDevice(r.device), before)).toBe(true);
      expect(equalBytes(serializeDevice(b.device), before)).toBe(true);
      return r.ok ? 'accepted' : r.error.code;
    };
    for (const k of cases) {
      const eventsBefore = b.events.length;
      expect(refusedUnchanged(k.bytes, k.from)).toBe(k.code);
      if (k.event !== undefined) expect(groupKinds(b.events.slice(eventsBefore))).toEqual([k.event]);
    }
    expect(hear(w, b, 'alice', message).ok).toBe(true);
    expect(refusedUnchanged(message, 'alice')).toBe('DUPLICATE_MESSAGE');
  });

  it('SEC-INTEGRITY / SEC-GROUP: a group payload from a non-member over a genuine 1:1 session is refused and reported, the session unadvanced', () => {
    const { w, a, b } = room3('forged-control');
    const mallory = makeGroupWorld('forged-control-m', ['mallory']).phones.get('mallory') as Phone;
    mallory.device = openSession(mallory.device, b.device.userId, fetchBundle(w, 'bob'), ctxOf(w, mallory)).device;
    const ag = findGroup(a.device, ROOM) as GroupState;
    const payload = encodeGroupPairwise({
      kind: 'sender-key',
      roomId: ROOM,
      senderId: a.id,
      epoch: ag.epoch,
      transcriptHash: ag.transcriptHash,
      chainId: new Uint8Array(16).fill(9),
      index: 0,
      chainKey: new Uint8Array(32).fill(9),
      signingPublic: ag.ownChain.signingPublic,
    });
    const wire = sendControl(mallory.device, b.id, { kind: 'group-control', roomId: ROOM, payload }, ctxOf(w, mallory)).wire;
    const before = serializeDevice(b.device);
    const r = receiveMessage(b.device, mallory.id, mallory.device.userId, wire, ctxOf(w, b));
    expect(!r.ok && r.error.code).toBe('NOT_A_MEMBER');
    expect(!r.ok && r.retryLater).toBe(false);
    expect(groupKinds(r.events)).toEqual(['unknown-sender']);
    expect(equalBytes(serializeDevice(r.device), before)).toBe(true);
  });

  it('a sender key that overtakes its welcome is refused retry-later with the device unchanged, and accepted when fed again', () => {
    const w = makeGroupWorld('overtake', ['alice', 'bob', 'carol']);
    const [a, b, c] = [phone(w, 'alice'), phone(w, 'bob'), phone(w, 'carol')];
    commitStep(w, a, ROOM, createRoom(a.device, ROOM, [member(b), member(c)], ctxOf(w, a)));
    pump(w, (to) => to !== c.id); // carol's wires wait in the queue
    const at = w.queue.findIndex((f) => f.from === b.id && f.to === c.id);
    const early = w.queue.splice(at, 1)[0] as (typeof w.queue)[number];
    const before = serializeDevice(c.device);
    const first = receiveMessage(c.device, b.id, b.device.userId, early.wire, ctxOf(w, c));
    expect(!first.ok && first.error.code).toBe('NOT_A_MEMBER');
    expect(!first.ok && first.retryLater).toBe(true);
    expect(equalBytes(serializeDevice(first.device), before)).toBe(true);
    pump(w); // alice's welcome and sender key
    const again = receiveMessage(c.device, b.id, b.device.userId, early.wire, ctxOf(w, c));
    if (!again.ok) throw new Error(`refused ${again.error.code}`);
    c.device = again.device;
    expect((findGroup(c.device, ROOM) as GroupState).receiving.map((r) => r.memberId)).toEqual([a.id, b.id]);
    expect(hear(w, c, 'bob', say(w, b, groupText(ROOM, 'now you can read me'))).ok).toBe(true);
  });

  it(`MAX_DEVICE_GROUPS: a store with ${MAX_DEVICE_GROUPS} rooms takes no more, and a store claiming more does not load`, () => {
    const { w, a, b } = room3('limit');
    const g = findGroup(a.device, ROOM) as GroupState;
    const groups = Array.from({ length: MAX_DEVICE_GROUPS }, (_, i) => ({ ...g, roomId: roomId(`r${String(i).padStart(5, '0')}`) }));
    const full = { ...a.device, groups };
    let err: unknown;
    try {
      createRoom(full, roomId('one-more'), [member(b)], ctxOf(w, a));
    } catch (e) {
      err = e;
    }
    expect(isProtocolError(err, 'WIRE_LENGTH_OVER_LIMIT')).toBe(true);
    const empty = serializeDevice({ ...b.device, groups: [] });
    const claim = empty.slice();
    new DataView(claim.buffer).setUint32(claim.length - 4, MAX_DEVICE_GROUPS + 1);
    const load = (bytes: Uint8Array): unknown => {
      try {
        return deserializeDevice(bytes);
      } catch (e) {
        return e;
      }
    };
    expect(isProtocolError(load(claim), 'STORE_CORRUPT')).toBe(true);
    const unsorted = serializeDevice({ ...b.device, groups: [groups[1] as GroupState, groups[0] as GroupState] });
    expect(isProtocolError(load(unsorted), 'STORE_CORRUPT')).toBe(true);
    expect(deserializeDevice(serializeDevice({ ...b.device, groups: groups.slice(0, 2) })).groups.length).toBe(2);
  });
});
