// SEC-GROUP over one run: only members read the room. Judged against the oracle's membership
// record: nobody accepts a message sent while they were not a member; a removed member's kept state,
// run through the group's own receive code, opens nothing sent after its removal; a server-injected
// ghost reads nothing and every honest member it reached was told.
import type { MembershipChange } from '../../sim/log/events.ts';
import type { JudgeContext } from './context.ts';
import { judgement, type Judgement } from './verdict.ts';

function membersAt(changes: readonly MembershipChange[], room: string, atMs: number): Set<string> {
  const members = new Set<string>();
  for (const c of changes) {
    if (c.room !== room || c.atMs > atMs) continue;
    if (c.change === 'remove') members.delete(c.user);
    else members.add(c.user);
  }
  return members;
}

export function judgeGroup(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  const violations: string[] = [];
  const exercised = new Set<string>();
  const groupMessages = record.messages.filter((m) => m.kind === 'group');
  for (const a of record.accepted) {
    const m = groupMessages.find((x) => x.messageId === a.messageId);
    if (m === undefined) continue;
    if (!membersAt(record.membership, m.room, m.atMs).has(a.recipient)) violations.push(`${a.recipient} read ${m.messageId} in ${m.room}, sent while it was not a member`);
  }
  for (const removal of record.membership.filter((c) => c.change === 'remove')) {
    const state = removal.keptState;
    if (state === undefined) continue;
    const later = groupMessages.filter((m) => m.room === removal.room && m.atMs > removal.atMs && m.from !== removal.user);
    if (later.length > 0) exercised.add('member removed, then the room kept talking');
    for (const m of later) {
      const wire = m.copies[0]?.wire;
      if (wire === undefined) continue;
      if (ctx.oracle.removedMemberOpens(state, m.room, wire, m.atMs)) {
        violations.push(`${removal.user}, removed from ${removal.room} at ${removal.atMs} ms, still reads ${m.messageId} with the state it kept`);
      }
    }
  }
  if (record.membership.some((c) => c.change === 'add')) exercised.add('member added');
  for (const inj of record.injected) {
    exercised.add('server injected a ghost member');
    for (const to of inj.to) {
      if (!ctx.run.settings.parties.includes(to)) continue;
      const told = record.userEvents.some((e) => e.device === to && e.atMs >= inj.atMs && e.event.kind === 'group');
      const refused = record.refusals.some((r) => r.device === to && r.atMs >= inj.atMs && r.from === inj.ghost);
      if (!refused) violations.push(`${to} did not refuse the ghost ${inj.ghost}'s message in ${inj.room}`);
      else if (!told) violations.push(`${to} refused the ghost ${inj.ghost} in ${inj.room} but the user was never told`);
    }
    if (record.accepted.some((a) => a.claimedFrom === inj.ghost)) violations.push(`a member accepted a message from the ghost ${inj.ghost}`);
  }
  if (record.userEvents.some((e) => e.event.kind === 'group' && (e.event.group.kind === 'sender-behind' || e.event.group.kind === 'view-behind' || e.event.group.kind === 'fork-detected'))) {
    exercised.add('forked view reported');
  }
  return judgement('SEC-GROUP', violations, [...exercised]);
}
