// fast-check arbitraries for each motif (motif.ts): integer parameters with named bounds, all
// drawn up front, all shrinking toward the simplest story (earliest anchor, shortest waits).
import fc from 'fast-check';
import type { ReplayMangle, WarrantScope } from '../../sim/world/vocabulary.ts';
import { MAX_GROUP_MEMBERS_GENERATED, MAX_PARTIES, type PairPick } from './cast.ts';
import type { GroupSend, Motif, MotifKind, Send } from './motif.ts';

/** Motif anchors fall in the first 20 minutes: long enough for overlaps, short enough to stay cheap. */
const HORIZON_MS = 20 * 60 * 1000;
/** Nothing happens before the devices published their keys (time 0). */
const FIRST_ACTION_MS = 1_000;
/** Offline periods stay well inside the 72 h TTL, so LIVE-DELIVERY must still hold: 20 min, a commute. */
const MAX_OFFLINE_MS = 20 * 60 * 1000;
const MAX_PARTITION_MS = 10 * 60 * 1000;
/** Counter jumps reach past MAX_FORWARD_JUMP (2000) so the limit's refusal is exercised too. */
const MAX_COUNTER_JUMP = 2_500;
/** Bit positions for the modify attack: within the first 512 bytes (flipBits wraps around shorter bodies). */
const MAX_FLIP_BIT = 4_095;

const at = () => fc.integer({ min: FIRST_ACTION_MS, max: HORIZON_MS });
const party = () => fc.nat(MAX_PARTIES - 1);
const pair = (): fc.Arbitrary<PairPick> => fc.record({ a: fc.nat(MAX_PARTIES - 1), b: fc.nat(MAX_PARTIES - 2) });
const ms = (min: number, max: number) => fc.integer({ min, max });
/** `null` with weight `nullWeight` against a value with weight `valueWeight` (null first: it shrinks there). */
const nullable = (arb: fc.Arbitrary<number>, nullWeight: number, valueWeight: number): fc.Arbitrary<number | null> =>
  fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(null), weight: nullWeight }, { arbitrary: arb, weight: valueWeight });
const weighted = (trueOneIn: number) => fc.integer({ min: 1, max: trueOneIn }).map((x) => x === 1);

const send: fc.Arbitrary<Send> = fc.record({
  back: fc.boolean(),
  gapMs: ms(1_000, 60_000),
  viewAfterMs: nullable(ms(5_000, 120_000), 1, 3),
  timerMs: nullable(ms(1_000, 600_000), 2, 1),
});

/** Group-cast party indices span the room's members and its outsider. */
const groupPair = (): fc.Arbitrary<PairPick> => fc.record({ a: fc.nat(MAX_GROUP_MEMBERS_GENERATED), b: fc.nat(MAX_GROUP_MEMBERS_GENERATED - 1) });
const groupSend: fc.Arbitrary<GroupSend> = fc.record({ pair: groupPair(), gapMs: ms(1_000, 30_000), viewAfterMs: nullable(ms(5_000, 60_000), 1, 2) });
const groupSends = (min: number) => fc.array(groupSend, { minLength: min, maxLength: 3 });

const SCOPES: readonly WarrantScope[] = ['content', 'metadata', 'keys'];

const replayMangle: fc.Arbitrary<ReplayMangle> = fc.oneof(
  { arbitrary: fc.constantFrom<ReplayMangle>('base-key-top-bit', 'base-key-torsion'), weight: 3 },
  { arbitrary: fc.constantFrom<ReplayMangle>('ratchet-key-top-bit', 'ratchet-key-torsion', 'identity-key-top-bit', 'identity-key-torsion'), weight: 2 },
);

