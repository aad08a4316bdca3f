// The Double Ratchet for 1:1 privacy mode (Signal Double Ratchet spec, libsignal KDF conventions):
// session start from a handshake's (rootKey, chainKey), encrypt, decrypt, and the stored-state codec.
export type { RatchetContext } from './context.ts';
export type { RatchetKeyPair, RatchetRole, RatchetState, ReceivingChain, SendingChain, SkippedKey } from './state.ts';
export { cloneRatchetState, wipeRatchetState } from './state.ts';
export { initInitiator, initResponder, type InitiatorInit, type ResponderInit } from './init.ts';
export { ratchetEncrypt, type RatchetEncryptResult } from './encrypt.ts';
export { ratchetDecrypt, ratchetReceive, RatchetDecryptError, type RatchetReceiveResult } from './decrypt.ts';
export { pruneExpiredSkippedKeys } from './skipped.ts';
export { decodeRatchetState, encodeRatchetState, MAX_RATCHET_STATE_BYTES, RATCHET_STATE_VERSION } from './stateCodec.ts';
export { deriveMessageKeys, kdfChainKey, kdfRootKey, type MessageKeys } from './kdf.ts';
export {
  decodeRatchetMessage,
  encodeRatchetMessage,
  MAX_RATCHET_PAYLOAD_BYTES,
  type RatchetHeader,
  type RatchetMessage,
} from '../wire/ratchetMessage.ts';
