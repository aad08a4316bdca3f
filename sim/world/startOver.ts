// A simulated phone whose store started over tells its contacts so (protocol/device/startOver.ts,
// docs/threat-model.md "Rollback"): at once, it opens a new session to every contact whose identity it
// kept, from the bundle the directory hands it, and sends a started-over content on it. Offline, the
// envelopes wait in its outbox until it is back (outbox.ts), as every message does.
import { contactsToTell, findContact, forgetUnheard, tellStartedOver, unheardStartOver, type DeviceContext, type DeviceState } from '../../protocol/device/index.ts';
import { SIGNED_PREKEY_GRACE_MS } from '../../protocol/limits.ts';
import { deviceId } from '../../protocol/ids.ts';

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
  for (const peer of contactsToTell(phone.state())) tell(phone, peer);
}

function tell(phone: StartOverHost, peer: string): void {
  // The bundle the directory handed over may name another identity than the one kept: a key change
  // for the user to acknowledge first (trust.ts), and nothing is sent until then.
  const id = deviceId(peer);
  if (!phone.ensureSession(peer) || !contactsToTell(phone.state()).includes(id)) return;
  const out = tellStartedOver(phone.state(), id, phone.ctx());
  phone.commit(out.device, []);
  phone.submit(peer, STARTED_OVER_ROOM, out.wire);
}

/** How often a contact still writing on a dropped session is told again: a server replaying junk gets one word an hour. */
const RETELL_INTERVAL_MS = 60 * 60_000;

/**
 * The phone refused a message from `peer` while its start-over setup to the peer is unanswered: the
 * word may be lost (an honest server expires what waits past its retention) or, made on prekeys the
 * peer has since erased, unopenable (protocol/device/startOver.ts unheardStartOver) — or merely still
 * on its way, behind the peer's older messages. At most once per RETELL_INTERVAL_MS the peer is told
 * again: on the same setup while the prekeys it used may still be kept (a word still on its way then
 * opens the same session), on one made from a freshly fetched bundle once SIGNED_PREKEY_GRACE_MS has
 * passed since the setup was made. `told` holds when the phone last told each contact again.
 */
export function tellAgainIfUnheard(phone: StartOverHost, peer: string, nowMs: number, told: Map<string, number>): void {
  const id = deviceId(peer);
  if (!unheardStartOver(phone.state(), id)) return;
  const last = told.get(peer);
  if (last !== undefined && nowMs - last < RETELL_INTERVAL_MS) return;
  told.set(peer, nowMs);
  const madeAt = findContact(phone.state(), id)?.sessions[0]?.createdAtMs ?? nowMs;
  if (nowMs - madeAt >= SIGNED_PREKEY_GRACE_MS) {
    const dropped = forgetUnheard(phone.state(), id);
    phone.commit(dropped.device, dropped.consumed);
  }
  tell(phone, peer);
}
