// Test harness for group rooms on devices (used by groups.test.ts): phones with seeded randomness, a
// bundle directory that hands each one-time prekey out once, and an in-memory relay that carries
// pairwise wires FIFO through receiveMessage and re-feeds "retry later" refusals. Every consumed
// buffer is wiped on commit, as the real state owner does, so a live secret in `consumed` breaks tests.
import { utf8, wipe } from '../../protocol/bytes.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import type { ProtocolErrorCode } from '../../protocol/errors.ts';
import { deviceId, messageId, userId, type DeviceId, type RoomId } from '../../protocol/ids.ts';
import { preKeyBundle } from '../../protocol/prekeys/bundle.ts';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../../protocol/variant.ts';
import type { Evaporation, TextContent } from '../../protocol/content/content.ts';
import type { PreKeyBundle } from '../../protocol/wire/preKeyBundle.ts';
import { createDevice, openSession, receiveMessage, type DeviceContext, type DeviceEvent, type DeviceState } from '../../protocol/device/index.ts';
import { peersNeedingSession, sendGroupControl, type GroupCarry } from '../../protocol/device/groupControl.ts';
import { receiveGroupText, sendGroupText, type GroupReceiveOutcome } from '../../protocol/device/groupText.ts';

export interface Phone {
  readonly name: string;
  readonly id: DeviceId;
  readonly rng: Drbg;
  device: DeviceState;
  readonly events: DeviceEvent[];
  readonly refusals: { from: DeviceId; code: ProtocolErrorCode; retryLater: boolean }[];
  readonly handedOut: Set<number>;
}

interface Flight {
  readonly from: DeviceId;
  readonly to: DeviceId;
  readonly wire: Uint8Array;
}

export interface GroupWorld {
  readonly flags: ProtocolFlags;
  readonly phones: Map<string, Phone>;
  readonly queue: Flight[];
  /** Refused with retryLater: fed again after the next accepted wire. */
  readonly later: Flight[];
  /** Every byte string the server relayed (pairwise wires and group messages). */
  readonly relayed: Uint8Array[];
  nowMs: number;
}

/** Bounds the harness's re-feeding of "retry later" wires (a real client bounds it too). */
const MAX_RETRIES_PER_PUMP = 1_000;

export function makeGroupWorld(seed: string, names: readonly string[], flags: ProtocolFlags = REFERENCE_FLAGS): GroupWorld {
  const phones = new Map<string, Phone>();
  for (const name of names) {
    const rng = createDrbg(`${seed}/${name}`);
    const device = createDevice({ deviceId: deviceId(name), userId: userId(`user-${name}`), oneTimePreKeys: 3 }, { provider: nobleProvider, rng, nowMs: 0, flags });
    phones.set(name, { name, id: deviceId(name), rng, device, events: [], refusals: [], handedOut: new Set() });
  }
  return { flags, phones, queue: [], later: [], relayed: [], nowMs: 1_000 };
}

export function phone(w: GroupWorld, name: string): Phone {
  const p = w.phones.get(name);
  if (p === undefined) throw new Error(`no phone ${name}`);
  return p;
}

export function ctxOf(w: GroupWorld, p: Phone): DeviceContext {
  return { provider: nobleProvider, rng: p.rng, nowMs: w.nowMs, flags: w.flags };
}

/** A directory that never hands the same one-time prekey out twice. */
export function fetchBundle(w: GroupWorld, name: string): PreKeyBundle {
  const p = phone(w, name);
  const store = p.device.preKeys;
  const oneTimePreKeys = store.oneTimePreKeys.filter((k) => !p.handedOut.has(k.id));
  const kemOneTimePreKeys = store.kemOneTimePreKeys.filter((k) => !p.handedOut.has(-1 - k.id));
  const bundle = preKeyBundle({ ...store, oneTimePreKeys, kemOneTimePreKeys }, p.id, p.device.identity.publicKey);
  if (bundle.oneTimePreKey !== undefined) p.handedOut.add(bundle.oneTimePreKey.id);
  if (bundle.kemPreKey !== undefined && !bundle.kemPreKey.lastResort) p.handedOut.add(-1 - bundle.kemPreKey.id);
  return bundle;
}

