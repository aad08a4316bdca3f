// The cast of a generated run: 2–4 parties with fixed names and one direct room per
// pair, or (group cast) one group room of 3–4 members made by its admin at time 0 plus one outsider
// who may be added, beside the direct rooms of every pair. Generated motifs name parties by abstract index so that shrinking the party
// count remaps them instead of invalidating the timeline.
import type { RoomSpec } from '../../sim/world/spec.ts';

const PARTY_NAMES = ['alice', 'bob', 'carol', 'dave'] as const;
const MIN_PARTIES = 2;
/** Key trial cost grows with the square of the identities in a run: four keeps worlds affordable. */
export const MAX_PARTIES = PARTY_NAMES.length;
/** The name the malicious server's MITM device uses (devices the server makes are not parties). */
export const ATTACKER_NAME = 'mallory';

/** Two distinct parties, as abstract indices resolved against the party count. */
export interface PairPick {
  readonly a: number;
  readonly b: number;
}

/** The group room of a group cast: created at time 0 by `admin` (its first member, the only admin). */
export interface GroupOfCast {
  readonly room: string;
  readonly admin: string;
  readonly members: readonly string[];
  /** The party outside the room at the start: the one an add-member motif brings in. */
  readonly outsider: string;
}

export interface Cast {
  readonly parties: readonly string[];
  readonly rooms: readonly RoomSpec[];
  readonly group?: GroupOfCast;
}

/** The group cast's names: one more than PARTY_NAMES, so a four-member room still has an outsider. */
const GROUP_PARTY_NAMES = [...PARTY_NAMES, 'erin'] as const;
const GROUP_ROOM = 'team';
/** A group room starts with 3–4 members: enough that a removal leaves a room that keeps talking. */
const MIN_GROUP_MEMBERS = 3;
export const MAX_GROUP_MEMBERS_GENERATED = 4;

/** `memberCount` members (clamped to 3–4) in one group room, plus one outsider. */
export function groupCastOf(memberCount: number): Cast {
  const n = Math.min(Math.max(memberCount, MIN_GROUP_MEMBERS), MAX_GROUP_MEMBERS_GENERATED);
  const parties = GROUP_PARTY_NAMES.slice(0, n + 1);
  const members = parties.slice(0, n);
  const admin = members[0] as string;
  return {
    parties,
    // The direct rooms of every pair too, so 1:1 motifs run beside the group room.
    rooms: [{ id: GROUP_ROOM, kind: 'group', members, creator: admin }, ...directRooms(parties)],
    group: { room: GROUP_ROOM, admin, members, outsider: parties[n] as string },
  };
}

export function castOf(partyCount: number): Cast {
  const parties = PARTY_NAMES.slice(0, Math.min(Math.max(partyCount, MIN_PARTIES), MAX_PARTIES));
  return { parties, rooms: directRooms(parties) };
}

/** One direct room per pair of `parties`. */
function directRooms(parties: readonly string[]): RoomSpec[] {
  const rooms: RoomSpec[] = [];
  for (let i = 0; i < parties.length; i++) {
    for (let j = i + 1; j < parties.length; j++) {
      const a = parties[i] as string;
      const b = parties[j] as string;
      rooms.push({ id: directRoom(a, b), kind: 'direct', members: [a, b] });
    }
  }
  return rooms;
}

/** The id of the direct room of two parties (order-independent). */
export function directRoom(a: string, b: string): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

export function partyAt(cast: Cast, index: number): string {
  return cast.parties[index % cast.parties.length] as string;
}

/** [first, second] of a pair pick: always two different parties of the cast. */
export function pairOf(cast: Cast, pick: PairPick): readonly [string, string] {
  const n = cast.parties.length;
  const a = pick.a % n;
  const b = (a + 1 + (pick.b % (n - 1))) % n;
  return [cast.parties[a] as string, cast.parties[b] as string];
}
