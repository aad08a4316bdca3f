// Group-room benchmarks, both providers. Group steps are pure, so each timed call runs on the same prepared state:
// send = the sender encrypts one 64 B message; receive = one member decrypts one in-order message;
// rekey = the remover's removeMember step, or one remaining member's processing of that removal, each
// followed by encrypting every pairwise payload it produced (op and sender keys) on a 1:1 session.
// Pairwise carrier cost is measured on ONE representative established session (sessionEncrypt is pure,
// and its cost does not depend on which peer it is for): setting up N real PQXDH sessions would time the
// fixture, not the rekey.
import { encodeContent } from '../../protocol/content/content.ts';
import { pad } from '../../protocol/content/padding.ts';
import { getProvider, PROVIDER_NAMES, type CryptoProvider, type ProviderName } from '../../protocol/crypto/index.ts';
import { createGroup, decryptGroupMessage, encryptGroupMessage, receivePairwise, removeMember } from '../../protocol/group/index.ts';
import type { GroupContext, GroupIdentity, GroupState, PairwisePeer, PairwiseSend } from '../../protocol/group/index.ts';
import { deviceId, roomId } from '../../protocol/ids.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { sessionEncrypt } from '../../protocol/session/encrypt.ts';
import type { Session } from '../../protocol/session/session.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import { encodePairwiseMessage } from '../../protocol/wire/pairwiseMessage.ts';
import { establishedPair } from '../fixtures/sealroomPair.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase, BenchFn } from '../harness/types.ts';
import { implOf } from './primitives.ts';
import { SMALL_MESSAGE_BYTES } from './protocol.ts';

const GROUP_SIZES = [2, 16, 128, 1_000] as const;
const ROOM = roomId('bench-group');

interface GroupWorld {
  readonly ctx: GroupContext;
  readonly admin: { readonly identity: GroupIdentity; readonly peer: PairwisePeer; readonly state: GroupState };
  /** The first non-admin member, joined and holding the admin's sender key. */
  readonly member: { readonly peer: PairwisePeer; readonly state: GroupState };
  /** Who the remover removes: the last member (the only other one in a 2-member room). */
  readonly removed: PairwisePeer;
  readonly carrier: { session: Session; readonly ctx: GroupContext };
}

const worlds = new Map<string, GroupWorld>();

function commitAll(ctx: GroupContext, self: PairwisePeer, from: PairwisePeer, sends: readonly PairwiseSend[], state: GroupState | null): GroupState {
  let s = state;
  for (const send of sends) if (send.to === self.id) s = receivePairwise(ctx, self, s, from, send.payload).state;
  if (s === null) throw new Error('group bench: member did not join');
  return s;
}

function buildWorld(provider: CryptoProvider, members: number): GroupWorld {
  const rng = createDrbg(`bench/group/${members}`);
  const ctx: GroupContext = { provider, rng, nowMs: 1_000, flags: REFERENCE_FLAGS };
  const ids = Array.from({ length: members }, (_, i) => deviceId(`m${String(i).padStart(4, '0')}`));
  const seeds = ids.map((id) => rng.fork(id).bytes(32));
  const peers: PairwisePeer[] = ids.map((id, i) => ({ id, identityKey: provider.ed25519PublicKey(seeds[i] as Uint8Array) }));
  const adminPeer = peers[0] as PairwisePeer;
  const memberPeer = peers[1] as PairwisePeer;
  const identity: GroupIdentity = { id: adminPeer.id, signingSeed: seeds[0] as Uint8Array };
  const created = createGroup(ctx, identity, ROOM, peers);
  if (created.state === null) throw new Error('group bench: createGroup gave no state');
  const memberState = commitAll(ctx, memberPeer, adminPeer, created.outgoing, null);
  const { alice } = establishedPair(provider, `bench/group/carrier/${members}`);
  return {
    ctx,
    admin: { identity, peer: adminPeer, state: created.state },
    member: { peer: memberPeer, state: memberState },
    removed: peers[members - 1] as PairwisePeer,
    carrier: { session: alice.sessions[0] as Session, ctx: alice.ctx },
  };
}

function worldFor(provider: ProviderName, members: number): GroupWorld {
  const key = `${provider}/${members}`;
  let w = worlds.get(key);
  if (w === undefined) {
    w = buildWorld(getProvider(provider), members);
    worlds.set(key, w);
  }
  return w;
}

/** Encrypts each pairwise payload as the device layer would (group-control content, padded, one ratchet step). */
function carryAll(w: GroupWorld, sends: readonly PairwiseSend[]): number {
  let bytes = 0;
  for (const s of sends) {
    const content = encodeContent({ kind: 'group-control', roomId: ROOM, payload: s.payload });
    bytes += encodePairwiseMessage(sessionEncrypt(w.carrier.session, pad(content), w.carrier.ctx).message).length;
  }
  return bytes;
}

function groupCase(provider: ProviderName, op: string, members: number, unit: string, make: (w: GroupWorld) => BenchFn): BenchCase {
  const impl = implOf(provider);
  const params = { members, bytes: SMALL_MESSAGE_BYTES };
  return {
    id: caseId('group', op, { members }, impl),
    suite: 'group',
    op,
    impl,
    params: op.startsWith('rekey') ? { members } : params,
    unit,
    heavy: op.startsWith('rekey') && members >= 128,
    prepare: () => make(worldFor(provider, members)),
  };
}

function casesAt(provider: ProviderName, members: number): BenchCase[] {
  const plaintext = createDrbg('bench/group/plaintext').bytes(SMALL_MESSAGE_BYTES);
  return [
    groupCase(provider, 'send', members, 'group message sent (encrypt + sign, 64 B)', (w) => () => encryptGroupMessage(w.ctx, w.admin.state, plaintext)),
    groupCase(provider, 'receive', members, 'group message received by one member (verify + decrypt)', (w) => {
      const sent = encryptGroupMessage(w.ctx, w.admin.state, plaintext).message;
      return () => {
        if (decryptGroupMessage(w.ctx, w.member.state, sent).plaintext.length !== SMALL_MESSAGE_BYTES) throw new Error('group: wrong plaintext');
      };
    }),
    groupCase(provider, 'rekey-remover', members, 'removal by an admin: signed op, fresh chain, every pairwise payload encrypted', (w) => () => {
      const step = removeMember(w.ctx, w.admin.identity, w.admin.state, w.removed.id);
      carryAll(w, step.outgoing);
    }),
    groupCase(provider, 'rekey-member', members, 'one remaining member processes the removal: verify op, fresh chain, pairwise payloads encrypted', (w) => {
      const removal = removeMember(w.ctx, w.admin.identity, w.admin.state, w.removed.id);
      const opPayload = removal.outgoing.find((s) => s.to === w.member.peer.id)?.payload;
      if (opPayload === undefined) throw new Error('group: no op for the member');
      return () => {
        const step = receivePairwise(w.ctx, w.member.peer, w.member.state, w.admin.peer, opPayload);
        carryAll(w, step.outgoing);
      };
    }),
  ];
}

export function groupCases(): BenchCase[] {
  return PROVIDER_NAMES.flatMap((provider) => GROUP_SIZES.flatMap((members) => casesAt(provider, members)));
}

/** Frees the cached rooms (after the group suite, so later suites and the RSS figure do not carry them). */
export function releaseGroupWorlds(): void {
  worlds.clear();
}
