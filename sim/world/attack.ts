// The one interpreter of the attack vocabulary (sim/world/vocabulary.ts `Attack`; docs/threat-model.md):
// each attack a scenario file or a generated campaign run names becomes calls on the malicious
// server's power methods (sim/server/server.ts), with the attacker devices it needs (attackers.ts),
// and what the judges must know of it (injected ghosts, attacks that do not apply) goes to the log.
import { fromHex, toHex } from '../../protocol/bytes.ts';
import { decodeGroupMessage } from '../../protocol/group/index.ts';
import { isProtocolError, UsageError } from '../../protocol/errors.ts';
import { deviceId, roomId, type DeviceId } from '../../protocol/ids.ts';
import { decodePairwiseMessage, encodePairwiseMessage, type PairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { EnvelopeJson, EnvelopeMatch } from '../server/powers.ts';
import type { GroupView } from './phone.ts';
import type { Attack, Match, ReplayMangle } from './vocabulary.ts';
import type { World } from './world.ts';

/** How many envelopes a fork-group drop rule covers: every later message in the run, in practice. */
const FORK_DROP_COUNT = 10_000;

export function performAttack(world: World, a: Attack): void {
  const server = world.server;
  const dev = (u: string): DeviceId => deviceId(u);
  const requester =
    a.attack === 'substitute-bundle' ||
    a.attack === 'withhold-bundle' ||
    a.attack === 'strip-kem' ||
    a.attack === 'strip-one-time-prekeys' ||
    a.attack === 'reserve-one-time-prekey' ||
    a.attack === 'serve-stale-bundle'
      ? optionalRequester(a.requester)
      : {};
  switch (a.attack) {
    case 'substitute-bundle':
      server.installBundleRule({ kind: 'substitute-bundle', deviceId: dev(a.target), ...requester, bundle: world.attackers.substituteBundle(a.attacker, a.target) });
      return staleKeys(world, a.target, a.requester);
    case 'strip-kem':
      server.installBundleRule({ kind: 'substitute-bundle', deviceId: dev(a.target), ...requester, bundle: world.genuineBundleWithoutKem(a.target) });
      return staleKeys(world, a.target, a.requester);
    case 'strip-one-time-prekeys':
      server.installBundleRule({ kind: 'substitute-bundle', deviceId: dev(a.target), ...requester, bundle: world.genuineBundleWithoutOneTime(a.target) });
      return staleKeys(world, a.target, a.requester);
    case 'withhold-bundle':
    case 'reserve-one-time-prekey':
      return server.installBundleRule({ kind: a.attack, deviceId: dev(a.target), ...requester });
    case 'serve-stale-bundle':
      server.installBundleRule({ kind: a.attack, deviceId: dev(a.target), ...requester });
      return staleKeys(world, a.target, a.requester);
    case 'drop':
    case 'duplicate':
    case 'reorder':
      return server.installMessageRule({ kind: a.attack, match: match(world, a.match) }, a.count ?? 1);
    case 'delay':
      return server.installMessageRule({ kind: 'delay', match: match(world, a.match), delayMs: a.delayMs }, a.count ?? 1);
    case 'modify':
      return server.installMessageRule({ kind: 'modify', match: match(world, a.match), bits: [...a.bits] }, a.count ?? 1);
    case 'relabel-sender':
      return server.relabelSender({ from: dev(a.from), to: dev(a.to) }, dev(a.as), a.count ?? 1);
    case 'replay': {
      const envelopeId = nthEnvelope(world, a.from, a.to, a.nth);
      if (a.mangle !== undefined) return mangledReplay(world, a.from, a.to, envelopeId, a.mangle, a.times ?? 1);
      for (let i = 0; i < (a.times ?? 1); i++) server.replay(dev(a.from), envelopeId, dev(a.to));
      return;
    }
    case 'forge': {
      const envelope = world.attackers.forgeMessage(a.claimedFrom, a.to, a.room);
      if (envelope === undefined) throw new UsageError(`forge: the server could not build a forgery to ${a.to}`);
      world.log.append({ kind: 'attack-envelope', attack: 'forge', envelopeId: envelope.id, from: a.claimedFrom, to: a.to, wire: fromHex(envelope.body) });
      return server.forge(envelope);
    }
    case 'open-session-as': {
      const envelope = world.attackers.openSessionAs(a.claimedFrom, a.to, a.identity, a.room);
      if (envelope === undefined) return notApplicable(world, a.attack, `the server cannot open a session to ${a.to} as ${a.claimedFrom} with this session engine`);
      world.log.append({ kind: 'attack-envelope', attack: `open-session-as/${a.identity}`, envelopeId: envelope.id, from: a.claimedFrom, to: a.to, wire: fromHex(envelope.body) });
      return server.forge(envelope);
    }
    case 'forge-group': {
      const view = latestGroupView(world, a.room);
      if (view === undefined) return notApplicable(world, a.attack, `no group message in ${a.room} has shown the server the room's view yet`);
      const envelopes = world.attackers.forgeGroupAs(a.claimedFrom, a.to, a.room, view);
      if (envelopes === undefined) return notApplicable(world, a.attack, `the server holds no session to ${a.to} posing as ${a.claimedFrom}`);
      for (const e of envelopes) {
        world.log.append({ kind: 'attack-envelope', attack: 'forge-group', envelopeId: e.id, from: a.claimedFrom, to: a.to, wire: fromHex(e.body) });
        server.forge(e);
      }
      return;
    }
    case 'counter-jump': {
      const envelope = counterJump(world, a.claimedFrom, a.to, a.jump);
      if (envelope === undefined) return notApplicable(world, 'counter-jump', 'the session engine has no message counters');
      return server.forge(envelope);
    }
    case 'inject-member': {
      const members = [...(world.groupMembers.get(a.room) ?? [])];
      const wire = world.attackers.ghostGroupMessage(a.ghost, a.room, members);
      world.log.append({ kind: 'group-injected', room: a.room, ghost: a.ghost, to: members, wire });
      const now = world.engine.nowMs;
      members.forEach((m, i) => server.forge({ id: `ghost:${a.ghost}:${now}:${i}`, from: dev(a.ghost), to: dev(m), roomId: roomId(a.room), kind: 'group', body: toHex(wire), sentAtMs: now }));
      return;
    }
    case 'fork-group':
      // The server splits the room: from now on `members` never see `from`'s traffic in it
      // (membership operations and sender keys included), so their view of the room forks.
      for (const m of a.members) server.installMessageRule({ kind: 'drop', match: { from: dev(a.from), to: dev(m) } }, FORK_DROP_COUNT);
      return;
    case 'lie-about-deletion':
      return server.lieAboutDeletion();
    case 'under-report':
      return server.lieInReport({ hideWarrants: a.hideWarrants ?? 0, hideSeizures: a.hideSeizures ?? 0, shrinkRecordsPercent: a.shrinkRecordsPercent ?? 0 });
  }
}

function notApplicable(world: World, attack: string, reason: string): void {
  world.log.append({ kind: 'attack-not-applicable', attack, reason });
}

/** The epoch and transcript hash in the header of the latest group message relayed in `room` (public to the server). */
function latestGroupView(world: World, room: string): GroupView | undefined {
  const last = world.log
    .of('message-sent')
    .filter(({ message: m }) => m.kind === 'group' && m.room === room && m.copies.length > 0)
    .at(-1)?.message.copies[0];
  if (last === undefined) return undefined;
  try {
    const m = decodeGroupMessage(last.wire);
    return { epoch: m.epoch, transcriptHash: m.transcriptHash };
  } catch (e) {
    if (isProtocolError(e)) return undefined; // another session engine's group wire
    throw e;
  }
}

function optionalRequester(requester: string | undefined): { requester?: DeviceId } {
  return requester === undefined ? {} : { requester: deviceId(requester) };
}

/** The server also tells the requester(s) the target's devices changed, so they fetch keys again. */
function staleKeys(world: World, target: string, requester: string | undefined): void {
  const requesters = requester === undefined ? [...world.devices.keys()].filter((u) => u !== target) : [requester];
  for (const r of requesters) world.device(r).forgetPeerKeys(target);
}

function match(world: World, m: Match): EnvelopeMatch {
  return {
    ...(m.from === undefined ? {} : { from: world.device(m.from).id }),
    ...(m.to === undefined ? {} : { to: world.device(m.to).id }),
    ...(m.room === undefined ? {} : { roomId: roomId(m.room) }),
  };
}

/** The nth (1-based) envelope `from` sent to `to`, by the log. */
function nthEnvelope(world: World, from: string, to: string, nth: number | 'last'): string {
  const ids = world.log.of('message-sent').flatMap(({ message: m }) => (m.from === from ? m.copies.filter((c) => c.to === to).map((c) => c.envelopeId) : []));
  const id = ids[nth === 'last' ? ids.length - 1 : nth - 1];
  if (id === undefined) throw new UsageError(`replay: ${from} has sent only ${ids.length} envelopes to ${to}`);
  return id;
}

/**
 * A replay of a captured envelope with one X25519 key under other bytes with the same outputs
 * (docs/threat-model.md "non-canonical key encodings", ReplayMangle). Under a base key it has never
 * seen, a setup agrees on the same keys (RFC 7748 §5): only a record of spent setups (X3DH §4.2) or a
 * refusal of non-canonical keys stops it when no one-time prekey was spent. A ratchet key the receiver
 * does not know is a new DH step from its current root key, and an identity key that differs in its
 * bytes changes the associated data: both should open nothing.
 */
function mangledReplay(world: World, from: string, to: string, envelopeId: string, mangle: ReplayMangle, times: number): void {
  const sent = world.log.of('message-sent').find(({ message: m }) => m.from === from && m.copies.some((c) => c.envelopeId === envelopeId))?.message;
  const copy = sent?.copies.find((c) => c.envelopeId === envelopeId && c.to === to);
  if (sent === undefined || copy === undefined) throw new UsageError(`replay: no copy ${envelopeId} from ${from} to ${to}`);
  let pm;
  try {
    pm = decodePairwiseMessage(copy.wire);
  } catch (e) {
    if (isProtocolError(e)) return world.log.append({ kind: 'attack-not-applicable', attack: `replay/${mangle}`, reason: 'the session engine has no session-setup messages' });
    throw e;
  }
  const wire = mangledWire(pm, mangle);
  if (typeof wire === 'string') return world.log.append({ kind: 'attack-not-applicable', attack: `replay/${mangle}`, reason: `envelope ${envelopeId}: ${wire}` });
  const now = world.engine.nowMs;
  for (let i = 0; i < times; i++) {
    const id = `${mangle}:${i}:${envelopeId}`;
    world.log.append({ kind: 'attack-envelope', attack: `replay/${mangle}`, envelopeId: id, from, to, copyOf: envelopeId, wire });
    world.server.forge({ id, from: deviceId(from), to: deviceId(to), roomId: roomId(sent.room), kind: 'pairwise', body: toHex(wire), sentAtMs: now });
  }
}

/** The field prime of Curve25519, 2^255 − 19 (RFC 7748 §4.1). */
const P25519 = 2n ** 255n - 19n;

function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = b % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/** The pairwise message with the key `mangle` names re-encoded, or why it cannot be. */
function mangledWire(pm: PairwiseMessage, mangle: ReplayMangle): Uint8Array | string {
  const how = mangle.endsWith('top-bit') ? 'top-bit' : 'torsion';
  if (mangle.startsWith('ratchet-key')) {
    const ratchetKey = mangledKey(pm.message.header.ratchetKey, how);
    if (ratchetKey === undefined) return 'its ratchet key has no such twin';
    return encodePairwiseMessage({ ...pm, message: { ...pm.message, header: { ...pm.message.header, ratchetKey } } });
  }
  if (pm.kind !== 'prekey') return 'it is not a session setup';
  if (mangle.startsWith('base-key')) {
    const ephemeralPublic = mangledKey(pm.initial.ephemeralPublic, how);
    return ephemeralPublic === undefined ? 'its base key has no such twin' : encodePairwiseMessage({ ...pm, initial: { ...pm.initial, ephemeralPublic } });
  }
  const dh = mangledKey(pm.initial.initiatorIdentity.dh, how);
  return dh === undefined ? 'its identity key has no such twin' : encodePairwiseMessage({ ...pm, initial: { ...pm.initial, initiatorIdentity: { ...pm.initial.initiatorIdentity, dh } } });
}

/**
 * A key that names a different encoding (top bit) or a different point (plus the 2-torsion point
 * (0, 0), which on a Montgomery curve maps u to 1/u) with the same X25519 output under every clamped
 * scalar — each clamped scalar is a multiple of the cofactor 8. Undefined where there is no twin (u = 0).
 */
function mangledKey(key: Uint8Array, how: 'top-bit' | 'torsion'): Uint8Array | undefined {
  const out = key.slice();
  if (how === 'top-bit') {
    out[31] = (out[31] as number) ^ 0x80; // bit 255 of the little-endian u-coordinate
    return out;
  }
  let u = 0n;
  for (let i = 31; i >= 0; i--) u = (u << 8n) | BigInt(key[i] as number);
  u = (u & ((1n << 255n) - 1n)) % P25519;
  if (u === 0n) return undefined;
  let inverse = powMod(u, P25519 - 2n, P25519);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(inverse & 0xffn);
    inverse >>= 8n;
  }
  return out;
}

/** The last message `from` sent `to`, with its counter pushed `jump` ahead: a flood of skipped keys if accepted. */
function counterJump(world: World, from: string, to: string, jump: number): EnvelopeJson | undefined {
  const last = world.log
    .of('message-sent')
    .reverse()
    .flatMap(({ message: m }) => (m.from === from ? m.copies.filter((c) => c.to === to) : []))[0];
  if (last === undefined) throw new UsageError(`counter-jump: ${from} has sent nothing to ${to}`);
  let pm;
  try {
    pm = decodePairwiseMessage(last.wire);
  } catch (e) {
    if (isProtocolError(e)) return undefined; // not a ratchet message (another session engine)
    throw e;
  }
  const header = { ...pm.message.header, counter: Math.min(pm.message.header.counter + jump, 0xffff_ffff) };
  const forged = encodePairwiseMessage({ ...pm, message: { ...pm.message, header } });
  return { id: `jump:${last.envelopeId}`, from: deviceId(from), to: deviceId(to), kind: 'pairwise', body: toHex(forged), sentAtMs: world.engine.nowMs };
}
