// The one switch over the world's vocabulary (docs/conventions.md): each scenario or generated action
// becomes calls on devices, the network, the server and the authority, and events in the run's log.
// Attacks (`do: 'adversary'`) are interpreted in attack.ts.
import { utf8 } from '../../protocol/bytes.ts';
import type { TextContent } from '../../protocol/content/content.ts';
import { messageId, roomId, userId, } from '../../protocol/ids.ts';
import { UsageError } from '../../protocol/errors.ts';
import { performAttack } from './attack.ts';
import { serveWarrant, notificationsDue, POLICY_NOTIFIES, type Warrant } from '../authority/index.ts';
import { makeCanary } from './canary.ts';
import { warrantView } from '../server/index.ts';
import type { Action } from './vocabulary.ts';
import type { World } from './world.ts';

/** Smallest body a send makes: the canary itself. */
const CANARY_FILL = '.';

export function applyAction(world: World, action: Action): void {
  switch (action.do) {
    case 'send':
      return send(world, action);
    case 'view': {
      world.device(action.user).view(messageId(world.messageIdOf(action.label)));
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
    world.log.append({ kind: 'send-skipped', from: a.from, room: a.room, reason: 'not a member' });
    return;
  }
  const recipients = members.filter((m) => m !== a.from);
  const { copies, heldFor } = room.kind === 'group' ? sender.sendGroup(room.id, members, text) : sender.sendTo(recipients, text);
  sender.scheduleExpiry();
  world.log.append({ kind: 'message-sent', message: { label: a.label, messageId: id, from: a.from, room: a.room, kind: room.kind, atMs: world.engine.nowMs, body, canary, evaporation, recipients, copies, heldFor } });
}

function seizePhone(world: World, user: string, stolen: boolean): void {
  const now = world.engine.nowMs;
  const device = world.device(user);
  const { blob, storageKey } = device.seize();
  world.log.append({ kind: 'phone-seized', seizure: { atMs: now, user, purpose: stolen ? 'thief' : 'authority', blob, storageKey, exported: device.snapshot() } });
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
    world.device(a.by).changeMembership('add', a.room, a.user);
    members.add(a.user);
    world.log.append({ kind: 'membership-changed', change: { atMs: now, room: a.room, user: a.user, change: 'add' } });
    return;
  }
  // The oracle keeps the removed phone's state as a dishonest member would, to try it on later traffic.
  const keptState = world.device(a.user).snapshot();
  world.device(a.by).changeMembership('remove', a.room, a.user);
  members.delete(a.user);
  world.log.append({ kind: 'membership-changed', change: { atMs: now, room: a.room, user: a.user, change: 'remove', keptState } });
}
