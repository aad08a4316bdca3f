// Expanding the group-room motifs (motif.ts) into scenario actions: sends and views in the group
// room, the admin's add-member / remove-member, and the malicious server's inject-member (docs/properties.md
// SEC-GROUP). Total like expand.ts: any cast gives valid actions (none without a group room);
// groupTimeline.ts then drops what the membership at that moment makes impossible.
import { SENDER_KEY_LIFETIME_MS } from '../../protocol/limits.ts';
import { ATTACKER_NAME, directRoom, type GroupOfCast, type PairPick } from './cast.ts';
import type { ExpandContext } from './expandContext.ts';
import { SETTLE_MS, type GroupSend, type Motif, type Step } from './motif.ts';

type GroupMotif = Extract<Motif, { kind: 'group-chat' | 'group-remove' | 'group-add' | 'group-ghost' | 'group-first-contact' | 'group-theft' | 'group-seize' | 'group-pq-downgrade' }>;

/** When the outsider speaks after its add (past the membership's quiet time), and when the server forges after that. */
const FIRST_CONTACT_SPEAKS_MS = 2 * SETTLE_MS + 1_000;
const FIRST_CONTACT_FORGES_MS = FIRST_CONTACT_SPEAKS_MS + 10_000;

/**
 * Group messages one after another from `startMs`, each with its view: `pair.a` picks the sender
 * among `senders` (the members the story expects to be in the room), `pair.b` the viewer among the rest.
 */
function groupSends(ctx: ExpandContext, group: GroupOfCast, sends: readonly GroupSend[], startMs: number, prefix: string, senders: readonly string[]): Step[] {
  const steps: Step[] = [];
  let t = startMs;
  sends.forEach((s, i) => {
    const from = senders[s.pair.a % senders.length] as string;
    const others = ctx.cast.parties.filter((p) => p !== from);
    const viewer = others[s.pair.b % others.length] as string;
    const label = ctx.label(`${prefix}${i}`);
    steps.push({ offsetMs: t, action: { do: 'send', from, room: group.room, label } });
    if (s.viewAfterMs !== null) steps.push({ offsetMs: t + s.viewAfterMs, action: { do: 'view', user: viewer, label } });
    t += s.gapMs;
  });
  return steps;
}

/** One of the room's first members other than the admin (the last admin is never removed). */
function victimOf(group: GroupOfCast, index: number): string {
  return group.members[1 + (index % (group.members.length - 1))] as string;
}

/** Two different members of the room's first members, by abstract index. */
function membersOf(group: GroupOfCast, pick: PairPick): readonly [string, string] {
  const n = group.members.length;
  const a = pick.a % n;
  return [group.members[a] as string, group.members[(a + 1 + (pick.b % (n - 1))) % n] as string];
}

/**
 * A theft in a room (motif.ts group-theft): the first group message comes after the room's quiet
 * time, the direct legs `gapMs` apart (each arrives before the next is sent), one half a lifetime on,
 * the last a sender-key lifetime after the last leg.
 */
function groupTheft(ctx: ExpandContext, group: GroupOfCast, m: Extract<Motif, { kind: 'group-theft' }>): Step[] {
  const [a, b] = membersOf(group, m.pair);
  const g = m.gapMs;
  const start = SETTLE_MS + 1_000;
  const direct = directRoom(a, b);
  const legs: Step[] = [a, b, a, b].map((from, i) => ({ offsetMs: start + SETTLE_MS + (i + 1) * g, action: { do: 'send', from, room: direct, label: ctx.label(`k${i}`) } }));
  const late = start + SETTLE_MS + 5 * g + SENDER_KEY_LIFETIME_MS + SETTLE_MS;
  return [
    { offsetMs: start, action: { do: 'send', from: a, room: group.room, label: ctx.label('kw') } },
    { offsetMs: start + SETTLE_MS, action: { do: 'steal-phone', user: b } },
    ...legs,
    { offsetMs: start + SETTLE_MS + 5 * g, action: { do: 'send', from: a, room: group.room, label: ctx.label('kp') } },
    // Half a lifetime on: a chain aged from its last use instead of its making would never turn over.
    { offsetMs: start + SETTLE_MS + 5 * g + SENDER_KEY_LIFETIME_MS / 2, action: { do: 'send', from: a, room: group.room, label: ctx.label('km') } },
    { offsetMs: late, action: { do: 'send', from: a, room: group.room, label: ctx.label('kh') } },
    { offsetMs: late + SETTLE_MS, action: { do: 'view', user: b, label: ctx.label('kh') } },
  ];
}

