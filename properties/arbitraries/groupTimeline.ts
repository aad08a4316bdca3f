// Keeping a generated group timeline membership-consistent (docs/properties.md SEC-GROUP). Group
// motifs are drawn independently and shrink independently, so after they are merged this pass
// replays the room's membership in time order and drops what that membership makes impossible or
// what the protocol documents it cannot promise. Deterministic in the drawn parts: seed + path replay.
import type { Action } from '../../sim/world/vocabulary.ts';
import type { GroupOfCast } from './cast.ts';
import { SETTLE_MS } from './motif.ts';

/**
 * After the room is made (time 0) or its membership changes, only the admin who made the change acts
 * in the room until every member has processed it. A member who has not yet heard of a removal still
 * sends on the chain the removed member holds: that is the documented limit of sender keys shown by
 * scenarios/library/forked-group.json, not a failure of the reference, so the generator leaves it out.
 */
export const MEMBERSHIP_QUIET_MS = SETTLE_MS;
/** A removal never leaves the room with fewer than two members (someone must keep talking). */
const MIN_MEMBERS_AFTER_REMOVAL = 2;

interface RoomState {
  readonly members: Set<string>;
  /** Everyone ever in the room: a removed member is never added back (one add per run: the outsider). */
  readonly ever: Set<string>;
  quietUntilMs: number;
  readonly dropped: Set<string>;
  /** Recipients of each kept group send, by label: a view by anyone else is dropped. */
  readonly recipients: Map<string, ReadonlySet<string>>;
}

function keepMembership(st: RoomState, a: Extract<Action, { do: 'add-member' | 'remove-member' }>): boolean {
  if (a.at <= st.quietUntilMs) return false;
  if (a.do === 'add-member') {
    if (st.ever.has(a.user)) return false;
    st.members.add(a.user);
    st.ever.add(a.user);
  } else {
    if (!st.members.has(a.user) || st.members.size - 1 < MIN_MEMBERS_AFTER_REMOVAL) return false;
    st.members.delete(a.user);
  }
  st.quietUntilMs = a.at + MEMBERSHIP_QUIET_MS;
  return true;
}

function keepSend(st: RoomState, group: GroupOfCast, a: Extract<Action, { do: 'send' }>): boolean {
  const ok = st.members.has(a.from) && (a.at > st.quietUntilMs || a.from === group.admin);
  if (a.label === undefined) return ok;
  if (!ok) st.dropped.add(a.label);
  else st.recipients.set(a.label, new Set([...st.members].filter((m) => m !== a.from)));
  return ok;
}

function keep(st: RoomState, group: GroupOfCast, a: Action): boolean {
  switch (a.do) {
    case 'add-member':
    case 'remove-member':
      return a.room !== group.room || keepMembership(st, a);
    case 'send':
      return a.room !== group.room || keepSend(st, group, a);
    case 'view': {
      if (st.dropped.has(a.label)) return false;
      const to = st.recipients.get(a.label);
      return to === undefined || to.has(a.user);
    }
    case 'adversary':
      // A ghost injected while members are still catching up with a change would race the change itself.
      return a.attack !== 'inject-member' || a.room !== group.room || a.at > st.quietUntilMs;
    default:
      return true;
  }
}

/** The timeline (in time order) without the group actions the room's membership at that time rules out. */
export function membershipConsistent(timeline: readonly Action[], group: GroupOfCast): Action[] {
  const st: RoomState = {
    members: new Set(group.members),
    ever: new Set(group.members),
    quietUntilMs: MEMBERSHIP_QUIET_MS,
    dropped: new Set(),
    recipients: new Map(),
  };
  return timeline.filter((a) => keep(st, group, a));
}
