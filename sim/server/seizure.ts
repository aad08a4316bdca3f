// What a seizure of the server takes (the threat model, docs/threat-model.md): the raw bytes of its storage medium
// (one item per live record in memory; the database, -wal and -journal files byte for byte on
// SQLite, where deleted records may still sit in free space), its backups, any archive it kept,
// and its own at-rest key.
import type { AtRestDisk } from './atRestDisk.ts';
import type { Backups } from './backups.ts';
import type { ByteArchive, LabelledBytes } from './byteArchive.ts';
import type { ServerSeizure } from './types.ts';

export function takeServerSeizure(atMs: number, disk: AtRestDisk, backups: Backups, archive: ByteArchive): ServerSeizure {
  const items: LabelledBytes[] = [];
  for (const f of disk.rawFiles()) items.push({ label: `disk/${f.label}`, bytes: f.bytes });
  for (const b of backups.all()) {
    for (const [label, sealed] of b.records) items.push({ label: `backup/${b.takenAtMs}/${label}`, bytes: sealed.slice() });
  }
  for (const a of archive.items()) items.push({ label: `archive/${a.label}`, bytes: a.bytes.slice() });
  return { atMs, items, atRestKeys: [disk.keyCopy()] };
}
