// An in-memory ServerView over plain record lists: the reference meaning of
// "records about a target in a window" for tests and scenarios. The real server implements its own.
// A room's key entries are those of every user seen in that room's metadata.
import type { UserId } from '../../protocol/ids.ts';
import type { ContentRecord, KeyRecord, MetadataRecord, ServerView, WarrantTarget } from './serverView.ts';

export interface ServerRecords {
  readonly metadata: readonly MetadataRecord[];
  readonly content: readonly ContentRecord[];
  readonly keys: readonly KeyRecord[];
}

function about(target: WarrantTarget, r: { readonly from: UserId; readonly to: UserId; readonly roomId?: string }): boolean {
  return target.kind === 'user' ? r.from === target.userId || r.to === target.userId : r.roomId === target.roomId;
}

export function memoryServerView(records: ServerRecords): ServerView {
  const inWindow = (atMs: number, fromMs: number, toMs: number) => atMs >= fromMs && atMs < toMs;
  return {
    metadataRecords: (target, fromMs, toMs) => records.metadata.filter((r) => about(target, r) && inWindow(r.atMs, fromMs, toMs)),
    contentRecords: (target, fromMs, toMs) => records.content.filter((r) => about(target, r) && inWindow(r.atMs, fromMs, toMs)),
    keyRecords: (target) => {
      if (target.kind === 'user') return records.keys.filter((k) => k.userId === target.userId);
      const members = new Set<UserId>();
      for (const r of records.metadata) if (r.roomId === target.roomId) members.add(r.from).add(r.to);
      return records.keys.filter((k) => members.has(k.userId));
    },
  };
}
