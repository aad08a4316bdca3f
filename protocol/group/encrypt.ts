// Sending a group message (sender keys): the next seed of our own chain gives the ChaCha20-Poly1305
// key and nonce; the AD binds room, sender, epoch, transcript hash, chain and index; the chain's
// Ed25519 key signs header and ciphertext. The server relays the bytes to the room.
import { wipe } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { MAX_SENDER_CHAIN_INDEX } from '../limits.ts';
import { encodeGroupMessage, groupMessageAd, groupMessageSignedBytes, type GroupMessageHeader } from '../wire/groupMessage.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { GroupContext } from './context.ts';
import { padPlaintext } from './padding.ts';
import { messageKeys, stepChain } from './senderChain.ts';

export interface GroupSendResult {
  readonly state: GroupState;
  /** Broadcast bytes for the server to relay to the room. */
  readonly message: Uint8Array;
}

export function encryptGroupMessage(ctx: GroupContext, state: GroupState, plaintext: Uint8Array): GroupSendResult {
  const chain = state.ownChain;
  if (chain.index >= MAX_SENDER_CHAIN_INDEX) throw new UsageError('group sender chain exhausted: rekey first');
  const padded = padPlaintext(plaintext);
  const step = stepChain(ctx.provider, chain.chainKey);
  const header: GroupMessageHeader = {
    roomId: state.roomId,
    senderId: state.self,
    epoch: state.epoch,
    transcriptHash: state.transcriptHash,
    chainId: chain.chainId,
    index: chain.index,
  };
  const keys = messageKeys(ctx.provider, step.seed);
  const ciphertext = ctx.provider.chacha20poly1305.seal(keys.key, keys.nonce, padded, groupMessageAd(header));
  wipe(keys.key, keys.nonce, step.seed, padded);
  const signature = ctx.provider.ed25519Sign(chain.signingSeed, groupMessageSignedBytes(header, ciphertext));
  return {
    state: { ...state, ownChain: { ...chain, chainKey: step.next, index: chain.index + 1 } },
    message: encodeGroupMessage({ ...header, ciphertext, signature }),
  };
}
