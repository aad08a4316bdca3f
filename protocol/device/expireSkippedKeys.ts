// Skipped message keys at rest (Double Ratchet spec §3.5 MKSKIPPED, "delete skipped keys after an
// appropriate interval"): erase, in every 1:1 session and every group sender chain, the skipped keys
// older than SKIPPED_KEY_TTL_MS / GROUP_SKIPPED_KEY_TTL_MS, so a phone seized later does not hold them.
//
// Always on, whatever the flags: the ratchet already drops expired keys on each of its own steps and
// refuses them MESSAGE_EXPIRED, so this step changes no outcome; it only makes the erasure happen
// on a timer too, for a session that has gone quiet (SEC-FS).
import { requireNowMs } from '../ratchet/context.ts';
import { isSkippedKeyExpired } from '../ratchet/skipped.ts';
import { isGroupSkippedKeyExpired, withoutExpiredGroupKeys } from '../group/senderChain.ts';
import type { Session } from '../session/session.ts';
import type { GroupState } from '../wire/groupState.ts';
import type { Contact, DeviceState } from './state.ts';

export interface SkippedKeyExpiry {
  /** The input device itself when nothing expired. Live buffers are shared with the input, as in every device step. */
  readonly device: DeviceState;
  /** The expired seeds that left the state, for the owner to wipe once it has adopted `device`. */
  readonly consumed: readonly Uint8Array[];
}

function expireInSession(session: Session, nowMs: number, out: Uint8Array[]): Session {
  const expired = session.ratchet.skipped.filter((k) => isSkippedKeyExpired(k, nowMs));
  if (expired.length === 0) return session;
  out.push(...expired.map((k) => k.seed));
  return { ...session, ratchet: { ...session.ratchet, skipped: session.ratchet.skipped.filter((k) => !isSkippedKeyExpired(k, nowMs)) } };
}

function expireInGroup(group: GroupState, nowMs: number, out: Uint8Array[]): GroupState {
  let changed = false;
  const receiving = group.receiving.map((member) => {
    const chains = member.chains.map((chain) => {
      const kept = withoutExpiredGroupKeys(chain, nowMs);
      if (kept === chain) return chain;
      changed = true;
      out.push(...chain.skipped.filter((k) => isGroupSkippedKeyExpired(k, nowMs)).map((k) => k.seed));
      return kept;
    });
    return chains.every((c, i) => c === member.chains[i]) ? member : { ...member, chains };
  });
  return changed ? { ...group, receiving } : group;
}

/** Call on a timer (and before the device store is written). Pure: the input device is not changed. */
export function expireSkippedKeys(device: DeviceState, nowMs: number): SkippedKeyExpiry {
  requireNowMs(nowMs);
  const consumed: Uint8Array[] = [];
  const contacts = device.contacts.map((c): Contact => {
    const sessions = c.sessions.map((s) => expireInSession(s, nowMs, consumed));
    return sessions.every((s, i) => s === c.sessions[i]) ? c : { ...c, sessions };
  });
  const groups = device.groups.map((g) => expireInGroup(g, nowMs, consumed));
  if (consumed.length === 0) return { device, consumed };
  return { device: { ...device, contacts, groups }, consumed };
}
