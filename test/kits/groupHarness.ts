// Test harness for group rooms (used by the *.test.ts files next to it): parties with seeded
// randomness and identity keys, a pairwise transport simulated by direct in-memory FIFO delivery, and
// a key trial (the attacker's view of a retained state). Not part of the protocol's public surface.
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { isProtocolError, type ProtocolErrorCode } from '../../protocol/errors.ts';
import { deviceId, roomId, type DeviceId, type RoomId } from '../../protocol/ids.ts';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../../protocol/variant.ts';
import { decodeGroupMessage } from '../../protocol/wire/groupMessage.ts';
import type { GroupState } from '../../protocol/wire/groupState.ts';
import type { GroupContext, GroupIdentity, GroupStep, PairwisePeer, PairwiseSend } from '../../protocol/group/context.ts';
import { decryptGroupMessage } from '../../protocol/group/decrypt.ts';
import { createGroup } from '../../protocol/group/operations.ts';
import { groupEventsOf, type GroupEvent } from '../../protocol/group/events.ts';
import { findMember } from '../../protocol/group/membership.ts';
import { receivePairwise } from '../../protocol/group/pairwise.ts';

interface Refusal {
  readonly from: DeviceId;
  readonly code: ProtocolErrorCode;
  readonly events: readonly GroupEvent[];
}

export interface Party {
  readonly id: DeviceId;
  readonly identity: GroupIdentity;
  readonly peer: PairwisePeer;
  readonly rng: Drbg;
  state: GroupState | null;
  /** States this party held just before it was removed: what a dishonest removed member keeps. */
  readonly retained: GroupState[];
  readonly events: GroupEvent[];
  readonly pairwiseRefusals: Refusal[];
}

export interface World {
  readonly flags: ProtocolFlags;
  readonly roomId: RoomId;
  readonly parties: Map<string, Party>;
  nowMs: number;
}

export function makeWorld(seed: string | number, ids: readonly string[], flags: ProtocolFlags = REFERENCE_FLAGS): World {
  const root = createDrbg(seed);
  const parties = new Map<string, Party>();
  for (const raw of ids) {
    const id = deviceId(raw);
    const rng = root.fork(`party:${raw}`);
    const signingSeed = rng.fork('identity').bytes(32);
    const identity = { id, signingSeed };
    const peer = { id, identityKey: nobleProvider.ed25519PublicKey(signingSeed) };
    parties.set(raw, { id, identity, peer, rng, state: null, retained: [], events: [], pairwiseRefusals: [] });
  }
  return { flags, roomId: roomId('room-1'), parties, nowMs: 0 };
}

/** A world of `ids` (plus `extra` parties outside the room) where `ids[0]` made a room of `ids`, carried to every member. */
export function createdRoom(seed: string | number, ids: readonly string[], flags: ProtocolFlags = REFERENCE_FLAGS, extra: readonly string[] = []): World {
  const world = makeWorld(seed, [...ids, ...extra], flags);
  const creator = party(world, ids[0] as string);
  runStep(
    world,
    creator,
    createGroup(
      ctxOf(world, creator),
      creator.identity,
      world.roomId,
      ids.map((id) => party(world, id).peer),
    ),
  );
  return world;
}

export function party(world: World, id: string): Party {
  const p = world.parties.get(id);
  if (p === undefined) throw new Error(`no party ${id}`);
  return p;
}

export function ctxOf(world: World, p: Party): GroupContext {
  return { provider: nobleProvider, rng: p.rng, nowMs: world.nowMs, flags: world.flags };
}

function commit(p: Party, step: GroupStep): void {
  if (step.state === null && p.state !== null) p.retained.push(p.state);
  p.state = step.state;
  p.events.push(...step.events);
}

/** Commits a local step and carries its pairwise payloads (and everything they cause) to completion. */
export function runStep(world: World, p: Party, step: GroupStep, keep: (s: PairwiseSend) => boolean = () => true): void {
  commit(p, step);
  carry(world, p, step.outgoing.filter(keep));
}

/** FIFO delivery over the simulated pairwise sessions: in order, reliable, authenticated. */
function carry(world: World, from: Party, sends: readonly PairwiseSend[]): void {
  const queue: { from: Party; send: PairwiseSend }[] = sends.map((send) => ({ from, send }));
  for (let i = 0; i < queue.length; i++) {
    const { from: sender, send } = queue[i] as { from: Party; send: PairwiseSend };
    const to = world.parties.get(send.to);
    if (to === undefined) continue;
    try {
      const step = receivePairwise(ctxOf(world, to), to.peer, to.state, sender.peer, send.payload);
      commit(to, step);
      for (const s of step.outgoing) queue.push({ from: to, send: s });
    } catch (e) {
      if (!isProtocolError(e)) throw e;
      to.pairwiseRefusals.push({ from: sender.id, code: e.code, events: groupEventsOf(e) });
      to.events.push(...groupEventsOf(e));
    }
  }
}

/**
 * SEC-GROUP key trial: can `state`'s key material open `message` with the protocol's own decrypt code,
 * if its holder ignores the view check (adopts the message's epoch and transcript hash)?
 */
export function keyTrial(world: World, holder: Party, state: GroupState, message: Uint8Array): boolean {
  const m = decodeGroupMessage(message);
  const members =
    findMember(state.members, m.senderId) !== undefined ? state.members : [...state.members, { id: m.senderId, identityKey: new Uint8Array(32), admin: false }].sort((a, b) => (a.id < b.id ? -1 : 1));
  const patched: GroupState = { ...state, members, epoch: m.epoch, transcriptHash: m.transcriptHash, pastViews: [] };
  try {
    decryptGroupMessage(ctxOf(world, holder), patched, message);
    return true;
  } catch (e) {
    if (isProtocolError(e)) return false;
    throw e;
  }
}
