// Judges of the secrecy promises over one run: SEC-SERVER-BLIND, SEC-EVAPORATE, SEC-FS and SEC-PCS
// (SEC-PQ's judge is postQuantum.ts, re-exported here). Each combines canary scanning (plaintext in
// bytes) and key trial (keys in seized state tried with the protocol's own decrypt) against the
// oracle's ground truth of who sent what, when. The prekey schedule the setup trial holds phones to
// is setupSchedule.ts.
import { scanForCanaries } from '../checkers/canary.ts';
import type { PhoneSeizure, SentCopy, SentMessage } from '../../sim/log/events.ts';
import type { SeizedState } from '../../sim/world/phoneState.ts';
import { equalBytes } from '../../protocol/bytes.ts';
import { setupTrialOf } from './setupSchedule.ts';
import { healedAt, judgeGroupHealing } from './healing.ts';
import { copiesOf, isGenuine, isUnverifiedFirstContact, pairwiseHanded, type JudgeContext } from './context.ts';
import { judgement, type Judgement } from './verdict.ts';

export { judgePostQuantum, KEM_PREKEY_WITHHELD } from './postQuantum.ts';

/** Run the server's MITM devices' own receive code over the captured stream: what they opened. */
function attackerReads(ctx: JudgeContext): Set<string> {
  const opened = new Set<string>();
  for (const device of ctx.run.attackers.values()) {
    let state = device.state;
    for (const m of ctx.run.messages.filter((x) => x.kind === 'direct')) {
      for (const c of m.copies) {
        if (c.to !== device.posingAs) continue;
        const r = ctx.oracle.receiveAs(state, m.from, c.wire, ctx.endMs);
        if (r.ok) {
          state = r.state;
          opened.add(m.messageId);
        }
      }
    }
  }
  return opened;
}

/**
 * Every pairwise envelope the server relayed to `posingAs`, in relay order, from the simulator's record
 * of what the server received (never from the server's own store, which it may doctor).
 */
function relayedTo(ctx: JudgeContext, posingAs: string): { from: string; wire: Uint8Array; atMs: number }[] {
  return pairwiseHanded(ctx).filter((e) => e.to === posingAs);
}

/** Group messages the server's own devices open with sender keys members handed them over 1:1 sessions. */
function attackerGroupReads(ctx: JudgeContext): Set<string> {
  const groupMessages = ctx.run.messages.flatMap((m) => (m.kind === 'group' && m.copies[0] !== undefined ? [{ label: m.messageId, wire: m.copies[0].wire, atMs: m.atMs }] : []));
  const opened = new Set<string>();
  if (groupMessages.length === 0) return opened;
  for (const device of ctx.run.attackers.values()) {
    for (const id of ctx.oracle.groupReadsAs(device.state, device.posingAs, relayedTo(ctx, device.posingAs), groupMessages)) opened.add(id);
  }
  return opened;
}

/** Whether a group copy's member record (what the sender's room, signed by an admin, names) is the member's genuine identity. */
function recordIsGenuine(ctx: JudgeContext, c: SentCopy): boolean {
  const real = ctx.run.identities.get(c.to);
  const r = c.memberRecord;
  return real !== undefined && r !== undefined && equalBytes(r.sign, real.sign) && (r.dh === undefined || equalBytes(r.dh, real.dh));
}

/** Exercised by SEC-SERVER-BLIND when the server held devices of its own in a run with group messages. */
export const SERVER_DEVICE_IN_GROUP_RUN = 'server-held devices while group messages were relayed';

