// MAX_STORE_SKIPPED_KEYS: a store-bloat attempt. A hostile member in many rooms makes this device
// skip a full chain in each (every room within its own bound), and a peer leaves skipped keys in a
// session. Written, the store keeps MAX_STORE_SKIPPED_KEYS keys, the oldest dropped first (sessions
// and rooms alike); it loads back and still opens the late messages whose keys it kept; a store
// holding more does not load (STORE_CORRUPT). The live device holds the bound too: a group or 1:1
// receive that adds skipped keys drops the oldest at once and hands their seeds back to wipe.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes, utf8 } from '../bytes.ts';
import { isProtocolError } from '../errors.ts';
import { ctxOf, makeWorld, party, runStep, type World } from '../../test/kits/groupHarness.ts';
import { createGroup, decryptGroupMessage, encryptGroupMessage } from '../group/index.ts';
import { stepChain } from '../group/senderChain.ts';
import { deviceId, roomId, userId } from '../ids.ts';
import type { TextContent } from '../content/content.ts';
import { MAX_GROUP_FORWARD_JUMP, MAX_STORE_SKIPPED_KEYS } from '../limits.ts';
import { encodeGroupState, type GroupState } from '../wire/groupState.ts';
import { encodeContent } from '../content/content.ts';
import { messageId } from '../ids.ts';
import { sessionArb } from '../../test/kits/wireArbitraries.ts';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { openSession, receiveMessage, sendText } from './index.ts';
import { createDrbg } from '../random/drbg.ts';
import { receiveGroupText } from './groupText.ts';
import type { DeviceState } from './state.ts';
import { boundStoreSkippedKeys, deserializeDevice, serializeDevice } from './store.ts';
import { storeSkippedKeyCount } from './storeCodec.ts';

const ROOMS = 26;

function groupText(room: string): TextContent {
  return { kind: 'text', messageId: messageId(`late-${room}`), roomId: roomId(room), sentAtMs: 0, evaporation: { mode: 'view-once' }, body: utf8('far ahead') };
}

interface Bloated {
  readonly world: World;
  readonly state: GroupState;
  /** A message sent before the jump, so its key is one of the skipped ones. */
  readonly late: Uint8Array;
}

/** Room `r`: hostile `h` sends one message that makes `v` skip MAX_GROUP_FORWARD_JUMP keys, at time `nowMs`. */
function bloatedRoom(r: number, nowMs: number): Bloated {
  const world = makeWorld(`store-bloat-${r}`, ['h', 'v']);
  world.nowMs = nowMs;
  const h = party(world, 'h');
  runStep(world, h, createGroup(ctxOf(world, h), h.identity, roomId(`room-${String(r).padStart(2, '0')}`), [h.peer, party(world, 'v').peer]));
  const send = (text: string) => {
    const out = encryptGroupMessage(ctxOf(world, h), h.state!, utf8(text));
    h.state = out.state;
    return out.message;
  };
  const late = send(`late in room ${r}`);
  let ck = h.state!.ownChain.chainKey;
  for (let i = 1; i < MAX_GROUP_FORWARD_JUMP; i++) ck = stepChain(ctxOf(world, h).provider, ck).next;
  h.state = { ...h.state!, ownChain: { ...h.state!.ownChain, chainKey: ck, index: MAX_GROUP_FORWARD_JUMP } };
  const v = party(world, 'v');
  v.state = decryptGroupMessage(ctxOf(world, v), v.state!, send('far ahead')).state;
  return { world, state: v.state, late };
}

/** Room `r` where `v` has not yet received h's message that jumps `jump` ahead (sent at `nowMs`). */
function pendingJump(r: number, nowMs: number, jump: number): { state: GroupState; message: Uint8Array } {
  const world = makeWorld(`store-bloat-live-${r}`, ['h', 'v']);
  world.nowMs = nowMs;
  const h = party(world, 'h');
  runStep(world, h, createGroup(ctxOf(world, h), h.identity, roomId(`room-${String(r).padStart(2, '0')}`), [h.peer, party(world, 'v').peer]));
  let ck = h.state!.ownChain.chainKey;
  for (let i = 0; i < jump; i++) ck = stepChain(ctxOf(world, h).provider, ck).next;
  h.state = { ...h.state!, ownChain: { ...h.state!.ownChain, chainKey: ck, index: jump } };
  const out = encryptGroupMessage(ctxOf(world, h), h.state, encodeContent(groupText(`room-${String(r).padStart(2, '0')}`)));
  return { state: party(world, 'v').state!, message: out.message };
}

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
}

