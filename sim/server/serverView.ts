// The read-only view the warrant code queries (sim/authority/): metadata, content and key records
// for a user or a room, as the server itself could read them with its at-rest key. Content is the
// stored end-to-end ciphertext envelopes (live, retained, in backups, in an archive), never plaintext.
import type { DeviceId } from '../../protocol/ids.ts';
import type { AtRestDisk } from './atRestDisk.ts';
import type { Backups } from './backups.ts';
import type { ByteArchive } from './byteArchive.ts';
import type { KeyDirectory } from './directory.ts';
import { decodeStoredEnvelope, type Envelope, type StoredEnvelope } from './envelope.ts';
import type { EnvelopeStore } from './envelopeStore.ts';
import type { MetadataLog, MetadataRecord } from './metadataLog.ts';
import type { ContentRecord, ContentSource, KeyRecord, ServerView, Target } from './types.ts';

export interface ViewSources {
  readonly disk: AtRestDisk;
  readonly store: EnvelopeStore;
  readonly backups: Backups;
  readonly archive: ByteArchive;
  readonly metadata: MetadataLog;
  readonly directory: KeyDirectory;
}

/** Archive labels under which a curious server keeps whole envelopes. */
export const ARCHIVED_ENVELOPE_PREFIX = 'envelope/';

export function createServerView(src: ViewSources): ServerView {
  const involves = (target: Target, from: DeviceId, to: DeviceId, roomId: string | undefined): boolean =>
    target.kind === 'room' ? roomId === target.roomId : src.directory.userOf(from) === target.userId || src.directory.userOf(to) === target.userId;
  const envelopeInvolves = (t: Target, e: Envelope): boolean => involves(t, e.from, e.to, e.roomId);

  return {
    metadataRecords(target, fromMs, toMs) {
      return src.metadata.all().filter((r) => r.atMs >= fromMs && r.atMs < toMs && involves(target, r.from, r.to, r.roomId));
    },
    contentRecords(target, fromMs, toMs) {
      const found = new Map<string, ContentRecord>();
      const add = (s: StoredEnvelope | undefined, source: ContentSource): void => {
        if (s === undefined || found.has(s.serverId) || s.storedAtMs < fromMs || s.storedAtMs >= toMs || !envelopeInvolves(target, s.envelope)) return;
        found.set(s.serverId, { ...s, source });
      };
      for (const r of src.store.liveRecords()) add(src.store.read(r.serverId), 'storage');
      for (const r of src.store.retainedRecords()) add(src.store.read(r.serverId), 'retained');
      for (const b of src.backups.all()) {
        for (const [label, sealed] of b.records) if (label.startsWith('record/')) add(decodeStoredEnvelope(src.disk.open(label, sealed)), 'backup');
      }
      for (const item of src.archive.items()) if (item.label.startsWith(ARCHIVED_ENVELOPE_PREFIX)) add(decodeStoredEnvelope(item.bytes), 'archive');
      return [...found.values()];
    },
    keyRecords(target) {
      const devices = target.kind === 'user' ? src.directory.devicesOf(target.userId) : roomDevices(src, target.roomId);
      return devices.map((d) => src.directory.entry(d)).filter((e): e is KeyRecord => e !== undefined);
    },
    userOf(deviceId) {
      return src.directory.userOf(deviceId);
    },
  };
}

/** Devices the server has seen in a room: senders and recipients in its metadata log and live storage. */
function roomDevices(src: ViewSources, roomId: string): DeviceId[] {
  const seen = new Set<DeviceId>();
  const note = (r: { from: DeviceId; to: DeviceId; roomId?: string }): void => {
    if (r.roomId !== roomId) return;
    seen.add(r.from);
    seen.add(r.to);
  };
  src.metadata.all().forEach((r: MetadataRecord) => note(r));
  for (const r of src.store.liveRecords()) note(r);
  return [...seen];
}
