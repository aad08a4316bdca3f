// One MLS device over ts-mls: the adapter's policy around the library, asynchronous (ts-mls is), run
// inside the engine's worker thread (worker.ts) or directly by the measurement script. What is ts-mls's:
// the RFC 9420 protocol itself — key packages, the ratchet tree and its update paths, the key schedule,
// the secret tree, message protection, welcome processing, and the state encoding. What is the adapter's
// (this file): who may change the group (no external commits or proposals), the pending commit kept
// until the delivery service confirms it, refusals of future, old, replayed, forked and own-leaf input,
// the sender recovered from the sender data, removed senders' late messages refused, key package
// bookkeeping, and the retention settings. README.md has the list with reasons.
import {
  createApplicationMessage,
  createCommit,
  createGroup,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  joinGroup,
  processMessage,
  type Capabilities,
  type ClientState,
  type KeyPackage,
  type PrivateKeyPackage,
  type Proposal,
} from 'ts-mls';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import type { PeerAddress } from '../contract.ts';
import { equalBytes, fromUtf8, toHex, utf8 } from '../../protocol/bytes.ts';
import type { MlsApplied, MlsCommitted, MlsCreated, MlsEpoch, MlsJoined, MlsKeyPackage, MlsKeyPackageFor, MlsReceived, MlsSent } from './contract.ts';
import { SUITE_NAME } from './suite.ts';

import { addresses, addressKey, addressOf, identityOf, leafAt, leaves, sameAddress, type Leaf } from './members.ts';
import { guard, own, refuse } from './refusals.ts';
import { commitPolicy, rejectAll } from './commitPolicy.ts';
import { decodeWhole, header, isFramed, senderLeafOf } from './framing.ts';
import { sha256 } from '@noble/hashes/sha2.js';

import { APPLIED_KEPT, checkRetention, clientConfig, MAX_KEY_PACKAGES, suiteFor, type Device, type PendingCommit, type Room, type Retention } from './state.ts';

const digest = (b: Uint8Array) => sha256(b);

function activeRoom(d: Device, room: string): Room {
  const r = d.rooms.get(room);
  if (r === undefined || r.state.groupActiveState.kind !== 'active') return refuse('NOT_A_MEMBER', `this device is not a member of room ${JSON.stringify(room)}`);
  return r;
}

const epochOf = (s: ClientState) => Number(s.groupContext.epoch);

/** The capabilities every key package declares, spelled out: ts-mls's defaultCapabilities() adds GREASE drawn with Math.random. */
const CAPABILITIES: Capabilities = { versions: ['mls10'], ciphersuites: [SUITE_NAME], extensions: [], proposals: [], credentials: ['basic'] };

// --- the device -------------------------------------------------------------------------------------

export async function createDevice(address: PeerAddress, seed: Uint8Array, retention: Retention): Promise<Device> {
  checkRetention(retention);
  const suite = suiteFor(seed);
  const { signKey, publicKey } = await suite.signature.keygen();
  return { address, retention, signKey, publicKey, keyPackages: new Map(), rooms: new Map(), suite, config: clientConfig(retention) };
}

async function freshKeyPackage(d: Device): Promise<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }> {
  return generateKeyPackageWithKey({ credentialType: 'basic', identity: identityOf(d.address) }, CAPABILITIES, defaultLifetime, [], { signKey: d.signKey, publicKey: d.publicKey }, d.suite);
}

/** A one-time key package for the directory (RFC 9420 §10; single use, §16.8). */
export async function keyPackage(d: Device): Promise<MlsKeyPackage> {
  const kp = await freshKeyPackage(d);
  const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kp.publicPackage });
  const id = toHex(await makeKeyPackageRef(kp.publicPackage, d.suite.hash));
  d.keyPackages.set(id, { ...kp, bytes });
  while (d.keyPackages.size > MAX_KEY_PACKAGES) {
    const oldest = d.keyPackages.keys().next().value;
    if (oldest === undefined) break;
    d.keyPackages.delete(oldest);
  }
  return { id, bytes };
}

export function createRoom(d: Device, room: string): Promise<MlsCreated> {
  return own(async () => {
    if (d.rooms.get(room)?.state.groupActiveState.kind === 'active') refuse('ALREADY_MEMBER', `room ${JSON.stringify(room)} exists on this device`);
    const kp = await freshKeyPackage(d);
    const state = await createGroup(utf8(room), kp.publicPackage, kp.privatePackage, [], d.suite, d.config);
    d.rooms.set(room, { state, pending: undefined, applied: new Map() });
    return { ok: true as const, epoch: 0 };
  });
}

