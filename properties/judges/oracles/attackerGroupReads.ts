// What a malicious server's own device learns of group rooms (docs/properties.md SEC-SERVER-BLIND):
// it runs the protocol's 1:1 receive code on every pairwise envelope the server relayed to the member
// it poses as, keeps every sender key those envelopes hand it — a dishonest device ignores whether it
// is in the room — and opens group messages with the protocol's own group decrypt. Nothing here
// decrypts by hand: the session layer, the group wire codecs and decryptGroupMessage do.
import { decodeContent } from '../../../protocol/content/content.ts';
import { unpad } from '../../../protocol/content/padding.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import { findContact, type DeviceState } from '../../../protocol/device/index.ts';
import { decodeGroupMessage, decodeGroupPairwise, decryptGroupMessage, type GroupState } from '../../../protocol/group/index.ts';
import { receivingFromDistribution } from '../../../protocol/group/senderChain.ts';
import { deviceId, roomId, userId, type DeviceId } from '../../../protocol/ids.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { receivePairwise } from '../../../protocol/session/receive.ts';
import { REFERENCE_FLAGS } from '../../../protocol/variant.ts';
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

interface Env {
  readonly provider: CryptoProvider;
  readonly rng: Drbg;
}

/** The sender chains an attacker device is handed over its 1:1 sessions, keyed by chain id (hex). */
function chainsHandedTo(env: Env, start: DeviceState, relayed: readonly RelayedPairwise[]): Map<string, { sender: DeviceId; chain: ReceivingChain }> {
  let device = start;
  const chains = new Map<string, { sender: DeviceId; chain: ReceivingChain }>();
  for (const r of relayed) {
    const message = attempt(() => decodePairwiseMessage(r.wire));
    const contact = findContact(device, deviceId(r.from));
    if (message === undefined || contact === undefined) continue;
    const got = receivePairwise({
      sessions: contact.sessions,
      ourIdentity: device.identity,
      preKeys: device.preKeys,
      message,
      requirePq: false,
      ctx: { provider: env.provider, rng: env.rng, nowMs: r.atMs, flags: REFERENCE_FLAGS },
      ids: { initiatorUser: userId(r.from), initiatorDevice: deviceId(r.from), responderUser: device.userId, responderDevice: device.deviceId },
    });
    if (!got.ok) continue;
    device = { ...device, contacts: device.contacts.map((c) => (c.deviceId === contact.deviceId ? { ...c, sessions: got.sessions } : c)) };
    const content = attempt(() => decodeContent(unpad(got.payload)));
    if (content?.kind !== 'group-control') continue;
    const payload = attempt(() => decodeGroupPairwise(content.payload));
    if (payload?.kind !== 'sender-key') continue;
    const chain = attempt(() => receivingFromDistribution(payload));
    if (chain !== undefined) chains.set(Buffer.from(payload.chainId).toString('hex'), { sender: payload.senderId, chain });
  }
  return chains;
}

/**
 * Labels of the group messages `start` (an attacker device posing as `posingAs`) opens with the sender
 * keys the relayed pairwise envelopes hand it. Each message is tried on the chain as it was handed
 * over, so a key the device would have had to spend on an earlier message still counts.
 */
export function attackerGroupReads(env: Env, start: DeviceState, posingAs: string, relayed: readonly RelayedPairwise[], messages: readonly RelayedGroupMessage[]): string[] {
  const chains = chainsHandedTo(env, start, relayed);
  if (chains.size === 0) return [];
  const opened: string[] = [];
  for (const m of messages) {
    const header = attempt(() => decodeGroupMessage(m.wire));
    const held = header === undefined ? undefined : chains.get(Buffer.from(header.chainId).toString('hex'));
    if (header === undefined || held === undefined || header.senderId !== held.sender || header.senderId === deviceId(posingAs)) continue;
    const state: GroupState = {
      roomId: roomId(header.roomId),
      self: deviceId(posingAs),
      members: [{ id: held.sender, identityKey: new Uint8Array(32), admin: false }],
      epoch: header.epoch,
      transcriptHash: header.transcriptHash,
      pastViews: [],
      ownChain: { chainId: new Uint8Array(16), chainKey: new Uint8Array(32), index: 0, signingSeed: new Uint8Array(32), signingPublic: new Uint8Array(32) },
      receiving: [{ memberId: held.sender, chains: [held.chain] }],
    };
    if (attempt(() => decryptGroupMessage({ provider: env.provider, rng: env.rng, nowMs: m.atMs, flags: REFERENCE_FLAGS }, state, m.wire)) !== undefined) opened.push(m.label);
  }
  return opened;
}
