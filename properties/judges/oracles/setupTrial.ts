// Key trial on session setups (docs/properties.md SEC-FS, SEC-EVAPORATE): a forensic examiner holding
// a seized phone re-runs the responder's side of X3DH / PQXDH over every captured setup message
// addressed to it, with the identity, signed, last-resort and one-time prekey secrets the seizure
// recovered, and tries the first message on the session that gives. It runs the protocol's own
// receive code on a fresh contact, with the setup record ignored (the examiner is not bound by it).
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import type { DeviceState } from '../../../protocol/device/index.ts';
import { deviceId, userId } from '../../../protocol/ids.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { receivePairwise } from '../../../protocol/session/receive.ts';
import type { ProtocolFlags } from '../../../protocol/variant.ts';
import { decodePairwiseMessage, type PairwiseMessage } from '../../../protocol/wire/pairwiseMessage.ts';
import { attempt, withoutStacks } from './trials.ts';

/** A captured setup candidate: the wire, and the two parties the envelope named. */
export interface CapturedSetup {
  readonly label: string;
  readonly wire: Uint8Array;
  readonly from: string;
  readonly to: string;
  readonly atMs: number;
}

function setupOf(wire: Uint8Array): Extract<PairwiseMessage, { kind: 'prekey' }> | undefined {
  const pm = attempt(() => decodePairwiseMessage(wire));
  return pm?.kind === 'prekey' ? pm : undefined;
}

/** Labels of the captured setups whose first message one of `states` (a seizure's recovered device states) opens. */
export function setupTrial(env: { provider: CryptoProvider; rng: Drbg; flags: ProtocolFlags }, states: readonly DeviceState[], captured: readonly CapturedSetup[]): string[] {
  const flags: ProtocolFlags = { ...env.flags, setupReplayCheck: false };
  return withoutStacks(() => trialAll(env, flags, states, captured));
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
          preKeys: st.preKeys,
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
