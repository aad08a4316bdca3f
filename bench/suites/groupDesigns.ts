// Two group designs in one run, at 10, 100 and 1,000 members: the reference's sender keys
// (protocol/group, carried as the device layer carries it over 1:1 sessions) and RFC 9420 MLS
// (engines/mls: ts-mls behind its worker bridge). Every room is built once, untimed, and kept for all
// the cases of its size; each timed call runs one operation on that same prepared state.
//
// Sender keys run on both providers: `sender-keys` is the noble reference (pure TypeScript, the same
// crypto family as the MLS engine's suite, so the ratio compares designs rather than libraries) and
// `sender-keys-native` is node:crypto. The steps are pure, so a call repeats on one state. Pairwise
// envelopes are encrypted and opened on ONE representative established session, always from the same
// session state: every envelope costs what the next message on its own session would cost, without
// setting up N real PQXDH sessions. Opening one is a receive after a change of direction (one DH
// ratchet step), which is what a rekey is: every pair of members sends one key each way.
//
// MLS steps change state, so a call that needs fresh input gets it outside the timed window, and the
// call reports only the operation's own duration to the harness (tinybench's `overriddenDuration`):
// the committer's commit is discarded after it is timed (its state is then as before), a member's
// processing runs on a clone imported from that member's exported state, and a receive opens a
// message sent just before it. The room is a "cold" tree, built the fast way: the creator adds
// everyone in one commit, then two members join from that welcome (one processes commits, the other
// sends). In a cold tree a commit with a path encrypts to almost every leaf (O(N)); a tree that every
// member has updated once would need about log2(N) encryptions instead. Building such a tree at 1,000
// members takes a live device per member and is not done here.
//
// Byte counts are recorded while cases are prepared and reported as size rows (groupDesignSizes), so
// only the rows whose cases ran appear.
import { encodeContent, decodeContent } from '../../protocol/content/content.ts';
import { pad, unpad } from '../../protocol/content/padding.ts';
import { getProvider, type ProviderName } from '../../protocol/crypto/index.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { addMember, createGroup, decodeGroupPairwise, decryptGroupMessage, encryptGroupMessage, receivePairwise, removeMember } from '../../protocol/group/index.ts';
import type { GroupContext, GroupIdentity, GroupState, NewMember, PairwisePeer, PairwiseSend } from '../../protocol/group/index.ts';
import { generateIdentityKeyPair, type IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import { deviceId, roomId } from '../../protocol/ids.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { sessionEncrypt } from '../../protocol/session/encrypt.ts';
import { receivePairwise as sessionReceive } from '../../protocol/session/receive.ts';
import type { Session } from '../../protocol/session/session.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import { encodeGroupPairwise, SENDER_CHAIN_ID_BYTES, SENDER_CHAIN_KEY_BYTES } from '../../protocol/wire/groupPairwise.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import type { PeerAddress } from '../../engines/contract.ts';
import type { MlsDevice, MlsDeviceEngine } from '../../engines/mls/contract.ts';
import { mlsEngine } from '../../engines/mls/engine.ts';
import { establishedPair, type SealroomParty } from '../fixtures/sealroomPair.ts';
import { caseId, designSizeId, type GroupDesign } from '../harness/ids.ts';
import type { BenchCase, BenchFn, ImplName, SizeResult } from '../harness/types.ts';
import { SMALL_MESSAGE_BYTES } from './protocol.ts';

/** Room sizes compared. */
const DESIGN_SIZES = [10, 100, 1_000] as const;
/** Every case of this file has an op starting with this, so `--filter group.designs` runs exactly them. */
const DESIGN_OP_PREFIX = 'designs.';

const ROOM = roomId('bench-group-designs');
const MLS_ROOM = 'bench-group-designs';
const NOW_MS = 1_000;
/** Any seed will do for a clone: processing a commit or a welcome draws no randomness. */
const CLONE_SEED = new Uint8Array(32).fill(7);

const plaintext = createDrbg('bench/group-designs/plaintext').bytes(SMALL_MESSAGE_BYTES);

// ---- recorded byte counts -------------------------------------------------------------------------

const sizes = new Map<string, SizeResult>();

function record(metric: string, members: number, design: GroupDesign, label: string, bytes: number, note: string): void {
  const id = designSizeId(metric, members, design);
  sizes.set(id, { id, label: `${label}, ${members} members`, impl: design, bytes, note });
}

/** The byte counts recorded by the cases prepared so far in this process, in the order they were made. */
export function groupDesignSizes(): SizeResult[] {
  return [...sizes.values()];
}

// ---- sender keys ----------------------------------------------------------------------------------

interface SkMember {
  readonly peer: PairwisePeer;
  readonly record: NewMember;
  readonly pair: IdentityKeyPair;
}

interface SkWorld {
  readonly members: number;
  readonly ctx: GroupContext;
  readonly admin: { readonly identity: GroupIdentity; readonly peer: PairwisePeer; readonly state: GroupState };
  /** The first non-admin member, joined and holding the admin's sender key. */
  readonly member: { readonly peer: PairwisePeer; readonly state: GroupState };
  /** Everyone in the room, admin first. */
  readonly roster: readonly SkMember[];
  /** Not in the room; the add cases add it. */
  readonly newcomer: SkMember;
  /** Who the remove cases remove: the last member. */
  readonly removed: PairwisePeer;
  /** One established 1:1 session: `alice` encrypts every envelope, `bob` opens them. */
  readonly carrier: { readonly alice: SealroomParty; readonly bob: SealroomParty };
}

const skIdentities = new Map<number, SkMember[]>();
const skWorlds = new Map<string, SkWorld>();

/** N + 1 identities (the last one is the newcomer); made with node:crypto, since the key bytes do not depend on the provider. */
function skIdentitiesFor(members: number): SkMember[] {
  let list = skIdentities.get(members);
  if (list === undefined) {
    const rng = createDrbg(`bench/group-designs/sender-keys/${members}`);
    list = Array.from({ length: members + 1 }, (_, i) => {
      const id = deviceId(`u${String(i).padStart(4, '0')}`);
      const pair = generateIdentityKeyPair(nativeProvider, rng.fork(id));
      const { sign, dh, binding } = pair.publicKey;
      return { pair, peer: { id, identityKey: sign, dh }, record: { id, identityKey: sign, dh, binding } };
    });
    skIdentities.set(members, list);
  }
  return list;
}

function buildSkWorld(provider: ProviderName, members: number): SkWorld {
  const ctx: GroupContext = { provider: getProvider(provider), rng: createDrbg(`bench/group-designs/sender-keys/${provider}/${members}`), nowMs: NOW_MS, flags: REFERENCE_FLAGS };
  const everyone = skIdentitiesFor(members);
  const roster = everyone.slice(0, members);
  const admin = roster[0] as SkMember;
  const first = roster[1] as SkMember;
  const identity: GroupIdentity = { id: admin.peer.id, signingSeed: admin.pair.signSeed };
  const created = createGroup(
    ctx,
    identity,
    ROOM,
    roster.map((m) => m.record),
  );
  if (created.state === null) throw new Error('group designs: createGroup gave no state');
  let memberState: GroupState | null = null;
  for (const send of created.outgoing) if (send.to === first.peer.id) memberState = receivePairwise(ctx, first.peer, memberState, admin.peer, send.payload).state;
  if (memberState === null) throw new Error('group designs: the member did not join');
  const { alice, bob } = establishedPair(ctx.provider, `bench/group-designs/carrier/${provider}/${members}`);
  return {
    members,
    ctx,
    admin: { identity, peer: admin.peer, state: created.state },
    member: { peer: first.peer, state: memberState },
    roster,
    newcomer: everyone[members] as SkMember,
    removed: (roster[members - 1] as SkMember).peer,
    carrier: { alice, bob },
  };
}

function skWorldFor(provider: ProviderName, members: number): SkWorld {
  const key = `${provider}/${members}`;
  let w = skWorlds.get(key);
  if (w === undefined) {
    w = buildSkWorld(provider, members);
    skWorlds.set(key, w);
  }
  return w;
}

/** One pairwise envelope as the device layer makes it: group-control content, padded, one ratchet step, wire encoding. */
function envelope(w: SkWorld, payload: Uint8Array): Uint8Array {
  const { alice } = w.carrier;
  const content = encodeContent({ kind: 'group-control', roomId: ROOM, payload });
  return encodePairwiseMessage(sessionEncrypt(alice.sessions[0] as Session, pad(content), alice.ctx).message);
}

/** Encrypts every payload a step produced; returns how many envelopes and their bytes. */
function carry(w: SkWorld, sends: readonly PairwiseSend[]): { readonly count: number; readonly bytes: number } {
  let bytes = 0;
  for (const s of sends) bytes += envelope(w, s.payload).length;
  return { count: sends.length, bytes };
}

/** Opens one envelope on the receiving side of the carrier session and returns the group payload. */
function open(w: SkWorld, wire: Uint8Array): Uint8Array {
  const { bob } = w.carrier;
  const r = sessionReceive({ sessions: bob.sessions, ourIdentity: bob.identity, preKeys: bob.preKeys, message: decodePairwiseMessage(wire), requirePq: true, ctx: bob.ctx });
  if (!r.ok) throw new Error(`group designs: envelope refused (${r.error.code})`);
  const content = decodeContent(unpad(r.payload));
  if (content.kind !== 'group-control') throw new Error('group designs: envelope is not group control');
  return content.payload;
}

function payloadFor(sends: readonly PairwiseSend[], to: PairwisePeer, what: string): Uint8Array {
  const payload = sends.find((s) => s.to === to.id)?.payload;
  if (payload === undefined) throw new Error(`group designs: no ${what} for ${to.id}`);
  return payload;
}

function skAdd(w: SkWorld) {
  return addMember(w.ctx, w.admin.identity, w.admin.state, w.newcomer.record);
}

function skRemove(w: SkWorld) {
  return removeMember(w.ctx, w.admin.identity, w.admin.state, w.removed.id);
}

/** The add's bytes: the admin's envelopes, one member's, the newcomer's, and the room's total. */
function recordSkAddBytes(w: SkWorld, adminOut: readonly PairwiseSend[], memberOut: readonly PairwiseSend[], newcomerOut: readonly PairwiseSend[], welcome: Uint8Array): void {
  const n = w.members;
  const admin = carry(w, adminOut);
  const member = carry(w, memberOut);
  const newcomer = carry(w, newcomerOut);
  const total = admin.bytes + (n - 1) * member.bytes + newcomer.bytes;
  const envelopes = admin.count + (n - 1) * member.count + newcomer.count;
  record('add.welcome', n, 'sender-keys', 'sender keys: welcome envelope to the newcomer', envelope(w, welcome).length, 'one pairwise envelope carrying the signed add and the whole member list');
  record(
    'add.upload',
    n,
    'sender-keys',
    'sender keys: add, the admin sends',
    admin.bytes,
    `${admin.count} pairwise envelopes: the signed add to the ${n - 1} other members, the welcome, the admin's fresh sender key to ${n} members`,
  );
  record(
    'add.member-upload',
    n,
    'sender-keys',
    'sender keys: add, one existing member sends',
    member.bytes,
    `${member.count} pairwise envelopes: its fresh sender key to every other member of the new view`,
  );
  record(
    'add.total',
    n,
    'sender-keys',
    'sender keys: add, every envelope in the room',
    total,
    `${envelopes} pairwise envelopes: the admin's ${admin.count} + ${n - 1} members × ${member.count} (one member measured; every member's are the same size) + the newcomer's ${newcomer.count} (its sender key)`,
  );
}

function recordSkRemoveBytes(w: SkWorld, adminOut: readonly PairwiseSend[], memberOut: readonly PairwiseSend[]): void {
  const n = w.members;
  const admin = carry(w, adminOut);
  const member = carry(w, memberOut);
  const total = admin.bytes + (n - 2) * member.bytes;
  const envelopes = admin.count + (n - 2) * member.count;
  record(
    'remove.upload',
    n,
    'sender-keys',
    'sender keys: remove, the admin sends',
    admin.bytes,
    `${admin.count} pairwise envelopes: the signed removal to the ${n - 1} others (the removed member included), the admin's fresh sender key to the ${n - 2} who remain`,
  );
  record(
    'remove.member-upload',
    n,
    'sender-keys',
    'sender keys: remove, one remaining member sends',
    member.bytes,
    `${member.count} pairwise envelopes: its fresh sender key to every other remaining member`,
  );
  record(
    'remove.total',
    n,
    'sender-keys',
    'sender keys: remove, every envelope in the room',
    total,
    `${envelopes} pairwise envelopes: the admin's ${admin.count} + ${n - 2} remaining members × ${member.count} (one member measured; every member's are the same size)`,
  );
}

function skImpl(provider: ProviderName): ImplName {
  return provider === 'noble' ? 'sender-keys' : 'sender-keys-native';
}

const providerNote = (provider: ProviderName): string => (provider === 'noble' ? 'noble provider' : 'native provider');

function skCase(provider: ProviderName, op: string, members: number, unit: string, heavy: boolean, make: (w: SkWorld) => BenchFn): BenchCase {
  const impl = skImpl(provider);
  const fullOp = `${DESIGN_OP_PREFIX}${op}`;
  return {
    id: caseId('group', fullOp, { members }, impl),
    suite: 'group',
    op: fullOp,
    impl,
    params: { members },
    unit: `${unit} (${providerNote(provider)})`,
    heavy,
    prepare: () => make(skWorldFor(provider, members)),
  };
}

function skCases(provider: ProviderName, members: number): BenchCase[] {
  const big = members >= 100;
  return [
    skCase(provider, 'send', members, 'group message sent: pad, encrypt and sign 64 B', false, (w) => {
      const sent = encryptGroupMessage(w.ctx, w.admin.state, plaintext).message;
      record(
        'message',
        members,
        'sender-keys',
        'sender keys: group message, 64 B plaintext',
        sent.length,
        'one group message (padded to 128 B, signed); the server relays the same bytes to every member',
      );
      return () => encryptGroupMessage(w.ctx, w.admin.state, plaintext);
    }),
    skCase(provider, 'receive', members, 'group message received by one member: verify and decrypt', false, (w) => {
      const sent = encryptGroupMessage(w.ctx, w.admin.state, plaintext).message;
      return () => {
        if (decryptGroupMessage(w.ctx, w.member.state, sent).plaintext.length !== SMALL_MESSAGE_BYTES) throw new Error('group designs: wrong plaintext');
      };
    }),
    skCase(provider, 'add', members, 'add by the admin: signed op, welcome, fresh sender key, every pairwise envelope encrypted', big, (w) => () => {
      carry(w, skAdd(w).outgoing);
    }),
    skCase(provider, 'add-process', members, 'one existing member processes the add: open the envelope, verify the op, fresh sender key encrypted to every other member', big, (w) => {
      const step = skAdd(w);
      const opPayload = payloadFor(step.outgoing, w.member.peer, 'add op');
      const memberStep = receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, opPayload);
      const welcome = payloadFor(step.outgoing, w.newcomer.peer, 'welcome');
      const joined = receivePairwise(w.ctx, w.newcomer.peer, null, w.admin.peer, welcome);
      recordSkAddBytes(w, step.outgoing, memberStep.outgoing, joined.outgoing, welcome);
      const wire = envelope(w, opPayload);
      return () => {
        const s = receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, open(w, wire));
        carry(w, s.outgoing);
      };
    }),
    skCase(
      provider,
      'join',
      members,
      'the newcomer joins: open the welcome envelope, check it, fresh sender key encrypted to every member (taking in the members’ keys is not included; remove-catch-up shows that cost)',
      big,
      (w) => {
        const wire = envelope(w, payloadFor(skAdd(w).outgoing, w.newcomer.peer, 'welcome'));
        return () => {
          const s = receivePairwise(w.ctx, w.newcomer.peer, null, w.admin.peer, open(w, wire));
          if (s.state === null) throw new Error('group designs: the newcomer did not join');
          carry(w, s.outgoing);
        };
      },
    ),
    skCase(provider, 'remove', members, 'removal by the admin: signed op, fresh sender key, every pairwise envelope encrypted', big, (w) => () => {
      carry(w, skRemove(w).outgoing);
    }),
    skCase(
      provider,
      'remove-process',
      members,
      'one remaining member processes the removal: open the envelope, verify the op, fresh sender key encrypted to every other remaining member',
      big,
      (w) => {
        const step = skRemove(w);
        const opPayload = payloadFor(step.outgoing, w.member.peer, 'removal op');
        recordSkRemoveBytes(w, step.outgoing, receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, opPayload).outgoing);
        const wire = envelope(w, opPayload);
        return () => {
          const s = receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, open(w, wire));
          carry(w, s.outgoing);
        };
      },
    ),
    skCase(
      provider,
      'remove-catch-up',
      members,
      'one remaining member’s whole catch-up after a removal: remove-process, then the fresh sender keys of the other N−2 remaining members (open each envelope, install the chain)',
      big,
      (w) => {
        const step = skRemove(w);
        const opWire = envelope(w, payloadFor(step.outgoing, w.member.peer, 'removal op'));
        const after = receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, payloadFor(step.outgoing, w.member.peer, 'removal op')).state;
        if (after === null) throw new Error('group designs: the member left the room');
        // The admin's real distribution, and for every other remaining member the distribution it would
        // send: same fields, same view, a fresh random chain (what distributeOwnChain encodes).
        const adminKey = step.outgoing.find((s) => s.to === w.member.peer.id && decodeGroupPairwise(s.payload).kind === 'sender-key')?.payload;
        if (adminKey === undefined) throw new Error('group designs: the removal gave the member no fresh sender key');
        const rng = createDrbg(`bench/group-designs/catch-up/${members}`);
        const keys = w.roster
          .filter((m) => m.peer.id !== w.member.peer.id && m.peer.id !== w.removed.id)
          .map((m) => {
            const payload =
              m.peer.id === w.admin.peer.id
                ? adminKey
                : encodeGroupPairwise({
                    kind: 'sender-key',
                    roomId: ROOM,
                    senderId: m.peer.id,
                    epoch: after.epoch,
                    transcriptHash: after.transcriptHash,
                    chainId: rng.bytes(SENDER_CHAIN_ID_BYTES),
                    index: 0,
                    chainKey: rng.bytes(SENDER_CHAIN_KEY_BYTES),
                    signingPublic: nativeProvider.ed25519PublicKey(rng.bytes(32)),
                  });
            return { peer: m.peer, wire: envelope(w, payload) };
          });
        return () => {
          const processed = receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, open(w, opWire));
          carry(w, processed.outgoing);
          let s = processed.state;
          for (const { peer, wire } of keys) s = receivePairwise(w.ctx, w.member.peer, s, peer, open(w, wire)).state;
          if (s === null || s.receiving.length !== keys.length) throw new Error('group designs: the catch-up did not install every chain');
        };
      },
    ),
  ];
}

