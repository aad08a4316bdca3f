// The data a malicious server's powers take (docs/threat-model.md): which envelopes a message rule
// hits, the bundle the directory serves in place of a genuine one, an envelope the server makes up,
// and the lie it tells in its transparency report. These are the server's own inputs, not a second
// attack vocabulary: attacks are described once, in sim/world/vocabulary.ts, and interpreted once,
// in sim/world/attack.ts, which calls the Server's power methods with these.
import { fromHex } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { DeviceId, RoomId } from '../../protocol/ids.ts';

export type Hex = string;
type MessageKind = 'pairwise' | 'group' | 'control';

/** Which envelopes a message rule hits: every given field must match. */
export interface EnvelopeMatch {
  readonly from?: DeviceId;
  readonly to?: DeviceId;
  readonly roomId?: RoomId;
  readonly kind?: MessageKind;
}

interface PreKeyJson {
  readonly id: number;
  readonly bytes: Hex;
}

/** An attacker-made directory answer. */
export interface BundleJson {
  readonly base: Hex;
  readonly oneTime?: PreKeyJson;
  readonly kem?: PreKeyJson & { readonly lastResort: boolean };
}

export interface EnvelopeJson {
  readonly id: string;
  readonly from: DeviceId;
  readonly to: DeviceId;
  readonly roomId?: RoomId;
  readonly kind: MessageKind;
  readonly body: Hex;
  readonly sentAtMs: number;
}

/** How the operator doctors its published transparency report (read by sim/authority/underReport.ts). */
export interface UnderReportLie {
  /** Leave out the first N warrants received (with their returns and notifications). */
  readonly hideWarrants: number;
  /** Leave out the first N seizures. */
  readonly hideSeizures: number;
  /** Publish each disclosed record count lowered by this percentage (0..100). */
  readonly shrinkRecordsPercent: number;
}

/** A standing rule on the key directory: what a fetch of `deviceId` (by `requester`, or anyone) returns. */
export type BundleRule =
  | { readonly kind: 'substitute-bundle'; readonly deviceId: DeviceId; readonly requester?: DeviceId; readonly bundle: BundleJson }
  | { readonly kind: 'withhold-bundle'; readonly deviceId: DeviceId; readonly requester?: DeviceId }
  | { readonly kind: 'reserve-one-time-prekey'; readonly deviceId: DeviceId; readonly requester?: DeviceId; readonly prekeyId?: number }
  | { readonly kind: 'serve-stale-bundle'; readonly deviceId: DeviceId; readonly requester?: DeviceId };

/** A standing rule on the relay: what happens to the next `count` envelopes that match. */
export type MessageRule =
  | { readonly kind: 'drop' | 'duplicate' | 'reorder'; readonly match: EnvelopeMatch }
  | { readonly kind: 'delay'; readonly match: EnvelopeMatch; readonly delayMs: number }
  | { readonly kind: 'modify'; readonly match: EnvelopeMatch; readonly bits: readonly number[] }
  /** Deliver the envelope under another sender's name (`as`): the server rewrites `from` before queueing. */
  | { readonly kind: 'relabel-sender'; readonly match: EnvelopeMatch; readonly as: DeviceId };

/** Bytes of a hex field (UsageError naming the field if it is not hex). */
export function actionBytes(hex: Hex, field: string): Uint8Array {
  try {
    return fromHex(hex);
  } catch {
    throw new UsageError(`adversary ${field}: not a hex string`);
  }
}
