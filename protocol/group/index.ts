// Group rooms in privacy mode: sender keys over pairwise sessions, membership as signed
// end-to-end operations with a running transcript hash, rekey on change. Public surface.
export type { GroupContext, GroupIdentity, GroupStep, PairwisePeer, PairwiseSend } from './context.ts';
export { GroupRefusal, groupEventsOf, isDivergenceEvent, type GroupEvent, type GroupEventKind } from './events.ts';
export { createGroup, addMember, removeMember, type NewMember } from './operations.ts';
export { receivePairwise } from './pairwise.ts';
export { encryptGroupMessage, type GroupSendResult } from './encrypt.ts';
export { decryptGroupMessage, receiveGroupMessage, type GroupReceived, type GroupReceipt } from './decrypt.ts';
export { findMember, membersDigest } from './membership.ts';
export { encodeGroupState, decodeGroupState, type GroupState, type MemberChains, type OwnSenderChain, type ReceivingChain } from '../wire/groupState.ts';
export type { GroupMember } from '../wire/groupMember.ts';
export { decodeGroupMessage, MAX_GROUP_MESSAGE_BYTES, type GroupMessage, type GroupMessageHeader } from '../wire/groupMessage.ts';
export { decodeGroupPairwise, MAX_GROUP_PAIRWISE_BYTES, type GroupPairwisePayload } from '../wire/groupPairwise.ts';
