// The reference's sender-key group rooms in the group-design benchmark (../groupDesigns.ts has how
// every case is measured): a room per size and provider, built once, each step repeated on its state.
import { encodeContent, decodeContent } from '../../../protocol/content/content.ts';
import { pad, unpad } from '../../../protocol/content/padding.ts';
import { getProvider, type ProviderName } from '../../../protocol/crypto/index.ts';
import { nativeProvider } from '../../../protocol/crypto/native.ts';
import { addMember, createGroup, decodeGroupPairwise, decryptGroupMessage, encryptGroupMessage, receivePairwise, removeMember } from '../../../protocol/group/index.ts';
import type { GroupContext, GroupIdentity, GroupState, NewMember, PairwisePeer, PairwiseSend } from '../../../protocol/group/index.ts';
import { generateIdentityKeyPair, type IdentityKeyPair } from '../../../protocol/identity/keyPair.ts';
import { deviceId, roomId } from '../../../protocol/ids.ts';
import { createDrbg } from '../../../protocol/random/drbg.ts';
import { sessionEncrypt } from '../../../protocol/session/encrypt.ts';
import { receivePairwise as sessionReceive } from '../../../protocol/session/receive.ts';
import type { Session } from '../../../protocol/session/session.ts';
import { REFERENCE_FLAGS } from '../../../protocol/variant.ts';
import { encodeGroupPairwise, SENDER_CHAIN_ID_BYTES, SENDER_CHAIN_KEY_BYTES } from '../../../protocol/wire/groupPairwise.ts';
import { decodePairwiseMessage, encodePairwiseMessage } from '../../../protocol/wire/pairwiseMessage.ts';
import { establishedPair, type SealroomParty } from '../../fixtures/sealroomPair.ts';
import { caseId } from '../../harness/ids.ts';
import type { BenchCase, BenchFn, ImplName } from '../../harness/types.ts';
import { SMALL_MESSAGE_BYTES } from '../protocol.ts';

import { DESIGN_OP_PREFIX, NOW_MS, plaintext, record } from './common.ts';

const ROOM = roomId('bench-group-designs');

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

export function skCases(provider: ProviderName, members: number): BenchCase[] {
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

/** Frees the sender-key rooms. */
export function releaseSenderKeyRooms(): void {
  skWorlds.clear();
  skIdentities.clear();
}
