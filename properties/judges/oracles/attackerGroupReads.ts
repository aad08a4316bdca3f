// What a malicious server's own device learns of group rooms (docs/properties.md SEC-SERVER-BLIND):
// it runs the protocol's 1:1 receive code on every pairwise envelope the server relayed to the member
// it poses as, keeps every sender key those envelopes hand it — a dishonest device ignores whether it
// is in the room — and opens group messages with the protocol's own group decrypt. Nothing here
// decrypts by hand: the session layer, the group wire codecs and decryptGroupMessage do.
import { decodeContent } from '../../../protocol/content/content.ts';
import { unpad } from '../../../protocol/content/padding.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import type { DeviceState } from '../../../protocol/device/index.ts';
import { findContact, newContact, withContact } from '../../../protocol/device/contacts.ts';
import { decodeGroupMessage, decodeGroupPairwise, decryptGroupMessage, type GroupState } from '../../../protocol/group/index.ts';
import { receivingFromDistribution } from '../../../protocol/group/senderChain.ts';
import { deviceId, roomId, userId, type DeviceId } from '../../../protocol/ids.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { receivePairwise } from '../../../protocol/session/receive.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../../../protocol/variant.ts';
import type { ReceivingChain } from '../../../protocol/wire/groupState.ts';
import { decodePairwiseMessage } from '../../../protocol/wire/pairwiseMessage.ts';
import { attempt } from './trials.ts';

/** A pairwise envelope the server relayed to the member an attacker device poses as, in relay order. */
export interface RelayedPairwise {
  readonly from: string;
  readonly wire: Uint8Array;
  readonly atMs: number;
}

/** A group message the server relayed, by the label the judge reports. */
export interface RelayedGroupMessage {
  readonly label: string;
  readonly wire: Uint8Array;
  readonly atMs: number;
}

export interface GroupReadEnv {
  readonly provider: CryptoProvider;
  readonly rng: Drbg;
  /** The receive code's configuration: the reference's for the server's own devices. */
  readonly flags?: ProtocolFlags;
}

/** Sender chains handed to a device over its 1:1 sessions, keyed by chain id (hex). */
export type HandedChains = Map<string, { sender: DeviceId; chain: ReceivingChain }>;

/** The sender chains `start` is handed over its 1:1 sessions when it runs the protocol's receive code over `relayed`, in order. */
export function chainsHandedTo(env: GroupReadEnv, start: DeviceState, relayed: readonly RelayedPairwise[]): HandedChains {
  let device = start;
  const chains: HandedChains = new Map();
  const flags = env.flags ?? REFERENCE_FLAGS;
  for (const r of relayed) {
    const message = attempt(() => decodePairwiseMessage(r.wire));
    if (message === undefined) continue;
    // A member that started its session on a bundle the server substituted is a contact the attacker
    // device has not met yet: it answers as the responder, with the prekey secrets of its bundle.
    const contact = findContact(device, deviceId(r.from)) ?? newContact(deviceId(r.from), userId(r.from));
    const got = receivePairwise({
      sessions: contact.sessions,
      ourIdentity: device.identity,
      preKeys: device.preKeys,
      message,
      requirePq: false,
      ctx: { provider: env.provider, rng: env.rng, nowMs: r.atMs, flags },
      ids: { initiatorUser: userId(r.from), initiatorDevice: deviceId(r.from), responderUser: device.userId, responderDevice: device.deviceId },
    });
    if (!got.ok) continue;
    device = { ...withContact(device, { ...contact, sessions: got.sessions }), preKeys: got.preKeys };
    const content = attempt(() => decodeContent(unpad(got.payload)));
    if (content?.kind !== 'group-control') continue;
    const payload = attempt(() => decodeGroupPairwise(content.payload));
    if (payload?.kind !== 'sender-key') continue;
    const chain = attempt(() => receivingFromDistribution(payload));
    if (chain !== undefined) chains.set(Buffer.from(payload.chainId).toString('hex'), { sender: payload.senderId, chain });
  }
  return chains;
}

/** Labels of the group messages `start` (an attacker device posing as `posingAs`) opens with the sender keys the relayed pairwise envelopes hand it. */
export function attackerGroupReads(env: GroupReadEnv, start: DeviceState, posingAs: string, relayed: readonly RelayedPairwise[], messages: readonly RelayedGroupMessage[]): string[] {
  return groupMessagesOpened(env, chainsHandedTo(env, start, relayed), posingAs, messages);
}

/**
 * Labels of the group `messages` the `chains` open for a device called `self`, each tried on its chain
 * as it was handed over (a key that would have been spent on an earlier message still counts) and
 * with the message's own epoch and transcript adopted: whoever holds a chain ignores the room's view.
 * `self`'s own messages count only with `readsOwn` (a thief holding its victim's own sender chain).
 */
export function groupMessagesOpened(env: GroupReadEnv, chains: HandedChains, self: string, messages: readonly RelayedGroupMessage[], readsOwn = false): string[] {
  if (chains.size === 0) return [];
  const opened: string[] = [];
  for (const m of messages) {
    const header = attempt(() => decodeGroupMessage(m.wire));
    const held = header === undefined ? undefined : chains.get(Buffer.from(header.chainId).toString('hex'));
    if (header === undefined || held === undefined || header.senderId !== held.sender || (!readsOwn && header.senderId === deviceId(self))) continue;
    const state: GroupState = {
      roomId: roomId(header.roomId),
      // The group decrypt refuses a message from `self` as an echo: the reader of its own chain is someone else.
      self: held.sender === deviceId(self) ? deviceId(`${self} (copy)`) : deviceId(self),
      members: [{ id: held.sender, identityKey: new Uint8Array(32), admin: false }],
      epoch: header.epoch,
      transcriptHash: header.transcriptHash,
      pastViews: [],
      ownChain: { chainId: new Uint8Array(16), chainKey: new Uint8Array(32), index: 0, signingSeed: new Uint8Array(32), signingPublic: new Uint8Array(32), createdAtMs: 0 },
      receiving: [{ memberId: held.sender, chains: [held.chain] }],
    };
    if (attempt(() => decryptGroupMessage({ provider: env.provider, rng: env.rng, nowMs: m.atMs, flags: REFERENCE_FLAGS }, state, m.wire)) !== undefined) opened.push(m.label);
  }
  return opened;
}
