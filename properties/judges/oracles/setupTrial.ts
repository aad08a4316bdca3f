// Key trial on session setups (docs/properties.md SEC-FS, SEC-EVAPORATE): a forensic examiner holding
// a seized phone re-runs the responder's side of X3DH / PQXDH over every captured setup message
// addressed to it, with the identity, signed, last-resort and one-time prekey secrets the seizure
// recovered, and tries the first message on the session that gives. It runs the protocol's own
// receive code on a fresh contact, with the records of spent prekeys and setups ignored (the examiner
// is not bound by them).
// A session so re-derived is followed on through the later envelopes of the same sender, and any
// sender key it carried is tried on the group messages (attackerGroupReads.ts does the group part).
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import type { DeviceState } from '../../../protocol/device/index.ts';
import type { PreKeyStore } from '../../../protocol/prekeys/preKeyStore.ts';
import { deviceId, userId } from '../../../protocol/ids.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { receivePairwise } from '../../../protocol/session/receive.ts';
import type { ProtocolFlags } from '../../../protocol/variant.ts';
import { decodePairwiseMessage, type PairwiseMessage } from '../../../protocol/wire/pairwiseMessage.ts';
import { attempt, withoutStacks } from './trials.ts';
import { chainsHandedTo, groupMessagesOpened, type RelayedGroupMessage, type RelayedPairwise } from './attackerGroupReads.ts';

/** A captured setup candidate: the wire, and the two parties the envelope named. */
export interface CapturedSetup {
  readonly label: string;
  readonly wire: Uint8Array;
  readonly from: string;
  readonly to: string;
  readonly atMs: number;
}

/** The prekey secrets with the phone's records of spent keys and setups dropped: the examiner is not bound by them. */
function unbound(preKeys: PreKeyStore): PreKeyStore {
  return { ...preKeys, consumedPreKeyIds: [], usedSetups: [] };
}

function setupOf(wire: Uint8Array): Extract<PairwiseMessage, { kind: 'prekey' }> | undefined {
  const pm = attempt(() => decodePairwiseMessage(wire));
  return pm?.kind === 'prekey' ? pm : undefined;
}

/** The group half of a setup trial: the setups to re-run, every pairwise envelope relayed to the seized user in order, and the group messages to try. */
export interface GroupSetupTrial {
  readonly setups: readonly { readonly wire: Uint8Array; readonly from: string }[];
  readonly relayed: readonly RelayedPairwise[];
  readonly messages: readonly RelayedGroupMessage[];
}

/**
 * Labels of the captured setups whose first message one of `states` (a seizure's recovered device
 * states) opens, and of the `group` messages opened with sender keys that sessions re-derived from
 * the group's setups carried. Only sessions that start at one of those setups count: a setup the
 * schedule still lets the phone answer is not evidence against it.
 */
export function setupTrial(env: { provider: CryptoProvider; rng: Drbg; flags: ProtocolFlags }, states: readonly DeviceState[], captured: readonly CapturedSetup[], group?: GroupSetupTrial): string[] {
  const flags: ProtocolFlags = { ...env.flags, setupReplayCheck: false };
  return withoutStacks(() => [...trialAll(env, flags, states, captured), ...(group === undefined ? [] : groupTrial({ ...env, flags }, states, group))]);
}

/** The envelopes of sessions that start at a captured setup: from each such setup on, that sender's later envelopes, no other setup. */
export function onTrialledSessions(captured: GroupSetupTrial['setups'], relayed: readonly RelayedPairwise[]): RelayedPairwise[] {
  const setups = new Set(captured.map((c) => Buffer.from(c.wire).toString('hex')));
  const live = new Set<string>();
  return relayed.filter((r) => {
    if (setupOf(r.wire) === undefined) return live.has(r.from);
    if (!setups.has(Buffer.from(r.wire).toString('hex'))) {
      live.delete(r.from);
      return false;
    }
    live.add(r.from);
    return true;
  });
}

function groupTrial(env: { provider: CryptoProvider; rng: Drbg; flags: ProtocolFlags }, states: readonly DeviceState[], group: GroupSetupTrial): string[] {
  if (group.setups.length === 0 || group.messages.length === 0) return [];
  const relayed = onTrialledSessions(group.setups, group.relayed);
  const opened = new Set<string>();
  for (const st of states) {
    const chains = chainsHandedTo(env, { ...st, contacts: [], preKeys: unbound(st.preKeys) }, relayed);
    for (const label of groupMessagesOpened(env, chains, st.deviceId, group.messages)) opened.add(label);
  }
  return [...opened];
}

function trialAll(env: { provider: CryptoProvider; rng: Drbg }, flags: ProtocolFlags, states: readonly DeviceState[], captured: readonly CapturedSetup[]): string[] {
  const opened: string[] = [];
  for (const c of captured) {
    const message = setupOf(c.wire);
    if (message === undefined) continue;
    const opens = states.some(
      (st) =>
        receivePairwise({
          sessions: [],
          ourIdentity: st.identity,
          preKeys: unbound(st.preKeys),
          message,
          requirePq: false,
          ctx: { provider: env.provider, rng: env.rng, nowMs: c.atMs, flags },
          ids: { initiatorUser: userId(c.from), initiatorDevice: deviceId(c.from), responderUser: userId(c.to), responderDevice: deviceId(c.to) },
        }).ok,
    );
    if (opens) opened.push(c.label);
  }
  return opened;
}