export function judgeServerBlind(ctx: JudgeContext): Judgement {
  const record = ctx.run;
  // The promise's condition (docs/properties.md): the users verified, or the protocol warned. A copy the user sent
  // to a new key after being warned (and acknowledging) is the user's informed choice, not a leak; so is
  // an unverified first contact. Every other copy must stay unreadable by the server. A group copy is
  // covered whenever the room's signed record names the member's genuine identity: group secrets are
  // promised to that identity, whatever 1:1 session the sender holds for the member.
  const covered = (m: SentMessage, c: SentCopy) => isGenuine(ctx, c) || (m.kind === 'group' && recordIsGenuine(ctx, c)) || (!c.warnedBefore && !isUnverifiedFirstContact(ctx, m, c));
  const protectedMsgs = record.messages.filter((m) => m.copies.length > 0 && m.copies.every((c) => covered(m, c)));
  const canaries = protectedMsgs.map((m) => m.canary);
  const returns = ctx.run.truth.returns().flatMap((r) => r.disclosed.flatMap((d) => d.items));
  const haystacks = [...record.serverReceived, ...record.serverSeizures.flatMap((s) => s.items), ...ctx.finalServer.items, ...returns];
  const violations = scanForCanaries(haystacks, canaries).map((h) => `plaintext canary of a message found in server data ${h.label} (${h.form})`);
  const read = attackerReads(ctx);
  for (const m of protectedMsgs) if (read.has(m.messageId)) violations.push(`the server's own keys decrypt message ${m.messageId} (${m.from} → ${m.room})`);
  const groupRead = attackerGroupReads(ctx);
  for (const m of protectedMsgs)
    if (groupRead.has(m.messageId)) violations.push(`the server reads group message ${m.messageId} (${m.from} → ${m.room}) with a sender key a member handed its device over a 1:1 session`);
  const sources = [
    { label: 'server at-rest keys', value: ctx.finalServer.atRestKeys, atMs: ctx.finalServer.atMs },
    ...record.serverSeizures.map((s, i) => ({ label: `server seizure ${i}`, value: s.atRestKeys, atMs: s.atMs })),
  ];
  for (const label of ctx.oracle.keyTrial(
    sources,
    protectedMsgs.flatMap((m) => copiesOf(ctx, m)),
  ))
    violations.push(`a key held by the server opens ${label}`);
  const exercised = [
    ...(protectedMsgs.length > 0 ? ['protected messages relayed by the server'] : []),
    ...(ctx.run.settings.serverMode !== 'honest' ? [`${ctx.run.settings.serverMode} server`] : []),
    ...(record.serverSeizures.length > 0 ? ['server seized'] : []),
    ...(ctx.run.attackers.size > 0 ? ['server substituted keys'] : []),
    ...(ctx.run.attackers.size > 0 && record.messages.some((m) => m.kind === 'group' && m.copies.length > 0) ? [SERVER_DEVICE_IN_GROUP_RUN] : []),
  ];
  return judgement('SEC-SERVER-BLIND', violations, exercised);
}

/**
 * What a seizure yields, read the way a forensic examiner with the storage key reads it: every sealed
 * record the oracle can find in the raw bytes taken (deleted ones still on the medium included).
 */
function seizedState(ctx: JudgeContext, s: PhoneSeizure): SeizedState {
  return ctx.oracle.open(s.blob, s.storageKey);
}

/** Labels of the group messages among `messages` a sender chain in the seized state opens by its key alone. */
function groupKeyTrial(ctx: JudgeContext, state: SeizedState, messages: readonly SentMessage[]): string[] {
  const group = messages.flatMap((m) => (m.kind === 'group' && m.copies[0] !== undefined ? [{ label: m.messageId, wire: m.copies[0].wire }] : []));
  return group.length === 0 ? [] : (ctx.oracle.groupKeyTrial?.(state, group) ?? []);
}

/** When each party stopped being allowed to hold message m (undefined: still allowed at the end). */
function goneAt(ctx: JudgeContext, m: SentMessage, holder: string): number | undefined {
  const truth = ctx.run.truth.events;
  const viewed = truth.find((e) => e.kind === 'viewed' && e.messageId === m.messageId && e.recipient === holder)?.atMs;
  const erased = truth.find((e) => e.kind === 'erased' && e.messageId === m.messageId && e.holder === holder)?.atMs;
  if (holder === m.from) {
    // A message held back by a key change is still the sender's draft: nothing to evaporate yet.
    if (m.heldFor.length > 0) return undefined;
    if (m.evaporation === 'view-once') return m.atMs;
    return erased;
  }
  return m.evaporation === 'view-once' ? viewed : erased;
}

/** Exercised by SEC-EVAPORATE when a phone was seized after its store was rolled back past a message that had evaporated. */
export const SEIZED_AFTER_ROLLBACK = 'phone seized after its store was rolled back past a view';
/** Exercised by SEC-EVAPORATE when that rollback's copy had its save count forged with the stolen storage key. */
const SEIZED_AFTER_FORGED_ROLLBACK = 'phone seized after a rollback past a view whose save count was forged';