async function commitFrom(d: Device, room: string, r: Room, proposals: Proposal[]): Promise<MlsCommitted> {
  const made = await createCommit({ state: r.state, cipherSuite: d.suite }, { extraProposals: proposals, ratchetTreeExtension: true });
  const commit = encodeMlsMessage(made.commit);
  const welcome = made.welcome === undefined ? undefined : encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: made.welcome });
  d.rooms.set(room, { ...r, pending: { commit, state: made.newState, welcome } });
  return welcome === undefined ? { ok: true, commit } : { ok: true, commit, welcome };
}

function noPending(r: Room): void {
  if (r.pending !== undefined) refuse('PENDING_COMMIT', 'this device has a commit waiting for the delivery service: confirm or discard it first');
}

export function add(d: Device, room: string, wanted: readonly MlsKeyPackageFor[]): Promise<MlsCommitted> {
  return guard('INVALID_KEY_PACKAGE', async () => {
    const r = activeRoom(d, room);
    noPending(r);
    if (wanted.length === 0) refuse('INVALID_KEY_PACKAGE', 'no key package to add');
    const present = new Set(leaves(r.state.ratchetTree).map(addressKey));
    const proposals: Proposal[] = [];
    for (const w of wanted) {
      const m = decodeWhole(w.keyPackage);
      if (m?.wireformat !== 'mls_key_package') return refuse('INVALID_KEY_PACKAGE', `the key package for ${addressKey(w.peer)} does not decode`);
      const kp = m.keyPackage;
      if (kp.cipherSuite !== SUITE_NAME) refuse('INVALID_KEY_PACKAGE', `the key package for ${addressKey(w.peer)} is for ${kp.cipherSuite}`);
      const named = addressOf(kp.leafNode.credential);
      if (named === undefined || !sameAddress(named, w.peer))
        refuse('INVALID_KEY_PACKAGE', `the key package served for ${addressKey(w.peer)} names ${named === undefined ? 'no address' : addressKey(named)}`);
      if (present.has(addressKey(w.peer))) refuse('ALREADY_MEMBER', `${addressKey(w.peer)} is already in room ${JSON.stringify(room)} (or listed twice)`);
      present.add(addressKey(w.peer));
      proposals.push({ proposalType: 'add', add: { keyPackage: kp } });
    }
    return commitFrom(d, room, r, proposals);
  });
}

export function remove(d: Device, room: string, members: readonly PeerAddress[]): Promise<MlsCommitted> {
  return own(async () => {
    const r = activeRoom(d, room);
    noPending(r);
    if (members.length === 0) refuse('NOT_A_MEMBER', 'no member to remove');
    const tree = leaves(r.state.ratchetTree);
    const proposals: Proposal[] = [];
    const seen = new Set<string>();
    for (const m of members) {
      if (sameAddress(m, d.address)) refuse('FORBIDDEN', 'a member cannot commit its own removal (RFC 9420 §12.2)');
      const leaf = tree.find((l) => sameAddress(l, m));
      if (leaf === undefined || seen.has(addressKey(m))) return refuse('NOT_A_MEMBER', `${addressKey(m)} is not in room ${JSON.stringify(room)} (or listed twice)`);
      seen.add(addressKey(m));
      proposals.push({ proposalType: 'remove', remove: { removed: leaf.leafIndex } });
    }
    return commitFrom(d, room, r, proposals);
  });
}

export function update(d: Device, room: string): Promise<MlsCommitted> {
  return own(async () => {
    const r = activeRoom(d, room);
    noPending(r);
    return commitFrom(d, room, r, []);
  });
}

/** What changed between two states of a room. */
function appliedOf(before: ClientState, after: ClientState, committer: PeerAddress, removedSelf: boolean, droppedPending: boolean): MlsApplied {
  // A member removed by the commit keeps the tree with the commit's proposals applied, in the old epoch (ts-mls).
  const was = leaves(before.ratchetTree);
  const now = leaves(after.ratchetTree);
  const isIn = (ls: readonly Leaf[], l: Leaf) => ls.some((x) => x.leafIndex === l.leafIndex && sameAddress(x, l));
  return {
    ok: true,
    epoch: removedSelf ? epochOf(before) + 1 : epochOf(after),
    committer,
    added: addresses(now.filter((l) => !isIn(was, l))),
    removed: addresses(was.filter((l) => !isIn(now, l))),
    removedSelf,
    droppedPending,
  };
}

