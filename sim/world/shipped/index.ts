// The shipped-2014 engine in the simulated world (docs/weak-variants.md "shipped-2014"):
// the phone each party runs, the malicious server's kit, and the pieces the judges' oracle reuses
// (properties/judges/oracles/shipped2014.ts), so judging runs the model's own code.
import type { AttackerKit, Phone } from '../phone.ts';
import type { WorldPorts } from '../simDevice.ts';
import type { AttackerWorld as World } from '../phone.ts';
import { ShippedAttackers } from './attackers.ts';
import { ShippedPhone } from './phone.ts';

export { ShippedAttackers } from './attackers.ts';
export { chatMessageId, encryptChat, receiveChat, receiveChatByTrial, type ReceivedChat } from './chat.ts';
export { encodeFrame, readFrame, type Frame } from './frame.ts';
export { rsaIdentity } from './identity.ts';
export { ShippedPhone, MAX_SEEN_SERVER_IDS } from './phone.ts';
export { adoptRoomKey, startRoom } from './rooms.ts';
export { ROOM_STORE_PREFIX, fetchRoomKey, roomStoreId, storeRoomKey, storedRoomKeys, type StoredRoomKey } from './roomStore.ts';
export { findContact, findRoom, type ShippedContact, type ShippedInboxEntry, type ShippedRoom, type ShippedState } from './state.ts';
export { deserializeShipped, openShipped, sealShipped, serializeShipped } from './storeCodec.ts';

export function shippedPhone(ports: WorldPorts, user: string): Phone {
  return new ShippedPhone(ports, user);
}

export function shippedAttackers(world: World): AttackerKit {
  return new ShippedAttackers(world);
}
