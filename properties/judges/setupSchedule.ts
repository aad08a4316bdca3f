// The prekey schedule SEC-FS and SEC-EVAPORATE hold a seized phone to (docs/properties.md SEC-FS):
// which captured setups its keys must no longer open at the moment of the seizure — overdue ones, by
// when each signed prekey was replaced in the directory, and accepted ones that spent a one-time
// prekey — and the setup trial over them, direct and group (oracles/setupTrial.ts runs it).
import { isProtocolError } from '../../protocol/errors.ts';
import { SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATION_MS } from '../../protocol/limits.ts';
import { decodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { SentMessage } from '../../sim/log/events.ts';
import { PREKEY_MAINTENANCE_INTERVAL_MS } from '../../sim/world/prekeyUpkeep.ts';
import { pairwiseHanded, type JudgeContext } from './context.ts';
import type { CapturedSetup } from './oracles/setupTrial.ts';

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

/** Whether `wire` is a setup on a signed prekey of `user`'s that the schedule says was gone before `atMs` (signedPreKeyGoneBy). */
function isOverdueSetup(ctx: JudgeContext, user: string, wire: Uint8Array, atMs: number): boolean {
  const id = setupSignedPreKeyId(wire);
  const goneBy = id === undefined ? undefined : signedPreKeyGoneBy(ctx, user, id, atMs);
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
      if (c.to !== user) continue;
      const setup = { label: `${m.messageId}->${c.to}`, wire: c.wire, from: m.from, to: c.to, atMs: m.atMs };
      if (isOverdueSetup(ctx, user, c.wire, atMs)) overdue.push(setup);
      else if (acceptedBefore.has(m.messageId) && setupOneTimePreKeyId(c.wire) !== undefined) oneTime.push(setup);
    }
  }
  return { overdue, oneTime };
}

/**
 * The group half of the setup trial for `user` seized at `atMs`: the group messages among `messages`
 * another member sent it, and the overdue setups among the pairwise envelopes relayed to it (from the
 * simulator's record), on whose sessions those messages' sender keys may have ridden.
 */
function overdueGroupSetups(ctx: JudgeContext, user: string, atMs: number, messages: readonly SentMessage[]) {
  const groupMessages = messages.flatMap((m) => {
    const c = m.kind === 'group' && m.from !== user ? m.copies.find((x) => x.to === user) : undefined;
    return c === undefined ? [] : [{ label: `${m.messageId}->${user}`, wire: c.wire, atMs: m.atMs }];
  });
  if (groupMessages.length === 0) return undefined;
  const relayed = pairwiseHanded(ctx).filter((r) => r.to === user && r.atMs <= atMs);
  const setups = relayed.filter((r) => isOverdueSetup(ctx, user, r.wire, atMs));
  return setups.length === 0 ? undefined : { setups, relayed, messages: groupMessages };
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
const setupSignedPreKeyId = (wire: Uint8Array) => setupHeader(wire)?.signedPreKeyId;
const setupOneTimePreKeyId = (wire: Uint8Array) => setupHeader(wire)?.oneTimePreKeyId;

/**
 * The setup trial of one seizure (docs/properties.md SEC-FS): the responder's handshake re-run with the
 * prekey secrets it holds over every overdue setup among `messages` (direct ones, and those whose
 * sessions carried the group messages' sender keys). Whether any overdue setup was there to try is
 * what the coverage gate counts.
 */
export function setupTrialOf(ctx: JudgeContext, what: string, s: { user: string; atMs: number; state: unknown }, messages: readonly SentMessage[]): { violations: string[]; exercised: string[] } {
  const { overdue, oneTime } = dueSetups(ctx, s.user, s.atMs, messages);
  const direct = [...overdue, ...oneTime];
  const group = overdueGroupSetups(ctx, s.user, s.atMs, messages);
  const exercised = [...(overdue.length > 0 || group !== undefined ? [SEIZED_AFTER_SETUP_KEYS_DUE] : []), ...(oneTime.length > 0 ? [SEIZED_AFTER_ONE_TIME_SETUP] : [])];
  if (direct.length === 0 && group === undefined) return { violations: [], exercised };
  const groupLabels = new Set(group?.messages.map((m) => m.label));
  const oneTimeLabels = new Set(oneTime.map((c) => c.label));
  const violations = ctx.oracle
    .setupTrial(s.state, direct, group)
    .map((label) =>
      groupLabels.has(label)
        ? `${what} re-runs a session setup with the prekey secrets it holds, after the schedule had them erased, and opens group message ${label} with the sender key that session carried (docs/properties.md SEC-FS)`
        : `${what} re-runs the session setup ${label} with the prekey secrets it holds, after ${oneTimeLabels.has(label) ? 'the setup spent its one-time prekey' : 'the schedule had them erased'} (docs/properties.md SEC-FS)`,
    );
  return { violations, exercised };
}
