// The one switch over the world's vocabulary (docs/conventions.md): each scenario or generated action
// becomes calls on devices, the network, the server and the authority, and events in the run's log.
// Attacks (`do: 'adversary'`) are interpreted in attack.ts.
import { utf8 } from '../../protocol/bytes.ts';
import type { TextContent } from '../../protocol/content/content.ts';
import { messageId, roomId, userId } from '../../protocol/ids.ts';
import { isProtocolError, ProtocolError, UsageError } from '../../protocol/errors.ts';
import { toHex } from '../../protocol/bytes.ts';
import { openSession, sendText, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';
import { deviceId } from '../../protocol/ids.ts';
import { protocolFlags } from '../../protocol/variant.ts';
import { envelopeFromJson } from '../server/adversaryRules.ts';
import { performAttack } from './attack.ts';
import { rollBackPhone } from './rollback.ts';
import { serveWarrant, notificationsDue, POLICY_NOTIFIES, type Warrant } from '../authority/index.ts';
import { makeCanary } from './canary.ts';
import { warrantView } from '../server/index.ts';
import type { Action } from './vocabulary.ts';
import type { SentCopy } from '../log/events.ts';
import { DEVICE_SEED_BYTES } from '../../engines/contract.ts';
import { loadDeviceEngine } from '../../engines/registry.ts';
import { addressOf, encodeFrame, encodeWire, isContractState } from './contractState.ts';
import type { World } from './world.ts';
import { bundleFromDirectory } from './directoryBundle.ts';
import { expectState, isDeviceState, type PhoneState } from './phoneState.ts';

/** Smallest body a send makes: the canary itself. */
const CANARY_FILL = '.';

export function applyAction(world: World, action: Action): void {
  switch (action.do) {
    case 'send':
      return send(world, action);
    case 'view': {
      const id = world.sentMessageId(action.label);
      // A message whose send the phone refused (send-skipped) was never shown: nothing to view.
      if (id === undefined && world.log.of('send-skipped').some((e) => e.label === action.label)) return;
      world.device(action.user).view(messageId(id ?? world.messageIdOf(action.label)));
      return;
    }
    case 'offline':
      return world.device(action.user).goOffline();
    case 'online':
      return world.device(action.user).goOnline();
    case 'partition':
      for (const u of action.users) world.network.partitionParty(world.device(u).id);
      return;
    case 'heal':
      for (const u of world.devices.keys()) world.network.healParty(world.device(u).id);
      return;
    case 'adversary':
      return performAttack(world, action);
    case 'warrant':
      return serve(world, action);
    case 'seize-phone':
    case 'steal-phone':
      return seizePhone(world, action.user, action.do === 'steal-phone');
    case 'thief-sends':
      return thiefSends(world, action);
    case 'roll-back-phone':
      return rollBackPhone(world, action.user, action.forgeSaveCount === true);
    case 'seize-server': {
      const now = world.engine.nowMs;
      const seizure = world.server.seize(now);
      world.log.append({ kind: 'server-seized', seizure: { atMs: now, purpose: 'authority', items: seizure.items, atRestKeys: seizure.atRestKeys } });
      world.ledger.recordServerSeizure(seizure, now);
      return;
    }
    case 'verify': {
      // The peer's phone shows what it computes from the identities that really exist.
      const mine = world.identities.get(action.user);
      if (mine === undefined) throw new UsageError(`verify: unknown party ${action.user}`);
      world.device(action.user).verify(action.peer, world.device(action.peer).fingerprintFor(action.user, mine));
      return;
    }
    case 'acknowledge-key-change':
      return world.device(action.user).acknowledge(action.peer);
    case 'release-held':
      world.device(action.user).release(action.peer);
      return;
    case 'add-member':
    case 'remove-member':
      return changeMembership(world, action);
  }
}

function send(world: World, a: Extract<Action, { do: 'send' }>): void {
  const room = world.room(a.room);
  const sender = world.device(a.from);
  const rng = world.engine.stream('workload');
  const canary = makeCanary(rng);
  const size = Math.max(a.bytes ?? 0, canary.length);
  const body = utf8(canary + CANARY_FILL.repeat(size - canary.length));
  const id = world.newMessageId(a.from);
  const evaporation = a.evaporation ?? 'view-once';
  const text: TextContent = {
    kind: 'text',
    messageId: messageId(id),
    roomId: roomId(a.room),
    sentAtMs: world.engine.nowMs,
    evaporation: evaporation === 'view-once' ? { mode: 'view-once' } : { mode: 'timer', ms: evaporation.timerMs },
    body,
  };
  const members = room.kind === 'group' ? [...(world.groupMembers.get(room.id) ?? [])] : [...room.members];
  if (!members.includes(a.from)) {
    world.log.append({ kind: 'send-skipped', from: a.from, room: a.room, reason: 'not a member', label: a.label });
    return;
  }
  const recipients = members.filter((m) => m !== a.from);
  let sent: { copies: SentCopy[]; heldFor: string[] };
  try {
    sent = room.kind === 'group' ? sender.sendGroup(room.id, members, text) : sender.sendTo(recipients, text);
  } catch (e) {
    // The phone refused to send (a member whose welcome the server withheld is no member on its
    // phone): a typed refusal, logged as a skipped step; the run goes on.
    if (!isProtocolError(e)) throw e;
    world.log.append({ kind: 'send-skipped', from: a.from, room: a.room, reason: e.code, label: a.label });
    return;
  }
  const { copies, heldFor } = sent;
  sender.scheduleExpiry();
  world.log.append({
    kind: 'message-sent',
    message: { label: a.label, messageId: id, from: a.from, room: a.room, kind: room.kind, atMs: world.engine.nowMs, body, canary, evaporation, recipients, copies, heldFor },
  });
}

function seizePhone(world: World, user: string, stolen: boolean): void {
  const now = world.engine.nowMs;
  const device = world.device(user);
  const { blob, storageKey, medium } = device.seize();
  world.log.append({
    kind: 'phone-seized',
    seizure: { atMs: now, user, purpose: stolen ? 'thief' : 'authority', blob, storageKey, exported: device.snapshot(), medium },
  });
  if (stolen) return; // a thief, not the authority: nothing for the operator's report
  world.ledger.recordPhoneSeizure({ deviceId: device.id, userId: userId(user) }, now);
}

function serve(world: World, a: Extract<Action, { do: 'warrant' }>): void {
  const now = world.engine.nowMs;
  const served = world.log.of('warrant-served').length;
  const warrant: Warrant = {
    id: `w${served + 1}`,
    servedAtMs: now,
    target: 'user' in a.target ? { kind: 'user', userId: userId(a.target.user) } : { kind: 'room', roomId: roomId(a.target.room) },
    scope: [...a.scope],
    fromMs: a.fromMs,
    toMs: a.toMs,
    ...(a.gagUntilMs === undefined ? {} : { gagUntilMs: a.gagUntilMs }),
  };
  world.log.append({ kind: 'warrant-served', warrant });
  const policy = world.options.warrantPolicy;
  const ret = serveWarrant(world.ledger, warrant, policy, warrantView(world.server.view()), now);
  world.log.append({ kind: 'warrant-returned', ret });
  if (!POLICY_NOTIFIES[policy]) return;
  const notify = () => {
    for (const n of notificationsDue(world.ledger, world.engine.nowMs)) {
      world.ledger.recordNotificationSent({ warrantId: n.warrantId, userId: n.userId }, world.engine.nowMs);
      world.log.append({ kind: 'notification-sent', warrantId: n.warrantId, userId: n.userId });
    }
  };
  notify();
  if (warrant.gagUntilMs !== undefined && warrant.gagUntilMs > now) world.engine.schedule(warrant.gagUntilMs, 'gag-expired', { warrant: warrant.id }, notify);
}

function changeMembership(world: World, a: Extract<Action, { do: 'add-member' | 'remove-member' }>): void {
  const members = world.groupMembers.get(a.room);
  if (members === undefined) throw new UsageError(`${a.do}: ${a.room} is not a group room`);
  const now = world.engine.nowMs;
  if (a.do === 'add-member') {
    try {
      world.device(a.by).changeMembership('add', a.room, a.user);
    } catch (e) {
      // No session to the new member could be made (a withheld or stripped bundle): not added.
      if (!isProtocolError(e)) throw e;
      world.log.append({ kind: 'send-skipped', from: a.by, room: a.room, reason: `add-member ${a.user}: ${e.code}` });
      return;
    }
    members.add(a.user);
    world.log.append({ kind: 'membership-changed', change: { atMs: now, room: a.room, user: a.user, change: 'add', by: a.by } });
    return;
  }
  // The oracle keeps the removed phone's state as a dishonest member would, to try it on later traffic.
  const keptState = world.device(a.user).snapshot();
  world.device(a.by).changeMembership('remove', a.room, a.user);
  members.delete(a.user);
  world.log.append({ kind: 'membership-changed', change: { atMs: now, room: a.room, user: a.user, change: 'remove', by: a.by, keptState } });
}

/**
 * An active thief (docs/threat-model.md): its working copy of the victim's state is the copy the last
 * steal-phone of the victim took, as its own earlier acts left it. It runs the victim's device code on
 * that copy and submits the result as the victim; the log records it as the thief's, never the victim's.
 */
function thiefSends(world: World, a: Extract<Action, { do: 'thief-sends' }>): void {
  const events = world.log.events;
  let theftAt = -1;
  let state: PhoneState | undefined;
  for (const e of events) {
    if (e.kind === 'phone-seized' && e.seizure.purpose === 'thief' && e.seizure.user === a.victim) {
      theftAt = e.atMs;
      state = e.seizure.exported;
    } else if (e.kind === 'thief-acted' && e.act.victim === a.victim && e.atMs >= theftAt && theftAt >= 0) state = e.act.state;
  }
  if (state === undefined) throw new UsageError(`thief-sends: nobody stole ${a.victim}'s phone before`);
  const now = world.engine.nowMs;
  const n = world.log.of('thief-acted').length + 1;
  const id = `thief-${a.victim}-${n}`;
  const log = (wire: Uint8Array | undefined, envelopeId: string | undefined, after: PhoneState) =>
    world.log.append({ kind: 'thief-acted', act: { atMs: now, victim: a.victim, to: a.to, label: a.label, messageId: id, envelopeId, wire, state: after } });
  if (world.engineInfo.host === 'device') return deviceThiefSends(world, a, id, state, log);
  const flags = protocolFlags(world.options.variant);
  if (flags.engine !== 'privacy-mode') return world.log.append({ kind: 'attack-not-applicable', attack: 'thief-sends', reason: 'the thief model runs the privacy-mode device code only' });
  const room = world.room(directRoomOf(world, a.victim, a.to));
  const text: TextContent = { kind: 'text', messageId: messageId(id), roomId: roomId(room.id), sentAtMs: now, evaporation: { mode: 'view-once' }, body: utf8('sent by the thief') };
  const ctx = { provider: world.provider, rng: world.engine.stream(`thief:${a.victim}`), nowMs: now, flags };
  let out;
  try {
    const stolen = expectState(state, isDeviceState, 'privacy-mode thief');
    const copy = a.session === 'oldest' ? withOldestSessionFirst(stolen, a.to) : a.session === 'new' ? withNewSession(world, stolen, a.to, ctx) : stolen;
    out = sendText(copy, deviceId(a.to), text, ctx);
  } catch (e) {
    if (isProtocolError(e)) return log(undefined, undefined, state); // the copy holds no session with `to`
    throw e;
  }
  if (out.kind !== 'sent') return log(undefined, undefined, out.device);
  const envelopeId = `thief:${id}`;
  log(out.wire, envelopeId, out.device);
  world.server.submit(envelopeFromJson({ id: envelopeId, from: deviceId(a.victim), to: deviceId(a.to), roomId: roomId(room.id), kind: 'pairwise', body: toHex(out.wire), sentAtMs: now }));
}

/**
 * The thief's copy with a new session to `peer`, opened with the stolen identity key from the bundle
 * the directory hands the thief (it fetches as the victim): to `peer`, a new session of a contact it
 * trusts. Nothing a ratchet does can heal that; only a new identity would (docs/threat-model.md).
 */
function withNewSession(world: World, state: DeviceState, peer: string, ctx: DeviceContext): DeviceState {
  const fetched = world.server.fetchBundle(state.deviceId, deviceId(peer));
  if (fetched === undefined) throw new ProtocolError('UNKNOWN_PREKEY', `thief-sends: no bundle of ${peer} in the directory`);
  return openSession(state, fetched.userId, bundleFromDirectory(fetched), ctx).device;
}

/** The thief's copy with its oldest kept session with `peer` made the one it sends on (a revival attempt). */
function withOldestSessionFirst(state: DeviceState, peer: string): DeviceState {
  return {
    ...state,
    contacts: state.contacts.map((c) => (c.deviceId !== deviceId(peer) || c.sessions.length < 2 ? c : { ...c, sessions: [...c.sessions.slice(-1), ...c.sessions.slice(0, -1)] })),
  };
}

/** The thief of a device-engine phone: the engine's own code on an imported clone of the stolen state. */
function deviceThiefSends(
  world: World,
  a: Extract<Action, { do: 'thief-sends' }>,
  id: string,
  state: PhoneState,
  log: (wire: Uint8Array | undefined, envelopeId: string | undefined, after: PhoneState) => void,
): void {
  if (!isContractState(state)) throw new UsageError(`thief-sends: the stolen copy of ${a.victim} is not a device-engine state`);
  const room = world.room(directRoomOf(world, a.victim, a.to));
  const clone = loadDeviceEngine(world.engineInfo.name).importDevice(state.engine, world.engine.stream(`engine:thief:${a.victim}:${id}`).bytes(DEVICE_SEED_BYTES));
  try {
    if (a.session === 'new') {
      // A new session with the stolen identity key, from the bundle the directory hands the thief as the victim.
      const got = world.server.fetchBundle(deviceId(a.victim), deviceId(a.to));
      if (got === undefined || !clone.startSession(addressOf(a.to), { base: got.base, ...(got.oneTime === undefined ? {} : { oneTime: got.oneTime }) }, world.engine.nowMs).ok)
        return log(undefined, undefined, state);
    }
    if (!clone.hasSession(addressOf(a.to))) return log(undefined, undefined, state);
    const frame = encodeFrame({ messageId: id, room: room.id, viewOnce: true, timerMs: 0 }, utf8('sent by the thief'));
    const wire = encodeWire(clone.encrypt(addressOf(a.to), frame, world.engine.nowMs));
    const envelopeId = `thief:${id}`;
    log(wire, envelopeId, { ...state, engine: clone.exportState() });
    world.server.submit(envelopeFromJson({ id: envelopeId, from: deviceId(a.victim), to: deviceId(a.to), roomId: roomId(room.id), kind: 'pairwise', body: toHex(wire), sentAtMs: world.engine.nowMs }));
  } finally {
    clone.release();
  }
}

function directRoomOf(world: World, x: string, y: string): string {
  for (const u of [x, y]) void world.device(u);
  const found = world.options.rooms.find((r) => r.kind === 'direct' && r.members.includes(x) && r.members.includes(y));
  if (found === undefined) throw new UsageError(`thief-sends: no direct room of ${x} and ${y}`);
  return found.id;
}
