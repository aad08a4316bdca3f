// "Evaporate once viewed" (SEC-EVAPORATE): viewing a view-once message returns its body and removes
// it from the device state; a timed message is removed when its timer ends (started at view on the
// receiver, at send on the sender). Only a tombstone stays. keep-after-view (weak variant) keeps it.
import { ProtocolError } from '../errors.ts';
import type { MessageId } from '../ids.ts';
import { MAX_TOMBSTONES } from '../limits.ts';
import type { DeviceContext } from './context.ts';
import type { DeviceEvent, DeviceState, InboxEntry, Tombstone } from './state.ts';

export interface EvaporateStep {
  readonly device: DeviceState;
  readonly events: readonly DeviceEvent[];
  /** Plaintext buffers that left the state, for the owner to wipe. */
  readonly consumed: readonly Uint8Array[];
}

function withTombstones(device: DeviceState, added: readonly Tombstone[]): DeviceState {
  if (added.length === 0) return device;
  return { ...device, tombstones: [...device.tombstones, ...added].slice(-MAX_TOMBSTONES) };
}

/** Show a message to the user. Returns a copy of its body; the device keeps nothing of a view-once message. */
export function viewMessage(device: DeviceState, id: MessageId, ctx: DeviceContext): EvaporateStep & { readonly body: Uint8Array } {
  const index = device.inbox.findIndex((m) => m.messageId === id);
  const entry = device.inbox[index];
  if (entry === undefined) throw new ProtocolError('MESSAGE_EXPIRED', `message ${id} is gone (viewed, expired or never received)`);
  const body = entry.body.slice();
  if (!ctx.flags.eraseOnView) {
    // WEAK VARIANT keep-after-view: the message stays in the store after it was seen.
    const kept: InboxEntry = { ...entry, viewedAtMs: entry.viewedAtMs ?? ctx.nowMs, expiresAtMs: undefined };
    return { device: { ...device, inbox: device.inbox.map((m, i) => (i === index ? kept : m)) }, events: [], consumed: [], body };
  }
  if (entry.evaporation.mode === 'timer') {
    if (entry.viewedAtMs !== undefined) return { device, events: [], consumed: [], body };
    const timed: InboxEntry = { ...entry, viewedAtMs: ctx.nowMs, expiresAtMs: ctx.nowMs + entry.evaporation.ms };
    return { device: { ...device, inbox: device.inbox.map((m, i) => (i === index ? timed : m)) }, events: [], consumed: [], body };
  }
  const tomb: Tombstone = { messageId: entry.messageId, peer: entry.from, status: 'viewed', atMs: ctx.nowMs };
  const next = withTombstones({ ...device, inbox: device.inbox.filter((_, i) => i !== index) }, [tomb]);
  return { device: next, events: [{ kind: 'message-evaporated', messageId: id, status: 'viewed', atMs: ctx.nowMs }], consumed: [entry.body], body };
}

/** Remove every message whose timer has ended (inbox and the sender's own copies). */
export function expireMessages(device: DeviceState, ctx: DeviceContext): EvaporateStep {
  if (!ctx.flags.eraseOnView) return { device, events: [], consumed: [] };
  const now = ctx.nowMs;
  const expiredIn = device.inbox.filter((m) => m.expiresAtMs !== undefined && m.expiresAtMs <= now);
  const expiredOut = device.sent.filter((m) => m.expiresAtMs <= now);
  if (expiredIn.length === 0 && expiredOut.length === 0) return { device, events: [], consumed: [] };
  const tombs: Tombstone[] = [
    ...expiredIn.map((m) => ({ messageId: m.messageId, peer: m.from, status: 'expired' as const, atMs: now })),
    ...expiredOut.map((m) => ({ messageId: m.messageId, peer: m.to, status: 'expired' as const, atMs: now })),
  ];
  const next = withTombstones({ ...device, inbox: device.inbox.filter((m) => !expiredIn.includes(m)), sent: device.sent.filter((m) => !expiredOut.includes(m)) }, tombs);
  const events: DeviceEvent[] = tombs.map((t) => ({ kind: 'message-evaporated', messageId: t.messageId, status: 'expired', atMs: now }));
  return { device: next, events, consumed: [...expiredIn.map((m) => m.body), ...expiredOut.map((m) => m.body)] };
}
