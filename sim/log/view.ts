// What the judges and the reports read of a finished run: indexes computed once from its event log
// (events.ts), never from the world. Pure: the same log gives the same view.
import type { DeviceEvent } from '../../protocol/device/index.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { IdentityKeyPair } from '../../protocol/identity/keyPair.ts';
import type { OneTimePreKeyRecord } from '../../protocol/prekeys/oneTimePreKey.ts';
import type { SignedPreKeyRecord } from '../../protocol/prekeys/signedPreKey.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { TransparencyReport } from '../authority/transparencyReport.ts';
import type { ProtocolErrorCode } from '../../protocol/errors.ts';
import type { Acceptance, MembershipChange, PhoneSeizure, Refusal, RunEvent, RunTotals, SentMessage, ServerSeizure, ThiefAct, WorldSettings } from './events.ts';
import { GroundTruth } from './truth.ts';
import type { PhoneState } from '../world/phoneState.ts';

interface AttackerDevice {
  readonly posingAs: string;
  readonly state: PhoneState;
  readonly identity: IdentityKey | undefined;
}

interface AttackEnvelope {
  readonly atMs: number;
  readonly attack: string;
  readonly envelopeId: string;
  readonly from: string;
  readonly to: string;
  /** The envelope id of the genuine copy it was made from (none: the server made it from nothing). */
  readonly copyOf: string | undefined;
  readonly wire: Uint8Array;
}

interface OfflineSpan {
  readonly user: string;
  readonly fromMs: number;
  /** Undefined: still offline at the end. */
  readonly toMs: number | undefined;
}

/** The X25519 secrets of one party's phone: its identity, and every signed and one-time prekey it made. */
interface PartySecrets {
  readonly identity: IdentityKeyPair;
  readonly signedPreKeys: readonly SignedPreKeyRecord[];
  readonly oneTimePreKeys: readonly OneTimePreKeyRecord[];
}
export interface RunView {
  readonly events: readonly RunEvent[];
  readonly settings: WorldSettings;
  readonly endMs: number;
  readonly totals: RunTotals | undefined;
  readonly messages: readonly SentMessage[];
  readonly accepted: readonly Acceptance[];
  readonly refusals: readonly Refusal[];
  readonly userEvents: readonly { readonly atMs: number; readonly device: string; readonly event: DeviceEvent }[];
  /** Authority seizures and thefts, in time order (end-of-run seizures are in `finalPhones`). */
  readonly phoneSeizures: readonly PhoneSeizure[];
  /** Authority seizures of the server (the end-of-run one is `finalServer`). */
  readonly serverSeizures: readonly ServerSeizure[];
  readonly finalPhones: ReadonlyMap<string, PhoneSeizure>;
  readonly finalServer: ServerSeizure | undefined;
  /** Each party's genuine identity, to tell a substituted key from the real one. */
  readonly identities: ReadonlyMap<string, IdentityKey>;
  /** Every X25519 secret each party's phone ever made, as the phone logged it (for SEC-PQ's DH-breaking attacker). */
  readonly secrets: ReadonlyMap<string, PartySecrets>;
  /** Each party's signed prekeys by id, with when the phone published them (at creation, then each rotation). */
  readonly signedPreKeys: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly membership: readonly MembershipChange[];
  readonly offline: readonly OfflineSpan[];
  readonly injected: readonly { readonly atMs: number; readonly room: string; readonly ghost: string; readonly to: readonly string[]; readonly wire: Uint8Array }[];
  readonly setupFailures: readonly { readonly atMs: number; readonly from: string; readonly to: string; readonly code: ProtocolErrorCode }[];
  /** Every byte string the server received, whatever it kept. */
  readonly serverReceived: readonly { readonly atMs: number; readonly label: string; readonly bytes: Uint8Array }[];
  /** Envelopes the world built for the malicious server from captured copies (mangled replays), with their bytes. */
  readonly attackEnvelopes: readonly AttackEnvelope[];
  /** Messages thieves sent as their victims (action thief-sends), in time order: never the victim's own. */
  readonly thiefActs: readonly ThiefAct[];
  /** Phones restarted from an older copy of their store (roll-back-phone), in time order. */
  readonly rollbacks: readonly { readonly atMs: number; readonly user: string; readonly imageAtMs: number; readonly forgedSaveCount: boolean }[];
  /** The malicious server's own devices, each in its last state. */
  readonly attackers: ReadonlyMap<string, AttackerDevice>;
  /** The transparency report the operator published at the end of the run (doctored if it lied). */
  readonly report: TransparencyReport | undefined;
  readonly operatorLied: boolean;
  readonly truth: GroundTruth;
  messageById(id: string): SentMessage | undefined;
}

