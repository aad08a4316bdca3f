// What a phone's user is shown, as every session engine's phone records it: a user-event in the run's
// log, and the world's live index of the warnings shown (which SentCopy.warnedBefore reads).
import type { DeviceEvent } from '../../protocol/device/index.ts';
import type { RunLog } from '../log/runLog.ts';

/** Appends a user-visible event to the log and keeps the world's index of warnings shown. */
export function noteUserEvent(w: { readonly log: RunLog; readonly warned: Set<string> }, device: string, event: DeviceEvent): void {
  w.log.append({ kind: 'user-event', device, event });
  if ((event.kind === 'key-change' || event.kind === 'verification-failed') && 'peer' in event) w.warned.add(`${device}>${event.peer}`);
}