function remember(applied: ReadonlyMap<number, Uint8Array>, epoch: number, commit: Uint8Array): Map<number, Uint8Array> {
  const next = new Map(applied);
  next.set(epoch, digest(commit));
  for (const e of [...next.keys()].sort((a, b) => a - b).slice(0, Math.max(0, next.size - APPLIED_KEPT))) next.delete(e);
  return next;
}

/**
 * Merges this device's pending commit. The pending state was computed when the commit was made; since
 * then the device may have received application messages in the old epoch (and late ones in older
 * epochs), which advanced the secret trees of the current state. The merged state takes those trees, so
 * a message received while the commit waited cannot be opened a second time.
 */
function mergePending(d: Device, room: string, r: Room, p: PendingCommit): MlsApplied {
  const before = r.state;
  const history = new Map(p.state.historicalReceiverData);
  for (const [epoch, data] of history) {
    if (epoch === before.groupContext.epoch) history.set(epoch, { ...data, secretTree: before.secretTree });
    else {
      const kept = before.historicalReceiverData.get(epoch);
      if (kept !== undefined) history.set(epoch, kept);
    }
  }
  const state: ClientState = { ...p.state, historicalReceiverData: history };
  d.rooms.set(room, { state, pending: undefined, applied: remember(r.applied, epochOf(before), p.commit) });
  return appliedOf(before, state, d.address, false, false);
}

export function confirm(d: Device, room: string, commit: Uint8Array): Promise<MlsApplied> {
  return guard('NO_PENDING_COMMIT', async () => {
    const r = activeRoom(d, room);
    if (r.pending === undefined || !equalBytes(r.pending.commit, commit)) return refuse('NO_PENDING_COMMIT', 'that is not the commit this device has pending');
    return mergePending(d, room, r, r.pending);
  });
}

export function discardPending(d: Device, room: string): void {
  const r = d.rooms.get(room);
  if (r?.pending !== undefined) d.rooms.set(room, { ...r, pending: undefined });
}

export function processCommit(d: Device, room: string, bytes: Uint8Array): Promise<MlsApplied> {
  return guard('INVALID_MESSAGE', async () => {
    const r = activeRoom(d, room);
    const m = decodeWhole(bytes);
    if (!isFramed(m)) return refuse('INVALID_MESSAGE', 'not an MLS handshake message');
    const h = header(m);
    if (!equalBytes(h.groupId, r.state.groupContext.groupId)) refuse('INVALID_MESSAGE', `a message for another group than room ${JSON.stringify(room)}`);
    if (h.contentType === 'application') refuse('INVALID_MESSAGE', 'an application message, not a commit');
    if (h.contentType === 'proposal') refuse('FORBIDDEN', 'a standalone proposal (this adapter commits inline proposals only)');
    const current = r.state.groupContext.epoch;
    if (h.epoch > current) refuse('FUTURE_EPOCH', `a commit for epoch ${h.epoch}; this device is in epoch ${current}`);
    if (h.epoch < current) {
      const applied = r.applied.get(Number(h.epoch));
      if (applied !== undefined && equalBytes(applied, digest(bytes))) refuse('DUPLICATE_MESSAGE', `the commit this device applied in epoch ${h.epoch}`);
      if (applied !== undefined) refuse('FORK', `another commit than the one this device applied in epoch ${h.epoch}`);
      refuse('OLD_EPOCH', `a commit for epoch ${h.epoch}; this device is in epoch ${current}`);
    }
    if (r.pending !== undefined && equalBytes(r.pending.commit, bytes)) return mergePending(d, room, r, r.pending);
    if (h.senderType !== undefined && h.senderType !== 'member') refuse('FORBIDDEN', `a commit by a ${h.senderType} sender`);
    const own = r.state.privatePath.leafIndex;
    const senderLeaf = h.memberLeaf ?? (await senderLeafOf(d, m, r.state.keySchedule.senderDataSecret));
    if (senderLeaf === own) refuse('OWN_LEAF', "a commit from this device's own leaf that this device does not have pending");
    const committer = leafAt(r.state.ratchetTree, senderLeaf);
    if (committer === undefined) return refuse('INVALID_MESSAGE', `a commit from leaf ${senderLeaf}, which is blank`);
    const why = { reason: '' };
    const res = await processMessage(m, r.state, emptyPskIndex, commitPolicy(r.state.ratchetTree, why), d.suite);
    if (res.kind !== 'newState') return refuse('INVALID_MESSAGE', 'not a commit');
    if (res.actionTaken === 'reject') refuse('FORBIDDEN', why.reason);
    const removedSelf = res.newState.groupActiveState.kind === 'removedFromGroup';
    // A commit's path carries a new leaf node for the committer (RFC 9420 §12.4.1); its address and signature key must stay as they were.
    const after = removedSelf ? committer : leafAt(res.newState.ratchetTree, senderLeaf);
    if (after === undefined || !sameAddress(after, committer) || !equalBytes(after.identityKey, committer.identityKey))
      refuse('FORBIDDEN', `a commit by ${addressKey(committer)} that changes its own credential or signature key`);
    const result = appliedOf(r.state, res.newState, { user: committer.user, device: committer.device }, removedSelf, r.pending !== undefined);
    // Removed: nothing is left to read or send, so the room's keys go (forward secrecy for what follows).
    if (removedSelf) d.rooms.delete(room);
    else d.rooms.set(room, { state: res.newState, pending: undefined, applied: remember(r.applied, Number(current), bytes) });
    return result;
  });
}