const MOTIF_ARBS: { readonly [K in MotifKind]: fc.Arbitrary<Extract<Motif, { kind: K }>> } = {
  chat: fc.record({ kind: fc.constant('chat'), atMs: at(), pair: pair(), sends: fc.array(send, { minLength: 1, maxLength: 4 }) }),
  'view-then-seize': fc.record({
    kind: fc.constant('view-then-seize'),
    atMs: at(),
    pair: pair(),
    viewAfterMs: ms(5_000, 60_000),
    seizeAfterMs: ms(1_000, 60_000),
    seizeSender: weighted(4),
    timerMs: nullable(ms(1_000, 30_000), 1, 1),
  }),
  'seize-in-partition': fc.record({ kind: fc.constant('seize-in-partition'), atMs: at(), pair: pair(), server: fc.boolean(), seizeAfterMs: ms(2_000, 5 * 60_000), healAfterMs: ms(1_000, 5 * 60_000) }),
  'key-change-queued': fc.record({
    kind: fc.constant('key-change-queued'),
    atMs: at(),
    pair: pair(),
    via: fc.constantFrom('substitute', 'forge'),
    peerOffline: fc.boolean(),
    acknowledge: fc.boolean(),
  }),
  'substitute-verify': fc.record({ kind: fc.constant('substitute-verify'), atMs: at(), pair: pair(), verifyFirst: fc.boolean() }),
  'theft-round-trip': fc.record({ kind: fc.constant('theft-round-trip'), atMs: at(), pair: pair(), gapMs: ms(20_000, 60_000), warm: fc.boolean() }),
  'thief-forges': fc.record({ kind: fc.constant('thief-forges'), atMs: at(), pair: pair(), gapMs: ms(20_000, 60_000), revive: fc.boolean() }),
  warrant: fc.record({
    kind: fc.constant('warrant'),
    atMs: at(),
    pair: pair(),
    room: fc.boolean(),
    scope: fc.subarray([...SCOPES], { minLength: 1 }),
    gagForMs: nullable(ms(60_000, 2 * 60 * 60_000), 1, 1),
  }),
  'seize-after-ttl': fc.record({ kind: fc.constant('seize-after-ttl'), atMs: at(), pair: pair(), marginMs: ms(60_000, 60 * 60_000), deliveredFirst: fc.boolean() }),
  'seize-server': fc.record({ kind: fc.constant('seize-server'), atMs: at() }),
  'seize-phone': fc.record({ kind: fc.constant('seize-phone'), atMs: at(), party: party() }),
  offline: fc.record({ kind: fc.constant('offline'), atMs: at(), party: party(), forMs: ms(10_000, MAX_OFFLINE_MS) }),
  partition: fc.record({ kind: fc.constant('partition'), atMs: at(), party: party(), forMs: ms(5_000, MAX_PARTITION_MS) }),
  replay: fc.record({ kind: fc.constant('replay'), atMs: at(), pair: pair(), gapMs: ms(20_000, 60_000) }),
  'counter-jump': fc.record({ kind: fc.constant('counter-jump'), atMs: at(), pair: pair(), jump: ms(1, MAX_COUNTER_JUMP) }),
  'bit-flip': fc.record({ kind: fc.constant('bit-flip'), atMs: at(), pair: pair(), bits: fc.array(fc.nat(MAX_FLIP_BIT), { minLength: 1, maxLength: 3 }) }),
  'relabel-first': fc.record({ kind: fc.constant('relabel-first'), atMs: at(), pair: pair(), third: fc.nat(MAX_PARTIES - 3) }),
  // The base key's twins (what only a setup record stops) three times as often as the other keys' (refused by construction).
  'setup-replay': fc.record({ kind: fc.constant('setup-replay'), atMs: at(), pair: pair(), gapMs: ms(20_000, 60_000), mangle: replayMangle }),
  'late-seizure': fc.record({ kind: fc.constant('late-seizure'), atMs: at(), pair: pair(), marginMs: ms(60_000, 24 * 60 * 60_000), awayMeanwhile: fc.boolean() }),
  // Up to four days: past the first signed-prekey rotations (SIGNED_PREKEY_ROTATION_MS is two days).
  'pq-downgrade': fc.record({ kind: fc.constant('pq-downgrade'), atMs: at(), pair: pair(), delayMs: ms(0, 4 * 24 * 60 * 60_000) }),
  // Four rounds or more: crossing setups that drift apart are refused from the fourth exchange on.
  'crossing-chat': fc.record({ kind: fc.constant('crossing-chat'), atMs: at(), pair: pair(), rounds: fc.integer({ min: 4, max: 6 }), gapMs: ms(5_000, 60_000) }),
  // Up to nine days: past the first rotations and their grace periods (SIGNED_PREKEY_ROTATION_MS, SIGNED_PREKEY_GRACE_MS).
  'stale-bundle': fc.record({ kind: fc.constant('stale-bundle'), atMs: at(), pair: pair(), delayMs: ms(0, 9 * 24 * 60 * 60_000) }),
  rollback: fc.record({ kind: fc.constant('rollback'), atMs: at(), pair: pair(), gapMs: ms(1_000, 60_000), forge: fc.boolean() }),
  'rollback-replay': fc.record({ kind: fc.constant('rollback-replay'), atMs: at(), pair: pair(), gapMs: ms(1_000, 60_000), forge: fc.boolean() }),
  'rollback-thief': fc.record({ kind: fc.constant('rollback-thief'), atMs: at(), pair: pair(), gapMs: ms(1_000, 60_000), forge: fc.boolean(), revive: fc.boolean() }),
  verify: fc.record({ kind: fc.constant('verify'), atMs: at(), pair: pair() }),
  'lie-about-deletion': fc.record({ kind: fc.constant('lie-about-deletion'), atMs: at() }),
  'group-chat': fc.record({ kind: fc.constant('group-chat'), atMs: at(), sends: groupSends(1) }),
  // At least one message after a removal: SEC-GROUP's removed-member check needs the room to keep talking.
  'group-remove': fc.record({ kind: fc.constant('group-remove'), atMs: at(), victim: fc.nat(MAX_GROUP_MEMBERS_GENERATED - 1), after: groupSends(1) }),
  'group-add': fc.record({ kind: fc.constant('group-add'), atMs: at(), after: groupSends(0) }),
  'group-ghost': fc.record({ kind: fc.constant('group-ghost'), atMs: at(), after: groupSends(0) }),
  'group-first-contact': fc.record({
    kind: fc.constant('group-first-contact'),
    atMs: at(),
    member: fc.nat(MAX_GROUP_MEMBERS_GENERATED - 2),
    identity: fc.constantFrom('fresh', 'mixed'),
    after: groupSends(0),
  }),
  'group-seize': fc.record({ kind: fc.constant('group-seize'), atMs: at(), pair: groupPair(), seizeAfterMs: ms(1_000, 60_000) }),
  'group-pq-downgrade': fc.record({ kind: fc.constant('group-pq-downgrade'), atMs: at() }),
  'group-theft': fc.record({
    kind: fc.constant('group-theft'),
    atMs: at(),
    pair: fc.record({ a: fc.nat(MAX_GROUP_MEMBERS_GENERATED - 1), b: fc.nat(MAX_GROUP_MEMBERS_GENERATED - 2) }),
    gapMs: ms(20_000, 60_000),
  }),
};

export type MotifWeights = Partial<Record<MotifKind, number>>;

/** One motif, its kind drawn by weight (kinds listed first shrink first). */
export function motifArb(weights: MotifWeights): fc.Arbitrary<Motif> {
  const entries = Object.entries(weights).filter(([, w]) => w !== undefined && w > 0) as [MotifKind, number][];
  if (entries.length === 0) throw new RangeError('motifArb: no motif kind has a positive weight');
  return fc.oneof(...entries.map(([kind, weight]) => ({ arbitrary: MOTIF_ARBS[kind] as fc.Arbitrary<Motif>, weight })));
}