export function judgeEvaporate(ctx: JudgeContext): Judgement {
  const violations: string[] = [];
  const exercised: string[] = [];
  const seizures = [
    ...ctx.run.phoneSeizures.map((s) => ({ atMs: s.atMs, user: s.user, state: seizedState(ctx, s), what: 'phone seizure' })),
    ...[...ctx.finalPhones].map(([user, state]) => ({ atMs: ctx.endMs, user, state, what: 'end-of-run seizure' })),
  ];
  for (const s of seizures) {
    const gone = ctx.run.messages.filter((m) => {
      const t = goneAt(ctx, m, s.user);
      return t !== undefined && t <= s.atMs && (m.from === s.user || m.recipients.includes(s.user));
    });
    if (gone.length === 0) continue;
    if (s.what === 'phone seizure') exercised.push('phone seized after a view');
    const pastView = ctx.run.rollbacks.filter((rb) => rb.user === s.user && rb.atMs < s.atMs && gone.some((m) => (goneAt(ctx, m, s.user) ?? Infinity) <= rb.atMs));
    if (pastView.length > 0) exercised.push(SEIZED_AFTER_ROLLBACK);
    if (pastView.some((rb) => rb.forgedSaveCount)) exercised.push(SEIZED_AFTER_FORGED_ROLLBACK);
    const bytes = ctx.oracle.serialize(s.state);
    for (const h of scanForCanaries(
      [{ label: `${s.user} store`, bytes }],
      gone.map((m) => m.canary),
    ))
      violations.push(`${s.what} of ${s.user} at ${s.atMs} ms holds a viewed message's plaintext (${h.form})`);
    const sources = [{ label: `${s.user} store`, value: s.state, atMs: s.atMs }];
    for (const label of ctx.oracle.keyTrial(
      sources,
      gone.flatMap((m) => copiesOf(ctx, m)),
    ))
      violations.push(`${s.what} of ${s.user} at ${s.atMs} ms holds a key that opens viewed message ${label}`);
    for (const label of groupKeyTrial(ctx, s.state, gone)) violations.push(`${s.what} of ${s.user} at ${s.atMs} ms holds a sender key that opens viewed group message ${label}`);
    const trial = setupTrialOf(ctx, `${s.what} of ${s.user} at ${s.atMs} ms`, s, gone);
    exercised.push(...trial.exercised);
    violations.push(...trial.violations);
  }
  return judgement('SEC-EVAPORATE', violations, [...new Set(exercised)]);
}

export function judgeForwardSecrecy(ctx: JudgeContext): Judgement {
  const violations: string[] = [];
  const exercised: string[] = [];
  for (const seizure of ctx.run.phoneSeizures) {
    const s = { ...seizure, state: seizedState(ctx, seizure) };
    const accepted = new Set(ctx.run.accepted.filter((a) => a.recipient === s.user && a.atMs <= s.atMs).map((a) => a.messageId));
    const past = ctx.run.messages.filter((m) => (m.from === s.user && m.atMs <= s.atMs) || accepted.has(m.messageId));
    if (past.length === 0) continue;
    exercised.push('phone seized after messages were decrypted');
    const copies = past.flatMap((m) => copiesOf(ctx, m).filter((c) => m.from === s.user || c.to === s.user));
    for (const label of ctx.oracle.keyTrial([{ label: `${s.user} store`, value: s.state, atMs: s.atMs }], copies))
      violations.push(`phone of ${s.user} seized at ${s.atMs} ms opens earlier message ${label}`);
    for (const label of groupKeyTrial(ctx, s.state, past)) violations.push(`phone of ${s.user} seized at ${s.atMs} ms holds a sender key that opens earlier group message ${label}`);
    const trial = setupTrialOf(ctx, `phone of ${s.user} seized at ${s.atMs} ms`, s, past);
    exercised.push(...trial.exercised);
    violations.push(...trial.violations);
  }
  return judgement('SEC-FS', violations, [...new Set(exercised)]);
}

