// Receiving a group message (sender keys): refuse anything from outside our member set or from
// another view (reported as events), and an index past MAX_GROUP_MESSAGE_INDEX; then verify the
// chain's signature before touching any key, step the chain within the jump bound, open the AEAD,
// and commit only if everything passed, keeping the room within MAX_GROUP_ROOM_SKIPPED_KEYS.
// The message key never enters the returned state (view-once is handled by the device store).
import { equalBytes, wipe } from '../bytes.ts';
import { isProtocolError, ProtocolError } from '../errors.ts';
import type { DeviceId } from '../ids.ts';
import { MAX_GROUP_MESSAGE_INDEX } from '../limits.ts';
import { decodeGroupMessage, groupMessageAd, groupMessageSignedBytes } from '../wire/groupMessage.ts';
import type { GroupState, MemberChains } from '../wire/groupState.ts';
import type { GroupContext } from './context.ts';
import { groupEventsOf, refuse, type GroupEvent } from './events.ts';
import { findMember } from './membership.ts';
import { unpadPlaintext } from './padding.ts';
import { boundRoomSkippedKeys } from './roomSkipped.ts';
import { advanceReceivingChain, messageKeys } from './senderChain.ts';
import { checkPeerView } from './view.ts';

export interface GroupReceived {
  readonly state: GroupState;
  readonly sender: DeviceId;
  readonly plaintext: Uint8Array;
  readonly events: readonly GroupEvent[];
}

/** Throws a ProtocolError (a GroupRefusal carrying events where the user should be told); `state` is never modified. */
export function decryptGroupMessage(ctx: GroupContext, state: GroupState, bytes: Uint8Array): GroupReceived {
  const m = decodeGroupMessage(bytes);
  if (m.roomId !== state.roomId) refuse('GROUP_VIEW_MISMATCH', 'group message: another room');
  if (m.senderId === state.self) throw new ProtocolError('DUPLICATE_MESSAGE', 'group message: our own message echoed');
  // SEC-GROUP: a sender the server injected is not in our member set.
  if (findMember(state.members, m.senderId) === undefined) {
    refuse('NOT_A_MEMBER', `group message from ${m.senderId}: not in our member set`, { kind: 'unknown-sender', from: m.senderId });
  }
  const match = checkPeerView(state, m.senderId, m.epoch, m.transcriptHash);
  const at = state.receiving.findIndex((r) => r.memberId === m.senderId);
  const chains = at >= 0 ? (state.receiving[at] as MemberChains).chains : [];
  const pos = chains.findIndex((c) => equalBytes(c.chainId, m.chainId));
  const chain = chains[pos];
  if (chain === undefined) throw new ProtocolError('NO_SENDER_KEY', `group message from ${m.senderId}: unknown chain`);
  // No honest sender reaches this index (encrypt stops one below); accepting it would make the chain's next index overflow its u32 field.
  if (m.index > MAX_GROUP_MESSAGE_INDEX) throw new ProtocolError('INVALID_MESSAGE', `group message from ${m.senderId}: index ${m.index} past the end of a chain`);
  // SEC-INTEGRITY: the signature is checked before any chain step, so forged input costs no state.
  if (!ctx.provider.ed25519Verify(chain.signingPublic, groupMessageSignedBytes(m, m.ciphertext), m.signature)) {
    throw new ProtocolError('BAD_SIGNATURE', `group message from ${m.senderId}: bad signature`);
  }
  const advanced = advanceReceivingChain(ctx.provider, chain, m.index, ctx.nowMs);
  const keys = messageKeys(ctx.provider, advanced.seed);
  let padded: Uint8Array;
  try {
    padded = ctx.provider.chacha20poly1305.open(keys.key, keys.nonce, m.ciphertext, groupMessageAd(m));
  } finally {
    wipe(keys.key, keys.nonce);
  }
  const plaintext = unpadPlaintext(padded);
  wipe(padded);
  const entry: MemberChains = { memberId: m.senderId, chains: chains.map((c, i) => (i === pos ? advanced.chain : c)) };
  const events: GroupEvent[] = match === 'past' && pos === 0 ? [{ kind: 'sender-behind', from: m.senderId, epoch: m.epoch }] : [];
  const receiving = boundRoomSkippedKeys(state.receiving.map((r, i) => (i === at ? entry : r)));
  return { state: { ...state, receiving }, sender: m.senderId, plaintext, events };
}

export type GroupReceipt =
  | { readonly accepted: true; readonly state: GroupState; readonly sender: DeviceId; readonly plaintext: Uint8Array; readonly events: readonly GroupEvent[] }
  | { readonly accepted: false; readonly state: GroupState; readonly error: ProtocolError; readonly events: readonly GroupEvent[] };

/** decryptGroupMessage for a device loop: a refusal comes back as data with its events (state unchanged). */
export function receiveGroupMessage(ctx: GroupContext, state: GroupState, bytes: Uint8Array): GroupReceipt {
  try {
    return { accepted: true, ...decryptGroupMessage(ctx, state, bytes) };
  } catch (e) {
    if (!isProtocolError(e)) throw e;
    return { accepted: false, state, error: e, events: groupEventsOf(e) };
  }
}
