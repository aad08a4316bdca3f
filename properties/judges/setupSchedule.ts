// The prekey schedule SEC-FS and SEC-EVAPORATE hold a seized phone to (docs/properties.md SEC-FS):
// which captured setups its keys must no longer open at the moment of the seizure — overdue ones, by
// when each signed prekey was replaced in the directory, and accepted ones that spent a one-time
// prekey, whether they carried a text or only group control — and the setup trial over them, direct
// and group (oracles/setupTrial.ts runs it).
import { isProtocolError } from '../../protocol/errors.ts';
import { SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATION_MS } from '../../protocol/limits.ts';
import { decodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { SentMessage } from '../../sim/log/events.ts';
import type { SeizedState } from '../../sim/world/phoneState.ts';
import { PREKEY_MAINTENANCE_INTERVAL_MS } from '../../sim/world/prekeyUpkeep.ts';
import { pairwiseHanded, type JudgeContext, type PairwiseHanded } from './context.ts';
import type { CapturedSetup, GroupSetupTrial } from './oracles/setupTrial.ts';

/**
 * How long after a signed prekey is published an online phone may still hold the keys of a setup made
 * on it (docs/properties.md SEC-FS): the pair is replaced within max(rotation, grace) — a rotation waits
 * for the previous pair's grace — and erased a grace period later, each at the next maintenance run.
 */
export const SETUP_KEYS_KEPT_AT_MOST_MS = Math.max(SIGNED_PREKEY_ROTATION_MS, SIGNED_PREKEY_GRACE_MS) + SIGNED_PREKEY_GRACE_MS + 2 * PREKEY_MAINTENANCE_INTERVAL_MS;

/**
 * Whether `user`'s phone was online at some moment in [fromMs, toMs] (from the log's offline spans).
 * A phone rotates only when the directory can hear of it, at a maintenance run or on reconnecting.
 */
function onlineSometimeIn(ctx: JudgeContext, user: string, fromMs: number, toMs: number): boolean {
  if (fromMs > toMs) return false;
  const spans = ctx.run.offline.filter((o) => o.user === user);
  return !spans.some((o) => o.fromMs <= fromMs && (o.toMs === undefined || o.toMs >= toMs));
}

/**
 * When the schedule says the keys of signed prekey `id` of `user` must be gone (undefined: not yet
 * bound). Replaced in the directory at R, the retired pair leaves at the first maintenance run after
 * its grace: by R + grace + one interval. Never replaced, it is overdue once the phone was online at
 * some moment after the rotation was due (max(rotation, grace) and a maintenance interval after publication).
 */
function signedPreKeyGoneBy(ctx: JudgeContext, user: string, id: number, atMs: number): number | undefined {
  const published = ctx.run.signedPreKeys.get(user);
  const at = published?.get(id);
  if (published === undefined || at === undefined) return undefined;
  const successor = Math.min(...[...published.values()].filter((t) => t > at));
  if (Number.isFinite(successor)) return successor + SIGNED_PREKEY_GRACE_MS + PREKEY_MAINTENANCE_INTERVAL_MS;
  const due = at + Math.max(SIGNED_PREKEY_ROTATION_MS, SIGNED_PREKEY_GRACE_MS) + PREKEY_MAINTENANCE_INTERVAL_MS;
  return atMs > at + SETUP_KEYS_KEPT_AT_MOST_MS && onlineSometimeIn(ctx, user, due, atMs) ? at + SETUP_KEYS_KEPT_AT_MOST_MS : undefined;
}

/** Exercised by SEC-FS and SEC-EVAPORATE when a phone was seized after a setup it received was due to become unopenable. */
export const SEIZED_AFTER_SETUP_KEYS_DUE = "phone seized after a setup's signed prekey was due for erasure";

/** Whether a setup on signed prekey `id` of `user`'s is one the schedule says was gone before `atMs` (signedPreKeyGoneBy). */
function isOverdue(ctx: JudgeContext, user: string, id: number, atMs: number): boolean {
  const goneBy = signedPreKeyGoneBy(ctx, user, id, atMs);
  return goneBy !== undefined && atMs > goneBy;
}

/** Exercised by SEC-FS and SEC-EVAPORATE when a phone was seized after accepting a setup that spent one of its one-time prekeys. */
export const SEIZED_AFTER_ONE_TIME_SETUP = 'phone seized after a setup that spent a one-time prekey';

/**
 * The direct-message setups addressed to `user` among `messages` that a seizure at `atMs` must no
 * longer be able to re-run: those whose signed prekey the schedule says was gone (`overdue`), and
 * those that spent a one-time prekey and were accepted before the seizure (`oneTime`: that key is
 * erased the moment the setup is accepted, docs/properties.md SEC-FS).
 */
function dueSetups(ctx: JudgeContext, user: string, atMs: number, messages: readonly SentMessage[]): { overdue: CapturedSetup[]; oneTime: CapturedSetup[] } {
  const overdue: CapturedSetup[] = [];
  const oneTime: CapturedSetup[] = [];
  const acceptedBefore = new Set(ctx.run.accepted.filter((a) => a.recipient === user && a.atMs <= atMs).map((a) => a.messageId));
  for (const m of messages) {
    if (m.kind !== 'direct') continue;
    for (const c of m.copies) {
      const header = c.to === user ? setupHeader(c.wire) : undefined;
      if (header === undefined) continue;
      const setup = { label: `${m.messageId}->${c.to}`, wire: c.wire, from: m.from, to: c.to, atMs: m.atMs };
      if (isOverdue(ctx, user, header.signedPreKeyId, atMs)) overdue.push(setup);
      else if (acceptedBefore.has(m.messageId) && header.oneTimePreKeyId !== undefined) oneTime.push(setup);
    }
  }
  return { overdue, oneTime };
}

/**
 * The group half of the setup trial for `user` seized at `atMs`: the group messages among `messages`
 * another member sent it, and the setups among the pairwise envelopes relayed to it before the seizure
 * (the simulator's record: text and group control alike) on whose sessions those messages' sender
 * keys may have ridden — `overdue` ones, and, of the rest, those that spent a one-time prekey
 * (`oneTime`). A one-time setup needs no acceptance record of its own: only group messages `user`
 * accepted are tried, and `user` opened one only with the sender key it received on the session, so
 * it had accepted that session's setup, and the spent prekey was due for erasure then.
 */
function groupSetups(ctx: JudgeContext, user: string, atMs: number, messages: readonly SentMessage[]): { overdue?: GroupSetupTrial; oneTime?: GroupSetupTrial } {
  const groupMessages = messages.flatMap((m) => {
    const c = m.kind === 'group' && m.from !== user ? m.copies.find((x) => x.to === user) : undefined;
    return c === undefined ? [] : [{ label: `${m.messageId}->${user}`, wire: c.wire, atMs: m.atMs }];
  });
  if (groupMessages.length === 0) return {};
  const relayed = pairwiseHanded(ctx).filter((r) => r.to === user && r.atMs <= atMs);
  const overdue: PairwiseHanded[] = [];
  const oneTime: PairwiseHanded[] = [];
  for (const r of relayed) {
    const header = setupHeader(r.wire);
    if (header === undefined) continue;
    if (isOverdue(ctx, user, header.signedPreKeyId, atMs)) overdue.push(r);
    else if (header.oneTimePreKeyId !== undefined) oneTime.push(r);
  }
  return {
    ...(overdue.length === 0 ? {} : { overdue: { setups: overdue, relayed, messages: groupMessages } }),
    ...(oneTime.length === 0 ? {} : { oneTime: { setups: oneTime, relayed, messages: groupMessages } }),
  };
}

function setupHeader(wire: Uint8Array) {
  try {
    const pm = decodePairwiseMessage(wire);
    return pm.kind === 'prekey' ? pm.initial : undefined;
  } catch (e) {
    if (isProtocolError(e)) return undefined; // another session engine's wire, or a group message
    throw e;
  }
}

/** Exercised by SEC-FS and SEC-EVAPORATE when a phone was seized after a setup that carried only group control and spent a one-time prekey. */
export const SEIZED_AFTER_ONE_TIME_GROUP_SETUP = 'phone seized after a group-control setup that spent a one-time prekey';

/**
 * The setup trial of one seizure (docs/properties.md SEC-FS): the responder's handshake re-run with the
 * prekey secrets it holds over every due setup among `messages` — overdue, or accepted after spending
 * a one-time prekey — and over the due setups among the pairwise envelopes relayed to the seized user
 * whose sessions may have carried the group messages' sender keys. Whether any such setup was there
 * to try is what the coverage gates count.
 */
export function setupTrialOf(ctx: JudgeContext, what: string, s: { user: string; atMs: number; state: SeizedState }, messages: readonly SentMessage[]): { violations: string[]; exercised: string[] } {
  const { overdue, oneTime } = dueSetups(ctx, s.user, s.atMs, messages);
  const direct = [...overdue, ...oneTime];
  const group = groupSetups(ctx, s.user, s.atMs, messages);
  const exercised = [
    ...(overdue.length > 0 || group.overdue !== undefined ? [SEIZED_AFTER_SETUP_KEYS_DUE] : []),
    ...(oneTime.length > 0 || group.oneTime !== undefined ? [SEIZED_AFTER_ONE_TIME_SETUP] : []),
    ...(group.oneTime !== undefined ? [SEIZED_AFTER_ONE_TIME_GROUP_SETUP] : []),
  ];
  const violations: string[] = [];
  const opensGroup = (label: string, why: string) =>
    `${what} re-runs a session setup with the prekey secrets it holds, after ${why}, and opens group message ${label} with the sender key that session carried (docs/properties.md SEC-FS)`;
  if (direct.length > 0 || group.overdue !== undefined) {
    const groupLabels = new Set(group.overdue?.messages.map((m) => m.label));
    const oneTimeLabels = new Set(oneTime.map((c) => c.label));
    for (const label of ctx.oracle.setupTrial(s.state, direct, group.overdue))
      violations.push(
        groupLabels.has(label)
          ? opensGroup(label, 'the schedule had them erased')
          : `${what} re-runs the session setup ${label} with the prekey secrets it holds, after ${oneTimeLabels.has(label) ? 'the setup spent its one-time prekey' : 'the schedule had them erased'} (docs/properties.md SEC-FS)`,
      );
  }
  // The one-time group setups are tried on their own, so a violation says which erasure failed.
  if (group.oneTime !== undefined) for (const label of ctx.oracle.setupTrial(s.state, [], group.oneTime)) violations.push(opensGroup(label, 'the setup spent its one-time prekey'));
  return { violations, exercised };
}
