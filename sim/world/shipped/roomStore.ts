// The server's store of wrapped room secrets (docs/weak-variants.md "shipped-2014": it "stores the
// wrapped secret and hands it back when the room is reopened"), kept in the key directory as the
// pseudo-device `room:R` owned by R's creator: on the at-rest disk, seized with the server.
import { deviceId, userId, type DeviceId } from '../../../protocol/ids.ts';
import { ROOM_KEY_MESSAGE_BYTES } from '../../../protocol/variants/shipped2014/index.ts';
import type { Server } from '../../server/index.ts';

/**
 * Directory ids of stored rooms. A warrant for a user's keys returns the rooms they made; a
 * `withhold-bundle` of `room:R` is the server deleting R, which forces a fresh, interceptable exchange.
 */
const ROOM_STORE_PREFIX = 'room:';

export const roomStoreId = (roomId: string): DeviceId => deviceId(`${ROOM_STORE_PREFIX}${roomId}`);

export interface StoredRoomKey {
  readonly roomId: string;
  /** Who made the room (their half is `self`, the other member's is `peer`). */
  readonly creator: string;
  readonly roomKeyMessage: Uint8Array;
}

/** The creator hands the server the room-key message to keep (replacing an earlier one). */
export function storeRoomKey(server: Server, stored: StoredRoomKey): void {
  server.publish({ deviceId: roomStoreId(stored.roomId), userId: userId(stored.creator), base: stored.roomKeyMessage, oneTime: [], kemOneTime: [] });
}

/** What the server hands back when `requester` reopens the room; undefined: none (or withheld). */
export function fetchRoomKey(server: Server, requester: DeviceId, roomId: string): StoredRoomKey | undefined {
  const got = server.fetchBundle(requester, roomStoreId(roomId));
  if (got === undefined || got.base.length !== ROOM_KEY_MESSAGE_BYTES) return undefined;
  return { roomId, creator: got.userId, roomKeyMessage: got.base };
}

/** Every room-key message the server holds for rooms made by `creators` (its own read: no fetch is logged). */
export function storedRoomKeys(server: Server, creators: readonly string[]): StoredRoomKey[] {
  const view = server.view();
  return creators.flatMap((creator) =>
    view
      .keyRecords({ kind: 'user', userId: userId(creator) })
      .filter((e) => e.deviceId.startsWith(ROOM_STORE_PREFIX) && e.base.length === ROOM_KEY_MESSAGE_BYTES)
      .map((e) => ({ roomId: e.deviceId.slice(ROOM_STORE_PREFIX.length), creator, roomKeyMessage: e.base.slice() })),
  );
}
