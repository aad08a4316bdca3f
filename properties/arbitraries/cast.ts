// The cast of a generated run (issue 6 §1): 2–4 parties with fixed names and one direct room per
// pair. Generated motifs name parties by abstract index so that shrinking the party count remaps
// them instead of invalidating the timeline.
import type { RoomSpec } from '../../scenarios/types.ts';

export const PARTY_NAMES = ['alice', 'bob', 'carol', 'dave'] as const;
export const MIN_PARTIES = 2;
/** Key trial cost grows with the square of the identities in a run: four keeps worlds affordable. */
export const MAX_PARTIES = PARTY_NAMES.length;
/** The name the malicious server's MITM device uses (devices the server makes are not parties). */
export const ATTACKER_NAME = 'mallory';

/** Two distinct parties, as abstract indices resolved against the party count. */
export interface PairPick {
  readonly a: number;
  readonly b: number;
}

export interface Cast {
  readonly parties: readonly string[];
  readonly rooms: readonly RoomSpec[];
}

export function castOf(partyCount: number): Cast {
  const parties = PARTY_NAMES.slice(0, Math.min(Math.max(partyCount, MIN_PARTIES), MAX_PARTIES));
  const rooms: RoomSpec[] = [];
  for (let i = 0; i < parties.length; i++) {
    for (let j = i + 1; j < parties.length; j++) {
      const a = parties[i] as string;
      const b = parties[j] as string;
      rooms.push({ id: directRoom(a, b), kind: 'direct', members: [a, b] });
    }
  }
  return { parties, rooms };
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
