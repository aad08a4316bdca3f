// Standing rules installed on a malicious server: message rules (drop, delay, duplicate, reorder,
// modify) that fire on matching envelopes, and bundle rules that change what the key directory serves.
import type { DeviceId, UserId } from '../../protocol/ids.ts';
import { actionBytes, type BundleJson, type BundleRule, type EnvelopeJson, type EnvelopeMatch, type MessageRule } from './powers.ts';
import { SimLimitExceeded } from '../engine/simLimitError.ts';
import type { FetchedBundle } from './directoryEntry.ts';
import { checkEnvelope, type Envelope } from './envelope.ts';

export type BundleAction = BundleRule;
export type MessageEffect = MessageRule;

interface Rule<A> {
  readonly action: A;
  remaining: number;
}

export class AdversaryRules {
  private readonly messageRules: Rule<MessageEffect>[] = [];
  private readonly bundleRules: Rule<BundleAction>[] = [];

  constructor(private readonly maxRules: number) {}

  addMessageRule(action: MessageEffect, times: number): void {
    this.checkRoom();
    this.messageRules.push({ action, remaining: times });
  }

  /** Substitution and withholding stand until the run ends; a re-served prekey is served once. */
  addBundleRule(action: BundleAction): void {
    this.checkRoom();
    this.bundleRules.push({ action, remaining: action.kind === 'reserve-one-time-prekey' ? 1 : Number.POSITIVE_INFINITY });
  }

  /** The first rule matching `e`, used up by one. */
  takeMessageRule(e: Envelope): MessageEffect | undefined {
    const i = this.messageRules.findIndex((r) => r.remaining > 0 && effectMatches(r.action, e));
    const rule = this.messageRules[i];
    if (rule === undefined) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.messageRules.splice(i, 1);
    return rule.action;
  }

  /** The first bundle rule for this fetch, used up by one. */
  takeBundleRule(requester: DeviceId, deviceId: DeviceId): BundleAction | undefined {
    const i = this.bundleRules.findIndex((r) => r.action.deviceId === deviceId && (r.action.requester === undefined || r.action.requester === requester));
    const rule = this.bundleRules[i];
    if (rule === undefined) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.bundleRules.splice(i, 1);
    return rule.action;
  }

  private checkRoom(): void {
    const count = this.messageRules.length + this.bundleRules.length;
    if (count >= this.maxRules) throw new SimLimitExceeded('MAX_ADVERSARY_RULES', this.maxRules, 'installing an adversary action');
  }
}

function envelopeMatches(m: EnvelopeMatch, e: Envelope): boolean {
  return (m.from === undefined || m.from === e.from) && (m.to === undefined || m.to === e.to) && (m.roomId === undefined || m.roomId === e.roomId) && (m.kind === undefined || m.kind === e.kind);
}

function effectMatches(a: MessageEffect, e: Envelope): boolean {
  return envelopeMatches(a.match, e);
}

/** A copy of `body` with the given bit positions flipped (each taken modulo the body's bit length). */
export function flipBits(body: Uint8Array, bits: readonly number[]): Uint8Array {
  const out = body.slice();
  if (out.length === 0) return out;
  for (const b of bits) {
    const at = ((b % (out.length * 8)) + out.length * 8) % (out.length * 8);
    out[at >> 3] = (out[at >> 3] as number) ^ (1 << (at & 7));
  }
  return out;
}

export function bundleFromJson(deviceId: DeviceId, userId: UserId, b: BundleJson): FetchedBundle {
  return {
    deviceId,
    userId,
    base: actionBytes(b.base, 'bundle.base'),
    ...(b.oneTime === undefined ? {} : { oneTime: { id: b.oneTime.id, bytes: actionBytes(b.oneTime.bytes, 'bundle.oneTime.bytes') } }),
    ...(b.kem === undefined ? {} : { kem: { id: b.kem.id, bytes: actionBytes(b.kem.bytes, 'bundle.kem.bytes'), lastResort: b.kem.lastResort } }),
  };
}

export function envelopeFromJson(e: EnvelopeJson): Envelope {
  const { id, from, to, kind, sentAtMs } = e;
  const base = { id, from, to, kind, sentAtMs, body: actionBytes(e.body, 'envelope.body') };
  return checkEnvelope(e.roomId === undefined ? base : { ...base, roomId: e.roomId });
}