// ---- MLS ------------------------------------------------------------------------------------------

interface MlsWorld {
  readonly members: number;
  readonly engine: MlsDeviceEngine;
  /** The creator: it commits (adds, removes, updates) and sends. */
  readonly alice: MlsDevice;
  /** Joined from the bulk welcome; its exported state is cloned to process commits. */
  readonly bob: MlsDevice;
  readonly bobState: Uint8Array;
  /** Joined from the bulk welcome; sends the messages bob receives. */
  readonly carol: MlsDevice;
  /** Not in the room: its key package is the one every add adds, its exported state is cloned to join. */
  readonly newcomer: PeerAddress;
  readonly newcomerKeyPackage: Uint8Array;
  readonly newcomerState: Uint8Array;
  /** Who the remove cases remove: the last leaf. */
  readonly removed: PeerAddress;
}

const mlsWorlds = new Map<number, MlsWorld>();

function ok<T extends { readonly ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`group designs: mls ${what} refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

function buildMlsWorld(members: number): MlsWorld {
  const engine = mlsEngine();
  const rng = createDrbg(`bench/group-designs/mls/${members}`);
  const address = (i: number): PeerAddress => ({ user: `u${String(i).padStart(4, '0')}`, device: 1 });
  const devices = Array.from({ length: members + 1 }, (_, i) => engine.createDevice(address(i), NOW_MS, rng.fork(`device ${i}`).bytes(32)));
  const [alice, bob, carol] = devices as [MlsDevice, MlsDevice, MlsDevice];
  const newcomer = devices[members] as MlsDevice;
  ok(alice.createGroup(MLS_ROOM, NOW_MS), 'createGroup');
  const rest = devices.slice(1, members);
  const keyPackages = rest.map((d) => ({ peer: d.address, keyPackage: d.keyPackage(NOW_MS).bytes }));
  // Leaves that never act need no live device once their key package is made.
  for (const d of rest.slice(2)) d.release();
  const bulk = ok(alice.add(MLS_ROOM, keyPackages, NOW_MS), 'bulk add');
  ok(alice.confirm(MLS_ROOM, bulk.commit), 'confirm');
  if (bulk.welcome === undefined) throw new Error('group designs: bulk add gave no welcome');
  ok(bob.join(bulk.welcome, NOW_MS), 'join');
  ok(carol.join(bulk.welcome, NOW_MS), 'join');
  const newcomerKeyPackage = newcomer.keyPackage(NOW_MS).bytes;
  const newcomerState = newcomer.exportState();
  newcomer.release();
  return {
    members,
    engine,
    alice,
    bob,
    bobState: bob.exportState(),
    carol,
    newcomer: newcomer.address,
    newcomerKeyPackage,
    newcomerState,
    removed: address(members - 1),
  };
}

function mlsWorldFor(members: number): MlsWorld {
  let w = mlsWorlds.get(members);
  if (w === undefined) {
    w = buildMlsWorld(members);
    mlsWorlds.set(members, w);
  }
  return w;
}

/** Times `op` alone; `after` (untimed) puts the state back. */
function timedOnly(op: () => void, after: () => void): { overriddenDuration: number } {
  const t0 = performance.now();
  try {
    op();
    return { overriddenDuration: performance.now() - t0 };
  } finally {
    after();
  }
}

function mlsAdd(w: MlsWorld) {
  return ok(w.alice.add(MLS_ROOM, [{ peer: w.newcomer, keyPackage: w.newcomerKeyPackage }], NOW_MS), 'add');
}

type Commit = 'add' | 'remove' | 'update';

/** A commit by alice, then forgotten by her (it stays valid for a clone of bob at the same epoch). */
function mlsCommit(w: MlsWorld, kind: Commit): { readonly commit: Uint8Array; readonly welcome?: Uint8Array } {
  const made = kind === 'add' ? mlsAdd(w) : kind === 'remove' ? ok(w.alice.remove(MLS_ROOM, [w.removed], NOW_MS), 'remove') : ok(w.alice.update(MLS_ROOM, NOW_MS), 'update');
  w.alice.discardPending(MLS_ROOM);
  const n = w.members;
  const note = kind === 'add' ? 'an add-only commit (no update path)' : `a commit with an update path, cold tree (the path encrypted to ~${n - 1} leaves)`;
  record(`${kind}.commit`, n, 'mls-ts', `MLS: ${kind} commit`, made.commit.length, `${note}; the server relays the same bytes to the ${n - 1} other members`);
  if (kind === 'add' && made.welcome !== undefined) {
    record('add.welcome', n, 'mls-ts', 'MLS: welcome to the newcomer', made.welcome.length, 'the welcome for one newcomer, with the whole ratchet tree inline');
    record('add.upload', n, 'mls-ts', 'MLS: add, the committer sends', made.commit.length + made.welcome.length, 'commit + welcome, each sent once to the server');
    record('add.total', n, 'mls-ts', 'MLS: add, every byte delivered', (n - 1) * made.commit.length + made.welcome.length, `the commit to the ${n - 1} other members + the welcome to the newcomer`);
  } else if (kind !== 'add') {
    record(`${kind}.upload`, n, 'mls-ts', `MLS: ${kind}, the committer sends`, made.commit.length, 'the commit, sent once to the server');
    const to = kind === 'remove' ? `the ${n - 1} other members (the removed one included, so it learns it is out)` : `the ${n - 1} other members`;
    record(`${kind}.total`, n, 'mls-ts', `MLS: ${kind}, every byte delivered`, (n - 1) * made.commit.length, `the commit to ${to}`);
  }
  return made;
}

function mlsCase(op: string, members: number, unit: string, heavy: boolean, make: (w: MlsWorld) => BenchFn): BenchCase {
  const fullOp = `${DESIGN_OP_PREFIX}${op}`;
  return {
    id: caseId('group', fullOp, { members }, 'mls-ts'),
    suite: 'group',
    op: fullOp,
    impl: 'mls-ts',
    params: { members },
    unit: `${unit} (ts-mls through the worker bridge, cold tree)`,
    heavy,
    prepare: () => make(mlsWorldFor(members)),
  };
}

/** A clone of a member imported from `state`, released after `op` has been timed on it. */
function onClone(w: MlsWorld, state: Uint8Array, op: (clone: MlsDevice) => void): { overriddenDuration: number } {
  const clone = w.engine.importDevice(state, CLONE_SEED);
  return timedOnly(
    () => op(clone),
    () => clone.release(),
  );
}

function mlsCases(members: number): BenchCase[] {
  const heavy = members >= 100;
  const processCase = (kind: Commit, unit: string) =>
    mlsCase(`${kind}-process`, members, unit, heavy, (w) => {
      const { commit } = mlsCommit(w, kind);
      return () => onClone(w, w.bobState, (clone) => ok(clone.processCommit(MLS_ROOM, commit, NOW_MS), 'processCommit'));
    });
  const commitCase = (kind: Commit, unit: string) =>
    mlsCase(
      kind,
      members,
      unit,
      heavy,
      (w) => () =>
        timedOnly(
          () => {
            const made = kind === 'add' ? mlsAdd(w) : kind === 'remove' ? ok(w.alice.remove(MLS_ROOM, [w.removed], NOW_MS), 'remove') : ok(w.alice.update(MLS_ROOM, NOW_MS), 'update');
            if (made.commit.length === 0) throw new Error('group designs: empty commit');
          },
          () => w.alice.discardPending(MLS_ROOM),
        ),
    );
  return [
    mlsCase('send', members, 'application message sent, 64 B', false, (w) => {
      record(
        'message',
        members,
        'mls-ts',
        'MLS: application message, 64 B plaintext',
        ok(w.alice.send(MLS_ROOM, plaintext), 'send').message.length,
        'one PrivateMessage; the server relays the same bytes to every member',
      );
      return () => ok(w.alice.send(MLS_ROOM, plaintext), 'send');
    }),
    mlsCase('receive', members, 'application message received by one member (the next message from its sender, sent untimed just before)', false, (w) => () => {
      const message = ok(w.carol.send(MLS_ROOM, plaintext), 'send').message;
      return timedOnly(
        () => {
          if (ok(w.bob.receive(MLS_ROOM, message), 'receive').plaintext.length !== SMALL_MESSAGE_BYTES) throw new Error('group designs: wrong plaintext');
        },
        () => undefined,
      );
    }),
    commitCase('add', 'add one member: the commit and its welcome (then discarded, untimed)'),
    processCase('add', 'one existing member processes the add commit (on a clone of its state, imported untimed)'),
    mlsCase('join', members, 'the newcomer joins from the welcome: the whole tree checked (on a clone of its state, imported untimed)', heavy, (w) => {
      const { welcome } = mlsCommit(w, 'add');
      if (welcome === undefined) throw new Error('group designs: add gave no welcome');
      return () => onClone(w, w.newcomerState, (clone) => ok(clone.join(welcome, NOW_MS), 'join'));
    }),
    commitCase('remove', 'remove one member: the commit with a fresh path (then discarded, untimed)'),
    processCase('remove', 'one remaining member processes the removal commit (on a clone of its state, imported untimed)'),
    commitCase('update', 'self-update: an empty commit with a fresh path (then discarded, untimed)'),
    processCase('update', 'one member processes the self-update commit (on a clone of its state, imported untimed)'),
  ];
}

/** Every case, by room size: sender keys on noble, on native, then MLS. */
export function groupDesignCases(): BenchCase[] {
  return DESIGN_SIZES.flatMap((members) => [...skCases('noble', members), ...skCases('native', members), ...mlsCases(members)]);
}

/** Frees the rooms and stops the MLS workers; the recorded byte counts stay for the size rows. */
export function releaseGroupDesignWorlds(): void {
  skWorlds.clear();
  skIdentities.clear();
  for (const w of mlsWorlds.values()) w.engine.close();
  mlsWorlds.clear();
}
