// RatchetEncrypt (Signal Double Ratchet spec §3.4): one step of the sending chain, a header with our
// ratchet key, PN and N, the AEAD under that message's own key, and the header tag under the chain's
// header key (headerTag.ts). The payload arrives padded.
import { requireBytes, wipe } from '../bytes.ts';
import { UsageError } from '../errors.ts';
import { MAX_RATCHET_PAYLOAD_BYTES, type RatchetHeader, type RatchetMessage } from '../wire/ratchetMessage.ts';
import { stepChain } from './chain.ts';
import { requireNowMs, type RatchetContext } from './context.ts';
import { headerTag } from './headerTag.ts';
import { sealWithSeed } from './messageCipher.ts';
import { pruneSkippedKeys } from './skipped.ts';
import { cloneRatchetState, type RatchetState } from './state.ts';

export interface RatchetEncryptResult {
  readonly state: RatchetState;
  readonly message: RatchetMessage;
}

/** Returns the next state (sharing no buffer with `state`) and the message. `state` is untouched. */
export function ratchetEncrypt(state: RatchetState, payload: Uint8Array, ctx: RatchetContext): RatchetEncryptResult {
  requireBytes(payload, 'payload');
  if (payload.length > MAX_RATCHET_PAYLOAD_BYTES) throw new UsageError(`payload: ${payload.length} bytes exceeds ${MAX_RATCHET_PAYLOAD_BYTES}`);
  const nowMs = requireNowMs(ctx.nowMs);
  const s = cloneRatchetState(state);
  const { sending } = s;
  const step = stepChain(ctx.provider, sending.chainKey, sending.counter, s.role, ctx.flags.ratchet);
  const header: RatchetHeader = {
    ratchetKey: sending.ratchetKeyPair.publicKey.slice(),
    previousCounter: s.previousCounter,
    counter: sending.counter,
  };
  const ciphertext = sealWithSeed(ctx.provider, step.seed, s.associatedData, header, payload);
  const tag = headerTag(ctx.provider, sending.headerKey, header, ciphertext);
  wipe(step.seed, sending.chainKey);
  return {
    state: {
      ...s,
      sending: { ...sending, chainKey: step.nextChainKey, counter: sending.counter + 1 },
      skipped: pruneSkippedKeys(s.skipped, nowMs),
    },
    message: { header, headerTag: tag, ciphertext },
  };
}
