// A rollback (docs/threat-model.md "rollback"): whoever copied a phone by its last steal-phone writes
// that copy back onto the phone's storage medium, and the phone restarts from it. What the phone then
// does is its engine's business (Phone.restore); the log records only what happened to it.
import { UsageError } from '../../protocol/errors.ts';
import type { World } from './world.ts';

export function rollBackPhone(world: World, user: string): void {
  const thefts = world.log.of('phone-seized').filter((e) => e.seizure.purpose === 'thief' && e.seizure.user === user);
  const image = thefts[thefts.length - 1]?.seizure;
  if (image === undefined) throw new UsageError(`roll-back-phone: nobody stole ${user}'s phone before`);
  world.device(user).restore(structuredClone(image.exported), image.generation);
  world.log.append({ kind: 'phone-rolled-back', user, imageAtMs: image.atMs });
}