export function judgeHealing(ctx: JudgeContext): Judgement {
  const violations: string[] = [];
  const exercised: string[] = [];
  for (const theft of ctx.run.phoneSeizures.filter((s) => s.purpose === 'thief')) {
    let state = theft.exported;
    for (const m of ctx.run.messages.filter((x) => x.kind === 'direct')) {
      const copy = m.copies.find((c) => c.to === theft.user);
      if (copy === undefined || m.atMs <= theft.atMs) continue;
      const healed = healedAt(ctx, theft, m.from);
      const r = ctx.oracle.receiveAs(state, m.from, copy.wire, m.atMs);
      if (!r.ok) continue;
      state = r.state;
      if (healed !== undefined && m.atMs > healed)
        violations.push(`the copy of ${theft.user}'s phone stolen at ${theft.atMs} ms still reads ${m.messageId}, sent after the session healed at ${healed} ms`);
    }
    const peers = new Set(ctx.run.messages.filter((m) => m.recipients.includes(theft.user)).map((m) => m.from));
    if ([...peers].some((p) => healedAt(ctx, theft, p) !== undefined)) exercised.push('phone stolen, then two ratchet round trips');
    activeThief(ctx, theft, violations, exercised);
    judgeGroupHealing(ctx, theft, violations, exercised);
  }
  return judgement('SEC-PCS', [...new Set(violations)], [...new Set(exercised)]);
}

/** Exercised by SEC-PCS when a thief sent as its victim after the session with the peer healed. */
export const THIEF_ACTED_AFTER_HEALING = 'thief acted after healing';

/**
 * An active thief (docs/threat-model.md; Double Ratchet §3.5: the peer's next ratchet key retires the
 * chain the stolen copy sends on, at the length the header's PN announces): once the session healed,
 * the peer must accept nothing the thief sends as the victim, and what the peer sends next must stay
 * unreadable to the thief's copy as the thief's own sends left it.
 */
/**
 * When the peer `to` must no longer take anything from the stolen copy: the session healed (healedAt),
 * or, earlier, the peer was told that the victim's phone started over after a rollback that came after
 * the theft (`peer-started-over`): the phone then holds none of the sessions the copy holds, so only a
 * copy can still send on them.
 */
function healedOrToldAt(ctx: JudgeContext, theft: PhoneSeizure, to: string): number | undefined {
  const rolledBackAfter = ctx.run.rollbacks.some((rb) => rb.user === theft.user && rb.atMs > theft.atMs);
  const told = rolledBackAfter ? ctx.run.userEvents.find((e) => e.device === to && e.atMs > theft.atMs && e.event.kind === 'peer-started-over' && e.event.peer === theft.user)?.atMs : undefined;
  const healed = healedAt(ctx, theft, to);
  if (told === undefined) return healed;
  return healed === undefined ? told : Math.min(told, healed);
}

function activeThief(ctx: JudgeContext, theft: PhoneSeizure, violations: string[], exercised: string[]): void {
  const nextTheft = ctx.run.phoneSeizures.find((s) => s.purpose === 'thief' && s.user === theft.user && s.atMs > theft.atMs)?.atMs ?? Infinity;
  const acts = ctx.run.thiefActs.filter((a) => a.victim === theft.user && a.atMs >= theft.atMs && a.atMs < nextTheft);
  for (const act of acts) {
    const healed = healedOrToldAt(ctx, theft, act.to);
    if (healed === undefined || act.atMs <= healed || act.wire === undefined) continue;
    exercised.push(THIEF_ACTED_AFTER_HEALING);
    if (ctx.run.accepted.some((x) => x.recipient === act.to && x.messageId === act.messageId)) {
      violations.push(
        `the thief of ${theft.user}'s phone (stolen at ${theft.atMs} ms) forged ${act.messageId} to ${act.to} as ${theft.user} after the session healed (or ${act.to} was told the phone started over) at ${healed} ms, and ${act.to} accepted it`,
      );
    }
    let state = act.state;
    for (const m of ctx.run.messages.filter((x) => x.kind === 'direct' && x.from === act.to && x.atMs > act.atMs)) {
      const copy = m.copies.find((c) => c.to === theft.user);
      if (copy === undefined) continue;
      const r = ctx.oracle.receiveAs(state, m.from, copy.wire, m.atMs);
      if (!r.ok) continue;
      state = r.state;
      violations.push(`the thief's copy of ${theft.user}'s phone, after forging ${act.messageId}, reads ${m.messageId} that ${m.from} sent after the session healed at ${healed} ms`);
    }
  }
}
