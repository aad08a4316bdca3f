// The key trial of a held sender chain (docs/properties.md SEC-PCS, SEC-GROUP): whoever holds a
// chain key holds every later message key on it, whatever chain id or signing key a message names.
// So a dishonest holder steps each key it holds forward (within MAX_GROUP_FORWARD_JUMP) to the
// message's index and tries the AEAD alone, with the protocol's own chain step, key derivation and
// associated data — which catches a rekey that hands out the old chain key under a new id.
import { wipe } from '../../../protocol/bytes.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import { messageKeys, stepChain } from '../../../protocol/group/senderChain.ts';
import { MAX_GROUP_FORWARD_JUMP } from '../../../protocol/limits.ts';
import { decodeGroupMessage, groupMessageAd } from '../../../protocol/wire/groupMessage.ts';
import { attempt } from './trials.ts';

/** A chain as a holder keeps it: the key for message `index`, and the seeds of messages it skipped. */
export interface HeldChainKey {
  readonly chainKey: Uint8Array;
  readonly index: number;
  readonly skipped: readonly { readonly seed: Uint8Array }[];
}

function opensWithSeed(provider: CryptoProvider, seed: Uint8Array, m: ReturnType<typeof decodeGroupMessage>): boolean {
  const keys = messageKeys(provider, seed);
  try {
    return attempt(() => provider.chacha20poly1305.open(keys.key, keys.nonce, m.ciphertext, groupMessageAd(m))) !== undefined;
  } finally {
    wipe(keys.key, keys.nonce);
  }
}

/** Whether any of `chains` opens the group message `wire`, by its keys alone. */
export function heldChainsOpen(provider: CryptoProvider, chains: readonly HeldChainKey[], wire: Uint8Array): boolean {
  const m = attempt(() => decodeGroupMessage(wire));
  if (m === undefined) return false;
  for (const chain of chains) {
    if (chain.skipped.some((k) => opensWithSeed(provider, k.seed, m))) return true;
    if (m.index < chain.index || m.index - chain.index > MAX_GROUP_FORWARD_JUMP) continue;
    let chainKey = chain.chainKey;
    for (let i = chain.index; i < m.index; i++) chainKey = stepChain(provider, chainKey).next;
    if (opensWithSeed(provider, stepChain(provider, chainKey).seed, m)) return true;
  }
  return false;
}
