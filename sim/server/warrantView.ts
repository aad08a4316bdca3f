// The server as the authority's warrant code sees it (sim/authority/serverView.ts): the server's
// own view (sim/server/serverView.ts) with devices mapped to their users through the directory,
// content as (envelope id, time, users, room, ciphertext body), keys as encoded directory entries.
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import type * as Authority from '../authority/serverView.ts';
import { encodeDirectoryEntry } from './directoryEntry.ts';
import type { ServerView } from './types.ts';

/** Adapts the server's view to the warrant code's interface. A device the directory does not know stands for itself as a user id. */
export function warrantView(view: ServerView): Authority.ServerView {
  const user = (d: DeviceId): UserId => view.userOf(d) ?? (d as string as UserId);
  return {
    metadataRecords(target, fromMs, toMs) {
      return view.metadataRecords(target, fromMs, toMs).map((r) => ({
        atMs: r.atMs,
        from: user(r.from),
        to: user(r.to),
        kind: r.kind,
        sizeBucket: r.sizeBucket,
        ...(r.roomId === undefined ? {} : { roomId: r.roomId }),
      }));
    },
    contentRecords(target, fromMs, toMs) {
      return view.contentRecords(target, fromMs, toMs).map(({ envelope: e, storedAtMs }) => ({
        envelopeId: e.id,
        atMs: storedAtMs,
        from: user(e.from),
        to: user(e.to),
        body: e.body,
        ...(e.roomId === undefined ? {} : { roomId: e.roomId }),
      }));
    },
    keyRecords(target) {
      return view.keyRecords(target).map((k) => ({ deviceId: k.deviceId, userId: k.userId, bytes: encodeDirectoryEntry(k) }));
    },
  };
}