/** The actions of one group motif; none when the cast has no group room. */
export function expandGroupMotif(ctx: ExpandContext, m: GroupMotif): Step[] {
  const group = ctx.cast.group;
  if (group === undefined) return [];
  switch (m.kind) {
    case 'group-chat':
      return groupSends(ctx, group, m.sends, 0, 'g', ctx.cast.parties);
    case 'group-remove': {
      // The remaining members talk once the removal has reached them (SETTLE_MS).
      const victim = victimOf(group, m.victim);
      return [
        { offsetMs: 0, action: { do: 'remove-member', by: group.admin, room: group.room, user: victim } },
        ...groupSends(
          ctx,
          group,
          m.after,
          SETTLE_MS,
          'r',
          group.members.filter((p) => p !== victim),
        ),
      ];
    }
    case 'group-add':
      return [
        { offsetMs: 0, action: { do: 'add-member', by: group.admin, room: group.room, user: group.outsider } },
        ...groupSends(ctx, group, m.after, SETTLE_MS, 'a', [group.outsider, ...group.members]),
      ];
    case 'group-first-contact': {
      // Every first contact the outsider makes with the posed member runs over the server's session.
      const posed = victimOf(group, m.member);
      const outsider = group.outsider;
      return [
        { offsetMs: 0, action: { do: 'adversary', attack: 'open-session-as', claimedFrom: posed, to: outsider, identity: m.identity, room: directRoom(posed, outsider) } },
        { offsetMs: SETTLE_MS, action: { do: 'add-member', by: group.admin, room: group.room, user: outsider } },
        { offsetMs: FIRST_CONTACT_SPEAKS_MS, action: { do: 'send', from: outsider, room: group.room, label: ctx.label('o') } },
        ...groupSends(ctx, group, m.after, FIRST_CONTACT_SPEAKS_MS + 2_000, 'o', [outsider, ...group.members]),
        { offsetMs: FIRST_CONTACT_FORGES_MS, action: { do: 'adversary', attack: 'forge-group', claimedFrom: posed, to: outsider, room: group.room } },
      ];
    }
    case 'group-theft':
      return groupTheft(ctx, group, m);
    case 'group-seize': {
      const [a, b] = membersOf(group, m.pair);
      const label = ctx.label('s');
      // After the room's quiet time; the view after the message arrived.
      return [
        { offsetMs: SETTLE_MS + 1_000, action: { do: 'send', from: a, room: group.room, label } },
        { offsetMs: 2 * SETTLE_MS + 1_000, action: { do: 'view', user: b, label } },
        { offsetMs: 2 * SETTLE_MS + 1_000 + m.seizeAfterMs, action: { do: 'seize-phone', user: b } },
      ];
    }
    case 'group-pq-downgrade': {
      const label = ctx.label('q');
      return [
        { offsetMs: SETTLE_MS + 1_000, action: { do: 'adversary', attack: 'strip-kem', target: group.outsider, requester: group.admin } },
        { offsetMs: SETTLE_MS + 2_000, action: { do: 'add-member', by: group.admin, room: group.room, user: group.outsider } },
        { offsetMs: 2 * SETTLE_MS + 3_000, action: { do: 'send', from: group.admin, room: group.room, label } },
        { offsetMs: 3 * SETTLE_MS + 3_000, action: { do: 'view', user: group.outsider, label } },
      ];
    }
    case 'group-ghost':
      // A ghost name per motif: the server builds a separate fake view of the room for each.
      return [
        { offsetMs: 0, action: { do: 'adversary', attack: 'inject-member', room: group.room, ghost: `${ATTACKER_NAME}-${ctx.label('ghost')}` } },
        ...groupSends(ctx, group, m.after, SETTLE_MS, 'h', group.members),
      ];
  }
}
