// A simulated phone whose store started over tells its contacts so (protocol/device/startOver.ts,
// docs/threat-model.md "Rollback"): at once, it opens a new session to every contact whose identity it
// kept, from the bundle the directory hands it, and sends a started-over content on it. Offline, the
// envelopes wait in its outbox until it is back (outbox.ts), as every message does.
import { contactsToTell, tellStartedOver, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';

/** The room id an announcement's envelope names: it belongs to no room (as `released` for held messages). */
const STARTED_OVER_ROOM = 'started-over';

/** What telling the contacts needs of its phone. */
export interface StartOverHost {
  state(): DeviceState;
  ctx(): DeviceContext;
  commit(next: DeviceState, consumed: readonly Uint8Array[]): void;
  /** A session to `peer`, from a fetched bundle when it holds none; false when none could be made (the log has the setup failure). */
  ensureSession(peer: string): boolean;
  /** Hands one pairwise envelope to the phone's outbox. */
  submit(peer: string, roomId: string, wire: Uint8Array): void;
}

/** Every contact the phone kept is told, each on a new session, that its store started over. */
export function tellContacts(phone: StartOverHost): void {
  for (const peer of contactsToTell(phone.state())) {
    // The bundle the directory handed over may name another identity than the one kept: a key change
    // for the user to acknowledge first (trust.ts), and nothing is sent until then.
    if (!phone.ensureSession(peer) || !contactsToTell(phone.state()).includes(peer)) continue;
    const out = tellStartedOver(phone.state(), peer, phone.ctx());
    phone.commit(out.device, []);
    phone.submit(peer, STARTED_OVER_ROOM, out.wire);
  }
}
