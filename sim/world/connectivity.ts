// A phone going off- or online, the same for every engine's phone: the change is logged once (the
// judges' offline spans) and the server is told, so it queues envelopes for the phone or delivers them.
import type { DeviceId } from '../../protocol/ids.ts';
import type { RunLog } from '../log/runLog.ts';
import type { Server } from '../server/server.ts';

/** Sets `phone.online`, logging a change and connecting or disconnecting it at the server. */
export function setConnected(w: { readonly log: RunLog; readonly server: Server }, phone: { readonly id: DeviceId; readonly user: string; online: boolean }, online: boolean): void {
  if (phone.online !== online) w.log.append({ kind: online ? 'came-online' : 'went-offline', user: phone.user });
  phone.online = online;
  if (online) w.server.connect(phone.id);
  else w.server.disconnect(phone.id);
}