/** Builds the view of a closed log. A log without its run-started event is a caller bug. */
export function viewOf(events: readonly RunEvent[]): RunView {
  const start = events.find((e) => e.kind === 'run-started');
  if (start?.kind !== 'run-started') throw new UsageError('run view: the log has no run-started event');
  const v = {
    messages: [] as SentMessage[],
    accepted: [] as Acceptance[],
    refusals: [] as Refusal[],
    userEvents: [] as { atMs: number; device: string; event: DeviceEvent }[],
    phoneSeizures: [] as PhoneSeizure[],
    serverSeizures: [] as ServerSeizure[],
    finalPhones: new Map<string, PhoneSeizure>(),
    finalServer: undefined as ServerSeizure | undefined,
    identities: new Map<string, IdentityKey>(),
    secrets: new Map<string, PartySecrets>(),
    signedPreKeys: new Map<string, ReadonlyMap<number, number>>(),
    membership: [] as MembershipChange[],
    offline: [] as { user: string; fromMs: number; toMs: number | undefined }[],
    injected: [] as RunView['injected'][number][],
    setupFailures: [] as RunView['setupFailures'][number][],
    serverReceived: [] as RunView['serverReceived'][number][],
    attackers: new Map<string, AttackerDevice>(),
    attackEnvelopes: [] as AttackEnvelope[],
    thiefActs: [] as ThiefAct[],
    rollbacks: [] as { atMs: number; user: string; imageAtMs: number; forgedSaveCount: boolean }[],
    report: undefined as TransparencyReport | undefined,
    operatorLied: false,
    totals: undefined as RunTotals | undefined,
  };
  let endMs = 0;
  for (const e of events) {
    endMs = Math.max(endMs, e.atMs);
    switch (e.kind) {
      case 'device-created':
        v.identities.set(e.user, e.identity);
        if (e.secrets !== undefined) {
          const { identity, preKeys } = e.secrets;
          v.secrets.set(e.user, { identity, signedPreKeys: [preKeys.signedPreKey], oneTimePreKeys: [...preKeys.oneTimePreKeys] });
          v.signedPreKeys.set(e.user, new Map([[preKeys.signedPreKey.id, e.atMs]]));
        }
        break;
      case 'prekeys-published': {
        if (e.signedPreKeyId !== undefined) v.signedPreKeys.set(e.user, new Map([...(v.signedPreKeys.get(e.user) ?? []), [e.signedPreKeyId, e.atMs]]));
        const known = v.secrets.get(e.user);
        if (known !== undefined)
          v.secrets.set(e.user, {
            identity: known.identity,
            signedPreKeys: [...known.signedPreKeys, ...e.secrets.signedPreKeys],
            oneTimePreKeys: [...known.oneTimePreKeys, ...e.secrets.oneTimePreKeys],
          });
        break;
      }
      case 'message-sent':
        v.messages.push(e.message);
        break;
      case 'message-accepted':
        v.accepted.push(e.acceptance);
        break;
      case 'message-refused':
        v.refusals.push(e.refusal);
        break;
      case 'user-event':
        v.userEvents.push({ atMs: e.atMs, device: e.device, event: e.event });
        break;
      case 'phone-seized':
        if (e.seizure.purpose === 'end-of-run') v.finalPhones.set(e.seizure.user, e.seizure);
        else v.phoneSeizures.push(e.seizure);
        break;
      case 'server-seized':
        if (e.seizure.purpose === 'end-of-run') v.finalServer = e.seizure;
        else v.serverSeizures.push(e.seizure);
        break;
      case 'membership-changed':
        v.membership.push(e.change);
        break;
      case 'went-offline':
        if (!v.offline.some((o) => o.user === e.user && o.toMs === undefined)) v.offline.push({ user: e.user, fromMs: e.atMs, toMs: undefined });
        break;
      case 'came-online': {
        const span = v.offline.findLast((o) => o.user === e.user && o.toMs === undefined);
        if (span !== undefined) span.toMs = e.atMs;
        break;
      }
      case 'group-injected':
        v.injected.push({ atMs: e.atMs, room: e.room, ghost: e.ghost, to: e.to, wire: e.wire });
        break;
      case 'setup-failed':
        v.setupFailures.push({ atMs: e.atMs, from: e.from, to: e.to, code: e.code });
        break;
      case 'server-received':
        v.serverReceived.push({ atMs: e.atMs, label: e.label, bytes: e.bytes });
        break;
      case 'attacker-device':
        v.attackers.set(e.name, { posingAs: e.posingAs, state: e.state, identity: e.identity });
        break;
      case 'thief-acted':
        v.thiefActs.push(e.act);
        break;
      case 'phone-rolled-back':
        v.rollbacks.push({ atMs: e.atMs, user: e.user, imageAtMs: e.imageAtMs, forgedSaveCount: e.forgedSaveCount });
        break;
      case 'attack-envelope':
        v.attackEnvelopes.push({ atMs: e.atMs, attack: e.attack, envelopeId: e.envelopeId, from: e.from, to: e.to, copyOf: e.copyOf, wire: e.wire });
        break;
      case 'report-published':
        v.report = e.report;
        v.operatorLied = e.lied;
        break;
      case 'run-ended':
        v.totals = e.totals;
        break;
      default:
        break;
    }
  }
  const byId = new Map(v.messages.map((m) => [m.messageId, m]));
  return { ...v, events, settings: start.settings, endMs, truth: GroundTruth.of(events), messageById: (id) => byId.get(id) };
}