export function join(d: Device, bytes: Uint8Array): Promise<MlsJoined> {
  return guard('INVALID_MESSAGE', async () => {
    const m = decodeWhole(bytes);
    if (m?.wireformat !== 'mls_welcome') return refuse('INVALID_MESSAGE', 'not an MLS welcome');
    const w = m.welcome;
    if (w.cipherSuite !== SUITE_NAME) refuse('INVALID_MESSAGE', `a welcome for ${w.cipherSuite}`);
    const ref = w.secrets.map((s) => toHex(s.newMember)).find((id) => d.keyPackages.has(id));
    const held = ref === undefined ? undefined : d.keyPackages.get(ref);
    if (ref === undefined || held === undefined) return refuse('UNKNOWN_KEY_PACKAGE', 'the welcome names none of the key packages this device holds');
    const state = await joinGroup(w, held.publicPackage, held.privatePackage, emptyPskIndex, d.suite, undefined, undefined, d.config);
    let room: string;
    try {
      room = fromUtf8(state.groupContext.groupId);
    } catch {
      return refuse('INVALID_MESSAGE', 'the group id is not a room name (UTF-8)');
    }
    if (d.rooms.get(room)?.state.groupActiveState.kind === 'active') refuse('ALREADY_MEMBER', `this device is already in room ${JSON.stringify(room)}`);
    const members = leaves(state.ratchetTree);
    const keys = new Set(members.map(addressKey));
    if (keys.size !== members.length) refuse('FORBIDDEN', 'the group has one address at two leaves');
    const mine = members.filter((l) => sameAddress(l, d.address));
    if (mine.length !== 1 || mine[0]?.leafIndex !== state.privatePath.leafIndex) refuse('INVALID_MESSAGE', "this device's leaf is not where the welcome puts it");
    d.keyPackages.delete(ref);
    d.rooms.set(room, { state, pending: undefined, applied: new Map() });
    return { ok: true as const, room, epoch: epochOf(state) };
  });
}

export function send(d: Device, room: string, plaintext: Uint8Array): Promise<MlsSent> {
  return own(async () => {
    const r = activeRoom(d, room);
    const made = await createApplicationMessage(r.state, plaintext, d.suite);
    d.rooms.set(room, { ...r, state: made.newState });
    return { ok: true as const, message: encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: made.privateMessage }) };
  });
}

