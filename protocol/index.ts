// The public surface of the sealroom reference implementation of privacy mode (protocol/README.md,
// docs/architecture.md): device steps, identity, safety numbers, groups, sessions, wire codecs,
// errors, weak-variant flags, crypto providers, the DRBG and the named limits. Re-exports only.
// Where two folders use one name, the group or ratchet one is renamed here (GroupReceivingChain…).
export * from './device/index.ts';
export * from './identity/index.ts';
export * from './fingerprint/index.ts';
export * from './handshake/index.ts';
export * from './prekeys/index.ts';
export * from './errors.ts';
export * from './variant.ts';
export * from './limits.ts';
export * from './ids.ts';
export * from './crypto/index.ts';
export { nobleProvider } from './crypto/noble.ts';
export { nativeProvider } from './crypto/native.ts';
export type { Rng } from './random/rng.ts';
export { createDrbg, seedKey, type Drbg } from './random/drbg.ts';

// 1:1 sessions and the Double Ratchet.
export { sessionCodec, type Session } from './session/session.ts';
export { startOutgoingSession, type OutgoingSession } from './session/outgoing.ts';
export { sessionEncrypt, type SessionEncryptResult } from './session/encrypt.ts';
export { isStaleSession, peerAnswered, receivePairwise as receiveSessionMessage, type ReceiveParams, type SessionReceiveResult } from './session/receive.ts';
export {
  cloneRatchetState,
  decodeRatchetMessage,
  decodeRatchetState,
  deriveMessageKeys,
  encodeRatchetMessage,
  encodeRatchetState,
  initInitiator,
  initResponder,
  kdfChainKey,
  kdfRootKey,
  MAX_RATCHET_PAYLOAD_BYTES,
  MAX_RATCHET_STATE_BYTES,
  pruneExpiredSkippedKeys,
  RATCHET_STATE_VERSION,
  ratchetDecrypt,
  RatchetDecryptError,
  ratchetEncrypt,
  ratchetReceive,
  wipeRatchetState,
  type InitiatorInit,
  type MessageKeys,
  type RatchetContext,
  type RatchetEncryptResult,
  type RatchetHeader,
  type RatchetKeyPair,
  type RatchetMessage,
  type RatchetReceiveResult,
  type RatchetRole,
  type RatchetState,
  type ReceivingChain as RatchetReceivingChain,
  type ResponderInit,
  type SendingChain,
  type SkippedKey,
} from './ratchet/index.ts';
export { ratchetSecrets, type ClosedChain } from './ratchet/state.ts';

// Group rooms.
export {
  addMember,
  createGroup,
  decodeGroupMessage,
  decodeGroupPairwise,
  decodeGroupState,
  decryptGroupMessage,
  encodeGroupState,
  encryptGroupMessage,
  findMember,
  GroupRefusal,
  groupEventsOf,
  isDivergenceEvent,
  MAX_GROUP_MESSAGE_BYTES,
  MAX_GROUP_PAIRWISE_BYTES,
  membersDigest,
  receiveGroupMessage,
  receivePairwise as receiveGroupPairwise,
  removeMember,
  type GroupContext,
  type GroupEvent,
  type GroupEventKind,
  type GroupIdentity,
  type GroupMember,
  type GroupMessage,
  type GroupMessageHeader,
  type GroupPairwisePayload,
  type GroupReceipt,
  type GroupReceived,
  type GroupSendResult,
  type GroupState,
  type GroupStep,
  type MemberChains,
  type NewMember,
  type OwnSenderChain,
  type PairwisePeer,
  type PairwiseSend,
  type ReceivingChain as GroupReceivingChain,
} from './group/index.ts';
export { GROUP_STATE_VERSION, type SkippedGroupKey } from './wire/groupState.ts';

// Wire formats: messages, setup headers and bundles.
export { decodePairwiseMessage, encodePairwiseMessage, type PairwiseMessage, type PreKeyPairwiseMessage, type RatchetPairwiseMessage } from './wire/pairwiseMessage.ts';
export { decodeInitialMessage, encodeInitialMessage, INITIAL_MESSAGE_VERSION, MAX_INITIAL_MESSAGE_BYTES, type InitialMessage, type InitialMessageKem } from './wire/initialMessage.ts';
export {
  decodePreKeyBundle,
  encodePreKeyBundle,
  MAX_PREKEY_BUNDLE_BYTES,
  PREKEY_BUNDLE_VERSION,
  type KemPreKeyPublic,
  type OneTimePreKeyPublic,
  type PreKeyBundle,
  type SignedPreKeyPublic,
} from './wire/preKeyBundle.ts';

// What travels inside a ciphertext.
export {
  CONTENT_VERSION,
  decodeContent,
  encodeContent,
  MAX_CONTENT_BYTES,
  type Content,
  type Evaporation,
  type GroupControlContent,
  type StartedOverContent,
  type TextContent,
} from './content/content.ts';
export { MAX_PADDED_BYTES, pad, paddedLength, unpad } from './content/padding.ts';