describe('MAX_STORE_SKIPPED_KEYS', () => {
  // Room r's keys are stored at 10 s + r s: room 0's are the oldest of the rooms.
  const rooms = Array.from({ length: ROOMS }, (_, r) => bloatedRoom(r, 10_000 + r * 1_000));

  it('a store-bloat attempt (many rooms × a full chain of skipped keys each, plus a session) is held to the bound, oldest first', () => {
    const session = fc.sample(sessionArb, { numRuns: 1, seed: 11 })[0]!;
    const sessionKeys = Array.from({ length: 100 }, (_, i) => ({
      ratchetKey: new Uint8Array(32).fill(7),
      counter: i,
      seed: new Uint8Array(32).fill(i),
      headerKey: new Uint8Array(32).fill(8),
      storedAtMs: 5_000,
    }));
    const base = makeDevice('v', 'store-bloat');
    const contact = {
      deviceId: deviceId('peer'),
      userId: userId('user-peer'),
      identity: undefined,
      verified: false,
      verificationFailed: false,
      pendingIdentity: undefined,
      pendingBundle: undefined,
      held: [],
    };
    const device: DeviceState = {
      ...base,
      contacts: [{ ...contact, sessions: [{ ...session, ratchet: { ...session.ratchet, skipped: sessionKeys, closedChains: undefined, receiving: [] } }] }],
      groups: rooms.map((r) => r.state),
    };
    const held = storeSkippedKeyCount(device);
    expect(held).toBe(ROOMS * MAX_GROUP_FORWARD_JUMP + sessionKeys.length);
    expect(held).toBeGreaterThan(MAX_STORE_SKIPPED_KEYS);

    const bytes = serializeDevice(device);
    expect(storeSkippedKeyCount(device)).toBe(held); // the live device is not modified
    const loaded = deserializeDevice(bytes);
    expect(storeSkippedKeyCount(loaded)).toBe(MAX_STORE_SKIPPED_KEYS);
    expect(bytes.length).toBeLessThan(MAX_STORE_SKIPPED_KEYS * 76 + 1_000_000);
    // Oldest first: the session's keys (stored at 5 s), then room 0's (10 s); every later room is whole.
    expect(loaded.contacts[0]!.sessions[0]!.ratchet.skipped).toEqual([]);
    const perRoom = loaded.groups.map((g) => g.receiving[0]!.chains[0]!.skipped.length);
    expect(perRoom).toEqual([0, ...Array.from({ length: ROOMS - 1 }, () => MAX_GROUP_FORWARD_JUMP)]);
    expect(equalBytes(serializeDevice(loaded), bytes)).toBe(true);

    // The loaded store still opens a late message whose key it kept, and refuses one whose key it dropped.
    const open = (r: number) => {
      const { world, late } = rooms[r]!;
      return codeOf(() => decryptGroupMessage(ctxOf(world, party(world, 'v')), loaded.groups[r]!, late));
    };
    expect(open(0)).toBe('DUPLICATE_MESSAGE');
    expect(open(1)).toBe('accepted');
    expect(open(ROOMS - 1)).toBe('accepted');
  });

  it('a store holding more than the bound does not load (STORE_CORRUPT); the bounded device is exactly what is written', () => {
    const groups = rooms.map((r) => r.state);
    const base = makeDevice('v', 'store-bloat-load');
    expect(groups.length * MAX_GROUP_FORWARD_JUMP).toBeGreaterThan(MAX_STORE_SKIPPED_KEYS);
    // The groups list is the store's last field: its u32 count, then each room as a u32-prefixed state.
    const empty = serializeDevice({ ...base, groups: [] });
    const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    const encoded = groups.map((g) => encodeGroupState(g));
    const over = concatBytes(empty.subarray(0, empty.length - 4), u32(groups.length), ...encoded.flatMap((e) => [u32(e.length), e]));
    expect(codeOf(() => deserializeDevice(over))).toBe('STORE_CORRUPT');
    const bounded = boundStoreSkippedKeys({ ...base, groups });
    expect(storeSkippedKeyCount(bounded)).toBe(MAX_STORE_SKIPPED_KEYS);
    const written = serializeDevice(bounded);
    expect(equalBytes(serializeDevice(deserializeDevice(written)), written)).toBe(true);
    expect(equalBytes(written, serializeDevice({ ...base, groups }))).toBe(true);
  });

  it('a live device stays within the bound as it receives: a group message that skips more keys drops the oldest at once, seeds handed back to wipe', () => {
    const full = rooms.slice(1).map((r) => r.state); // 25 rooms × MAX_GROUP_FORWARD_JUMP = exactly the bound
    expect(full.length * MAX_GROUP_FORWARD_JUMP).toBe(MAX_STORE_SKIPPED_KEYS);
    const jump = 100;
    const fresh = pendingJump(ROOMS, 100_000, jump);
    const device: DeviceState = { ...makeDevice('v', 'store-bloat-live'), groups: [...full, fresh.state] };
    expect(storeSkippedKeyCount(device)).toBe(MAX_STORE_SKIPPED_KEYS);
    const r = receiveGroupText(device, deviceId('h'), fresh.message, makeCtx(createDrbg('store-bloat-live'), 100_000));
    if (!r.ok) throw new Error(r.error.code);
    expect(storeSkippedKeyCount(r.device)).toBe(MAX_STORE_SKIPPED_KEYS);
    // The oldest are room 1's first keys (stored at 11 s); the new room keeps all it skipped.
    const dropped = full[0]!.receiving[0]!.chains[0]!.skipped.slice(0, jump).map((k) => k.seed);
    expect(r.device.groups[0]!.receiving[0]!.chains[0]!.skipped).toHaveLength(MAX_GROUP_FORWARD_JUMP - jump);
    expect(
      r.device.groups
        .at(-1)!
        .receiving.flatMap((m) => m.chains)
        .reduce((n, c) => n + c.skipped.length, 0),
    ).toBe(jump);
    for (const seed of dropped) expect(r.consumed).toContain(seed);
    expect(storeSkippedKeyCount(device)).toBe(MAX_STORE_SKIPPED_KEYS); // the input is not modified
  });

  it('a live device stays within the bound on a 1:1 receive too: a message that skips keys drops the oldest room keys at once', () => {
    const full = rooms.slice(1).map((r) => r.state);
    let alice = makeDevice('alice', 'store-bloat-1to1');
    const bob = makeDevice('v', 'store-bloat-1to1');
    alice = openSession(alice, bob.userId, bundleOf(bob), makeCtx(createDrbg('store-bloat-1to1/a'), 100_000)).device;
    const wires: Uint8Array[] = [];
    for (const body of ['one', 'two', 'three']) {
      const out = sendText(alice, bob.deviceId, text(body), makeCtx(createDrbg(`store-bloat-1to1/${body}`), 100_000));
      if (out.kind !== 'sent') throw new Error('held');
      alice = out.device;
      wires.push(out.wire);
    }
    const first = receiveMessage(bob, alice.deviceId, alice.userId, wires[0]!, makeCtx(createDrbg('store-bloat-1to1/b1'), 100_000));
    if (!first.ok) throw new Error(first.error.code);
    const device: DeviceState = { ...first.device, groups: full };
    expect(storeSkippedKeyCount(device)).toBe(MAX_STORE_SKIPPED_KEYS);
    const r = receiveMessage(device, alice.deviceId, alice.userId, wires[2]!, makeCtx(createDrbg('store-bloat-1to1/b3'), 100_000));
    if (!r.ok) throw new Error(r.error.code);
    expect(r.device.contacts[0]!.sessions[0]!.ratchet.skipped).toHaveLength(1); // message two's key, the newest
    expect(storeSkippedKeyCount(r.device)).toBe(MAX_STORE_SKIPPED_KEYS);
    expect(r.device.groups[0]!.receiving[0]!.chains[0]!.skipped).toHaveLength(MAX_GROUP_FORWARD_JUMP - 1);
    expect(r.consumed).toContain(full[0]!.receiving[0]!.chains[0]!.skipped[0]!.seed);
    // The kept key still opens the late message.
    const late = receiveMessage(r.device, alice.deviceId, alice.userId, wires[1]!, makeCtx(createDrbg('store-bloat-1to1/b2'), 100_000));
    expect(late.ok).toBe(true);
  });
});