export function receive(d: Device, room: string, bytes: Uint8Array): Promise<MlsReceived> {
  return guard('INVALID_MESSAGE', async () => {
    const r = activeRoom(d, room);
    const m = decodeWhole(bytes);
    if (m?.wireformat !== 'mls_private_message') return refuse('INVALID_MESSAGE', 'application messages come as PrivateMessage (RFC 9420 §6)');
    const pm = m.privateMessage;
    if (!equalBytes(pm.groupId, r.state.groupContext.groupId)) refuse('INVALID_MESSAGE', `a message for another group than room ${JSON.stringify(room)}`);
    if (pm.contentType !== 'application') refuse('INVALID_MESSAGE', `a ${pm.contentType}, not an application message`);
    const s = r.state;
    const current = s.groupContext.epoch;
    if (pm.epoch > current) refuse('FUTURE_EPOCH', `a message from epoch ${pm.epoch}; this device is in epoch ${current}`);
    const then = pm.epoch === current ? { senderDataSecret: s.keySchedule.senderDataSecret, ratchetTree: s.ratchetTree } : s.historicalReceiverData.get(pm.epoch);
    if (then === undefined) return refuse('OLD_EPOCH', `a message from epoch ${pm.epoch}, whose keys this device no longer keeps`);
    const leafIndex = await senderLeafOf(d, m, then.senderDataSecret);
    const sender = leafAt(then.ratchetTree, leafIndex);
    if (sender === undefined) return refuse('INVALID_MESSAGE', `sender data names leaf ${leafIndex}, which is blank`);
    if (leafIndex === s.privatePath.leafIndex) refuse('OWN_LEAF', "a message from this device's own leaf");
    if (pm.epoch < current) {
      const now = leafAt(s.ratchetTree, leafIndex);
      if (now === undefined || !sameAddress(now, sender) || !equalBytes(now.identityKey, sender.identityKey))
        refuse('SENDER_REMOVED', `a message from epoch ${pm.epoch} by ${addressKey(sender)}, no longer a member`);
    }
    const res = await processMessage(m, s, emptyPskIndex, rejectAll, d.suite);
    if (res.kind !== 'applicationMessage') return refuse('INVALID_MESSAGE', 'not an application message');
    d.rooms.set(room, { ...r, state: res.newState });
    return { ok: true as const, plaintext: res.message, sender: { user: sender.user, device: sender.device }, epoch: Number(pm.epoch) };
  });
}

export function epochView(d: Device, room: string): MlsEpoch | undefined {
  const r = d.rooms.get(room);
  if (r === undefined || r.state.groupActiveState.kind !== 'active') return undefined;
  return {
    epoch: epochOf(r.state),
    members: leaves(r.state.ratchetTree).map(({ user, device, identityKey }) => ({ user, device, identityKey })),
    authenticator: r.state.keySchedule.epochAuthenticator,
    pending: r.pending !== undefined,
  };
}

export function roomsOf(d: Device): string[] {
  return [...d.rooms.entries()]
    .filter(([, r]) => r.state.groupActiveState.kind === 'active')
    .map(([name]) => name)
    .sort();
}

/**
 * The key trial on a decoded copy: follow the captured handshakes in order, then open `message`. Only
 * keys decide: ts-mls with every commit accepted, none of the adapter's policy. The copy starts from the
 * room's state and from its pending commit's state (both are in the stolen storage); a captured welcome
 * for one of the seized key packages starts it in the room too. What a start cannot process is skipped.
 */
export async function trial(d: Device, room: string, message: Uint8Array, handshakes: readonly Uint8Array[]): Promise<Uint8Array | undefined> {
  const m = decodeWhole(message);
  if (!isFramed(m)) return undefined;
  const r = d.rooms.get(room);
  let states: ClientState[] = r === undefined ? [] : r.pending === undefined ? [r.state] : [r.state, r.pending.state];
  const groupId = utf8(room);
  for (const bytes of handshakes) {
    const h = decodeWhole(bytes);
    if (h?.wireformat === 'mls_welcome') {
      for (const s of h.welcome.secrets) {
        const held = d.keyPackages.get(toHex(s.newMember));
        if (held === undefined) continue;
        try {
          const joined = await joinGroup(h.welcome, held.publicPackage, held.privatePackage, emptyPskIndex, d.suite, undefined, undefined, d.config);
          if (equalBytes(joined.groupContext.groupId, groupId)) states.push(joined);
        } catch {
          // a welcome this copy cannot open
        }
      }
      continue;
    }
    if (!isFramed(h)) continue;
    const next: ClientState[] = [];
    for (const s of states) {
      try {
        const res = s.groupActiveState.kind === 'active' ? await processMessage(h, s, emptyPskIndex, () => 'accept', d.suite) : undefined;
        next.push(res?.kind === 'newState' && res.actionTaken === 'accept' ? res.newState : s);
      } catch {
        next.push(s);
      }
    }
    states = next;
  }
  for (const s of states) {
    try {
      const res = await processMessage(m, s, emptyPskIndex, rejectAll, d.suite);
      if (res.kind === 'applicationMessage') return res.message;
    } catch {
      // not opened from this start
    }
  }
  return undefined;
}