function ensureSessions(w: GroupWorld, p: Phone, peers: readonly DeviceId[]): void {
  for (const peer of peersNeedingSession(p.device, peers)) {
    const step = openSession(p.device, userId(`user-${peer}`), fetchBundle(w, peer), ctxOf(w, p));
    p.device = step.device;
    wipe(...step.consumed);
  }
}

/** Adopt a carry: queue its wires; open sessions for `unsent` from bundles and carry those too. */
function commitCarry(w: GroupWorld, p: Phone, roomId: RoomId, carry: GroupCarry): void {
  p.device = carry.device;
  for (const c of carry.wires) w.queue.push({ from: p.id, to: c.to, wire: c.wire });
  if (carry.unsent.length === 0) return;
  ensureSessions(
    w,
    p,
    carry.unsent.map((s) => s.to),
  );
  const again = sendGroupControl(p.device, roomId, carry.unsent, ctxOf(w, p));
  if (again.unsent.length > 0) throw new Error('sessions were opened, yet payloads are unsent');
  commitCarry(w, p, roomId, again);
}

export function commitStep(w: GroupWorld, p: Phone, roomId: RoomId, step: GroupCarry & { events: readonly DeviceEvent[]; consumed: readonly Uint8Array[] }): void {
  commitCarry(w, p, roomId, step);
  p.events.push(...step.events);
  wipe(...step.consumed);
}

function deliver(w: GroupWorld, f: Flight): boolean {
  w.relayed.push(f.wire);
  const to = [...w.phones.values()].find((p) => p.id === f.to);
  if (to === undefined) return false;
  const r = receiveMessage(to.device, f.from, userId(`user-${f.from}`), f.wire, ctxOf(w, to));
  to.events.push(...r.events);
  if (!r.ok) {
    to.refusals.push({ from: f.from, code: r.error.code, retryLater: r.retryLater });
    if (r.retryLater) w.later.push(f);
    return false;
  }
  to.device = r.device;
  wipe(...r.consumed);
  if (r.content.kind === 'group-control' && r.groupOutgoing.length > 0) {
    commitCarry(w, to, r.content.roomId, sendGroupControl(to.device, r.content.roomId, r.groupOutgoing, ctxOf(w, to)));
  }
  return true;
}

/** Delivers queued wires FIFO; those `keep` refuses stay queued. A "retry later" wire is fed again after progress. */
export function pump(w: GroupWorld, keep: (to: DeviceId) => boolean = () => true): void {
  let retries = 0;
  const held: Flight[] = [];
  while (w.queue.length > 0) {
    const f = w.queue.shift() as Flight;
    if (!keep(f.to)) held.push(f);
    else if (deliver(w, f) && w.later.length > 0 && retries < MAX_RETRIES_PER_PUMP) {
      retries += w.later.length;
      w.queue.push(...w.later.splice(0));
    }
  }
  w.queue.push(...held);
}

let counter = 0;
export function groupText(roomId: RoomId, body: string, evaporation: Evaporation = { mode: 'view-once' }, sentAtMs = 1_000): TextContent {
  counter += 1;
  return { kind: 'text', messageId: messageId(`g${counter}`), roomId, sentAtMs, evaporation, body: utf8(body) };
}

export function say(w: GroupWorld, p: Phone, text: TextContent): Uint8Array {
  const step = sendGroupText(p.device, text.roomId, text, ctxOf(w, p));
  p.device = step.device;
  wipe(...step.consumed);
  w.relayed.push(step.message);
  return step.message;
}

export function hear(w: GroupWorld, p: Phone, from: string, message: Uint8Array): GroupReceiveOutcome {
  const r = receiveGroupText(p.device, deviceId(from), message, ctxOf(w, p));
  p.events.push(...r.events);
  if (r.ok) {
    p.device = r.device;
    wipe(...r.consumed);
  }
  return r;
}
