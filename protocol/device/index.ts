// A privacy-mode device: the one owner of a phone's live state (1:1 sessions and group rooms), built from pure steps.
export * from './state.ts';
export type { DeviceContext } from './context.ts';
export { createDevice, refillPreKeys, DEFAULT_DEVICE_CONFIG, DEFAULT_ONE_TIME_PREKEYS, type NewDevice } from './create.ts';
export { findContact } from './contacts.ts';
export { openSession, acknowledgeKeyChange, verifySafetyNumber, contactSafetyNumber, type TrustStep } from './trust.ts';
export { sendText, sendControl, releaseHeld, type SendOutcome } from './send.ts';
export { receiveMessage, type ReceiveOutcome } from './receive.ts';
export { viewMessage, expireMessages, type EvaporateStep } from './evaporate.ts';
export { serializeDevice, deserializeDevice, sealDevice, openDevice, STORAGE_KEY_BYTES } from './store.ts';
export { createRoom, addRoomMember, removeRoomMember, turnOverSenderKeyIfDue, type RoomMember, type RoomStep } from './groupRooms.ts';
export { sendGroupControl, peersNeedingSession, applyGroupControl, type ControlWire, type GroupCarry, type GroupControlOutcome } from './groupControl.ts';
export { sendGroupText, receiveGroupText, type GroupSendStep, type GroupReceiveOutcome } from './groupText.ts';
export { findGroup } from './groupStore.ts';
export { maintainPreKeys, type PreKeyMaintenance, type PreKeyPublication, type ServerPreKeyCounts } from './prekeyMaintenance.ts';
export { expireSkippedKeys, type SkippedKeyExpiry } from './expireSkippedKeys.ts';
export { contactsToTell, forgetUnheard, tellStartedOver, unheardStartOver } from './startOver.ts';
export { isRolledBack, openRestoredStore, storeDigest, watermarkOf, type RestoredStore, type StoredCopy, type StoreWatermark, type TrustRecord } from './rollback.ts';
