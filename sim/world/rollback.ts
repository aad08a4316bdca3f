// A rollback (docs/threat-model.md "Rollback"): whoever copied a phone by its last steal-phone writes
// that copy back onto the phone's storage medium, and the phone restarts from it. With
// `forgeSaveCount`, the attacker first rewrites the save count the copy carries about itself, sealed
// with the storage key it stole, to a count no store reaches. What the phone then does is its engine's
// business (Phone.restore); the log records only what happened to it.
import { UsageError } from '../../protocol/errors.ts';
import { forgeSaveCount } from '../storage/forgedCopy.ts';
import type { World } from './world.ts';

export function rollBackPhone(world: World, user: string, forge: boolean): void {
  const thefts = world.log.of('phone-seized').filter((e) => e.seizure.purpose === 'thief' && e.seizure.user === user);
  const image = thefts[thefts.length - 1]?.seizure;
  if (image === undefined) throw new UsageError(`roll-back-phone: nobody stole ${user}'s phone before`);
  // A phone without a row store of its own (a device engine's, the 2014 model's) has no count to forge.
  const rows = image.medium;
  const medium = forge && rows !== undefined ? forgeSaveCount(world.provider, rows, image.storageKey, world.engine.stream(`rollback:forge:${user}`)) : rows;
  world.device(user).restore({ exported: structuredClone(image.exported), medium: medium?.map((r) => ({ label: r.label, sealed: r.sealed.slice() })) });
  world.log.append({ kind: 'phone-rolled-back', user, imageAtMs: image.atMs, forgedSaveCount: medium !== rows });
}
