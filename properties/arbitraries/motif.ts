// Motifs: the building blocks of a generated timeline. Each is a small, plain-data
// story ("phone seized after a view", "theft, then a round trip") that expands into scenario actions
// at fixed offsets from its anchor, so dropping a motif drops its actions together and shrinking a
// motif's parameters never leaves a view without its send.
import type { Action, ReplayMangle, SessionIdentity, WarrantScope } from '../../sim/world/vocabulary.ts';
import type { PairPick } from './cast.ts';

/** Time the world needs to deliver a message (a few hops, a retry after a drop) before a motif relies on it. */
export const SETTLE_MS = 30_000;

export type Send = {
  /** True: the second of the pair sends (a reply). */
  readonly back: boolean;
  readonly gapMs: number;
  /** Recipient views it this long after it was sent; null: never viewed. */
  readonly viewAfterMs: number | null;
  /** A timer message (ends this long after it is viewed) instead of view-once. */
  readonly timerMs: number | null;
};

/** One message in a group room: `pair.a` sends, `pair.b` views it (when still a recipient). */
export type GroupSend = {
  readonly pair: PairPick;
  readonly gapMs: number;
  /** The viewer views it this long after it was sent; null: never viewed. */
  readonly viewAfterMs: number | null;
};

export type Motif =
  | { readonly kind: 'chat'; readonly atMs: number; readonly pair: PairPick; readonly sends: readonly Send[] }
  | {
      readonly kind: 'view-then-seize';
      readonly atMs: number;
      readonly pair: PairPick;
      readonly viewAfterMs: number;
      readonly seizeAfterMs: number;
      readonly seizeSender: boolean;
      readonly timerMs: number | null;
    }
  | { readonly kind: 'seize-in-partition'; readonly atMs: number; readonly pair: PairPick; readonly server: boolean; readonly seizeAfterMs: number; readonly healAfterMs: number }
  | { readonly kind: 'key-change-queued'; readonly atMs: number; readonly pair: PairPick; readonly via: 'substitute' | 'forge'; readonly peerOffline: boolean; readonly acknowledge: boolean }
  | { readonly kind: 'substitute-verify'; readonly atMs: number; readonly pair: PairPick; readonly verifyFirst: boolean }
  | { readonly kind: 'theft-round-trip'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number; readonly warm: boolean }
  /**
   * A warm session, b's phone stolen, two round trips (healing), then the thief sends to a as b and a
   * sends once more. With `revive`, a and b first write at the same moment (each phone keeps two
   * sessions) and the thief sends on the oldest session its copy holds.
   */
  | { readonly kind: 'thief-forges'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number; readonly revive: boolean }
  | { readonly kind: 'warrant'; readonly atMs: number; readonly pair: PairPick; readonly room: boolean; readonly scope: readonly WarrantScope[]; readonly gagForMs: number | null }
  | { readonly kind: 'seize-after-ttl'; readonly atMs: number; readonly pair: PairPick; readonly marginMs: number; readonly deliveredFirst: boolean }
  | { readonly kind: 'seize-server'; readonly atMs: number }
  | { readonly kind: 'seize-phone'; readonly atMs: number; readonly party: number }
  | { readonly kind: 'offline'; readonly atMs: number; readonly party: number; readonly forMs: number }
  | { readonly kind: 'partition'; readonly atMs: number; readonly party: number; readonly forMs: number }
  | { readonly kind: 'replay'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number }
  | { readonly kind: 'counter-jump'; readonly atMs: number; readonly pair: PairPick; readonly jump: number }
  | { readonly kind: 'bit-flip'; readonly atMs: number; readonly pair: PairPick; readonly bits: readonly number[] }
  /** `pair.a`'s first message to `pair.b` delivered as if a third party (`third`, among the others) sent it; needs 3 parties. */
  | { readonly kind: 'relabel-first'; readonly atMs: number; readonly pair: PairPick; readonly third: number }
  /** b's bundle served as if its one-time prekeys ran out, a's first message to b, then that setup replayed under a mangled base key. */
  | { readonly kind: 'setup-replay'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number; readonly mangle: ReplayMangle }
  /**
   * b's bundle served with no one-time prekey, a's first message to b viewed and answered, then b's
   * phone seized once the schedule says the keys of that setup left it (SETUP_KEYS_KEPT_AT_MOST_MS);
   * with `awayMeanwhile`, b is offline from after its answer until just before the seizure.
   */
  | { readonly kind: 'late-seizure'; readonly atMs: number; readonly pair: PairPick; readonly marginMs: number; readonly awayMeanwhile: boolean }
  /**
   * `delayMs` after the anchor (so possibly after b's phone rotated its signed prekey), the server hides
   * b's ML-KEM prekey from a's first fetch; a writes to b and b answers.
   */
  | { readonly kind: 'pq-downgrade'; readonly atMs: number; readonly pair: PairPick; readonly delayMs: number }
  /** a and b write at the same moment, `rounds` times `gapMs` apart: their first setups cross. */
  | { readonly kind: 'crossing-chat'; readonly atMs: number; readonly pair: PairPick; readonly rounds: number; readonly gapMs: number }
  /**
   * b's phone copied (steal-phone) while a's message waits unviewed on it; b views it and one more from
   * a; the copy is written back (roll-back-phone, docs/threat-model.md "Rollback"), with its save count
   * forged first when `forge`; then b's phone is seized and a writes to b again (`rollback`) or, by a
   * malicious server only, a's latest message is replayed to b (`rollback-replay`).
   */
  /**
   * `delayMs` after the anchor the server serves b's bundle as first published (serve-stale-bundle) to
   * a, a writes to b, b views it and b's phone is seized (docs/properties.md SEC-FS).
   */
  | { readonly kind: 'stale-bundle'; readonly atMs: number; readonly pair: PairPick; readonly delayMs: number }
  | { readonly kind: 'rollback'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number; readonly forge: boolean }
  | { readonly kind: 'rollback-replay'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number; readonly forge: boolean }
  /**
   * As `rollback`, then the thief whose copy was written back sends as b to a, on the copy's newest
   * session or (`revive`) its oldest: a was told b's phone started over, so it must take nothing on the
   * sessions b's phone dropped (SEC-PCS); then a writes to b again, and b answers.
   */
  | { readonly kind: 'rollback-thief'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number; readonly forge: boolean; readonly revive: boolean }
  | { readonly kind: 'verify'; readonly atMs: number; readonly pair: PairPick }
  | { readonly kind: 'lie-about-deletion'; readonly atMs: number }
  // Group-room motifs (cast.ts groupCastOf): the admin changes membership, or the server injects a
  // ghost, then the room keeps talking. groupTimeline.ts keeps the whole timeline membership-consistent.
  | { readonly kind: 'group-chat'; readonly atMs: number; readonly sends: readonly GroupSend[] }
  | { readonly kind: 'group-remove'; readonly atMs: number; readonly victim: number; readonly after: readonly GroupSend[] }
  | { readonly kind: 'group-add'; readonly atMs: number; readonly after: readonly GroupSend[] }
  | { readonly kind: 'group-ghost'; readonly atMs: number; readonly after: readonly GroupSend[] }
  /**
   * The server makes first contact with the outsider as a member (`member`, never the admin), under a
   * fresh identity or a mixed one, before the admin adds the outsider; the outsider then speaks in the
   * room and the server hands it a sender key of its own as that member, with a group message on it.
   */
  | { readonly kind: 'group-first-contact'; readonly atMs: number; readonly member: number; readonly identity: SessionIdentity; readonly after: readonly GroupSend[] }
  /**
   * Two members a and b of the room (`pair` over its first members): a writes to the room, b's phone
   * is stolen, a and b complete two round trips in their direct room (healing), a writes to the room
   * again at once and once more a sender-key lifetime later, which b views (docs/properties.md SEC-PCS).
   */
  | { readonly kind: 'group-theft'; readonly atMs: number; readonly pair: PairPick; readonly gapMs: number }
  /**
   * A group message from `pair.a` that `pair.b` views, then b's phone seized `seizeAfterMs` later: in a
   * room whose members never write 1:1, the sessions that carried its sender key were set up for group
   * control alone (docs/properties.md SEC-FS).
   */
  | { readonly kind: 'group-seize'; readonly atMs: number; readonly pair: PairPick; readonly seizeAfterMs: number }
  /**
   * The server hides the outsider's ML-KEM prekey from the admin's fetch, the admin adds the outsider
   * and writes to the room, and the outsider views it: the 1:1 session that carries the room's keys
   * to the new member is the one a downgrade would weaken (docs/properties.md SEC-PQ).
   */
  | { readonly kind: 'group-pq-downgrade'; readonly atMs: number };

export type MotifKind = Motif['kind'];

/** Motifs whose actions are adversary attacks: only a malicious server runs them. */
export const MALICIOUS_ONLY: ReadonlySet<MotifKind> = new Set([
  'key-change-queued',
  'substitute-verify',
  'replay',
  'relabel-first',
  'setup-replay',
  'late-seizure',
  'pq-downgrade',
  'counter-jump',
  'bit-flip',
  'lie-about-deletion',
  'group-ghost',
  'group-first-contact',
  'rollback-replay',
  'group-pq-downgrade',
  'stale-bundle',
]);

/** Motifs that need the group cast (a group room); the direct cast has none. */
export const GROUP_MOTIFS: ReadonlySet<MotifKind> = new Set(['group-chat', 'group-remove', 'group-add', 'group-ghost', 'group-first-contact', 'group-theft', 'group-seize', 'group-pq-downgrade']);

/** An action without its time yet: `offsetMs` from the motif's anchor. */
export type Step = { readonly offsetMs: number; readonly action: DistributiveOmit<Action, 'at'> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
