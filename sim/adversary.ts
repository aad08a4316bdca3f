// The closed vocabulary of what a malicious server does (the threat model, docs/threat-model.md; docs/conventions.md).
// Each action is plain JSON data (bytes as hex) so scenarios, properties and fuzzing speak one
// language; the server applies them in one switch (sim/server/server.ts `applyAdversary`).
import { fromHex, toHex } from '../protocol/bytes.ts';
import { UsageError } from '../protocol/errors.ts';
import type { DeviceId, RoomId } from '../protocol/ids.ts';
import type { Drbg } from '../protocol/random/drbg.ts';

export type Hex = string;
export type MessageKind = 'pairwise' | 'group' | 'control';

/** Which envelopes a message action applies to: every given field must match. */
export interface EnvelopeMatch {
  readonly from?: DeviceId;
  readonly to?: DeviceId;
  readonly roomId?: RoomId;
  readonly kind?: MessageKind;
}

export interface PreKeyJson {
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

/** How the operator doctors its published transparency report (read by sim/authority/underReport.ts, same fields). */
export interface UnderReportLie {
  /** Leave out the first N warrants received (with their returns and notifications). */
  readonly hideWarrants: number;
  /** Leave out the first N seizures. */
  readonly hideSeizures: number;
  /** Publish each disclosed record count lowered by this percentage (0..100). */
  readonly shrinkRecordsPercent: number;
}

/** `count` is how many matching envelopes the action hits (default 1). `requester` limits a bundle action to one fetching device. */
export type AdversaryAction =
  | { readonly kind: 'substitute-bundle'; readonly deviceId: DeviceId; readonly requester?: DeviceId; readonly bundle: BundleJson }
  | { readonly kind: 'withhold-bundle'; readonly deviceId: DeviceId; readonly requester?: DeviceId }
  | { readonly kind: 'reserve-one-time-prekey'; readonly deviceId: DeviceId; readonly requester?: DeviceId; readonly prekeyId?: number }
  | { readonly kind: 'drop'; readonly match: EnvelopeMatch; readonly count?: number }
  | { readonly kind: 'delay'; readonly match: EnvelopeMatch; readonly count?: number; readonly delayMs: number }
  | { readonly kind: 'duplicate'; readonly match: EnvelopeMatch; readonly count?: number }
  | { readonly kind: 'reorder'; readonly match: EnvelopeMatch; readonly count?: number }
  | { readonly kind: 'replay'; readonly from: DeviceId; readonly envelopeId: string; readonly to?: DeviceId }
  | { readonly kind: 'modify'; readonly match: EnvelopeMatch; readonly count?: number; readonly bits: readonly number[] }
  | { readonly kind: 'forge'; readonly envelope: EnvelopeJson }
  | {
      readonly kind: 'inject-member';
      readonly roomId: RoomId;
      readonly ghost: DeviceId;
      readonly members: readonly DeviceId[];
      readonly messageKind: 'group' | 'control';
      readonly body: Hex;
    }
  | {
      readonly kind: 'fork-group';
      readonly roomId: RoomId;
      readonly from: DeviceId;
      readonly members: readonly DeviceId[];
      readonly body: Hex;
      readonly suppressGenuine: boolean;
    }
  | { readonly kind: 'lie-about-deletion' }
  | ({ readonly kind: 'under-report' } & UnderReportLie);

export type AdversaryActionKind = AdversaryAction['kind'];

export const ADVERSARY_ACTION_KINDS = [
  'substitute-bundle',
  'withhold-bundle',
  'reserve-one-time-prekey',
  'drop',
  'delay',
  'duplicate',
  'reorder',
  'replay',
  'modify',
  'forge',
  'inject-member',
  'fork-group',
  'lie-about-deletion',
  'under-report',
] as const satisfies readonly AdversaryActionKind[];

/** An action at a virtual instant, as a scenario timeline holds it. */
export interface ScriptedAdversaryAction {
  readonly atMs: number;
  readonly action: AdversaryAction;
}

/** What the server knows when a strategy picks actions. */
export interface AdversaryWorld {
  readonly devices: readonly DeviceId[];
  readonly rooms: readonly { readonly roomId: RoomId; readonly members: readonly DeviceId[] }[];
  /** Envelopes the server has seen (candidates for replay). */
  readonly envelopes: readonly { readonly from: DeviceId; readonly id: string; readonly to: DeviceId }[];
}

/** Longest hold a strategy picks for delay: a day, enough to cross retention boundaries. */
const STRATEGY_MAX_DELAY_MS = 24 * 60 * 60 * 1000;
/** Size of the random bytes a strategy uses for attacker-made bodies and bundle bases. */
const STRATEGY_BLOB_BYTES = 96;
/** Most envelopes one strategy-picked message action hits. */
const STRATEGY_MAX_COUNT = 3;

/**
 * A seeded strategy: `count` actions drawn uniformly from the kinds that make sense in `world`
 * (restricted to `kinds` if given). Attacker-made bytes are random: the server holds no secrets.
 */
export function pickAdversaryActions(rng: Drbg, world: AdversaryWorld, count: number, kinds: readonly AdversaryActionKind[] = ADVERSARY_ACTION_KINDS): AdversaryAction[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new UsageError(`pickAdversaryActions count: expected a non-negative integer, got ${count}`);
  const usable = kinds.filter((k) => applicable(k, world));
  const out: AdversaryAction[] = [];
  for (let i = 0; i < count && usable.length > 0; i++) out.push(pickOne(rng, usable[rng.below(usable.length)] as AdversaryActionKind, world));
  return out;
}

function applicable(kind: AdversaryActionKind, w: AdversaryWorld): boolean {
  switch (kind) {
    case 'replay':
      return w.envelopes.length > 0;
    case 'inject-member':
    case 'fork-group':
      return w.rooms.some((r) => r.members.length > 0) && w.devices.length > 0;
    case 'lie-about-deletion':
    case 'under-report':
      return true;
    default:
      return w.devices.length > 0;
  }
}

function pick<T>(rng: Drbg, items: readonly T[]): T {
  if (items.length === 0) throw new UsageError('pickAdversaryActions: nothing to pick from');
  return items[rng.below(items.length)] as T;
}

function pickOne(rng: Drbg, kind: AdversaryActionKind, w: AdversaryWorld): AdversaryAction {
  const blob = (): Hex => toHex(rng.bytes(STRATEGY_BLOB_BYTES));
  const match = (): EnvelopeMatch => ({ to: pick(rng, w.devices) });
  const n = (): number => 1 + rng.below(STRATEGY_MAX_COUNT);
  const room = (): { roomId: RoomId; members: readonly DeviceId[] } => pick(rng, w.rooms.filter((r) => r.members.length > 0));
  switch (kind) {
    case 'substitute-bundle':
      return { kind, deviceId: pick(rng, w.devices), bundle: { base: blob(), oneTime: { id: rng.below(2 ** 31), bytes: toHex(rng.bytes(32)) } } };
    case 'withhold-bundle':
    case 'reserve-one-time-prekey':
      return { kind, deviceId: pick(rng, w.devices) };
    case 'drop':
    case 'duplicate':
    case 'reorder':
      return { kind, match: match(), count: n() };
    case 'delay':
      return { kind, match: match(), count: n(), delayMs: 1 + rng.below(STRATEGY_MAX_DELAY_MS) };
    case 'modify':
      return { kind, match: match(), count: n(), bits: [rng.below(STRATEGY_BLOB_BYTES * 8)] };
    case 'replay': {
      const e = pick(rng, w.envelopes);
      return { kind, from: e.from, envelopeId: e.id };
    }
    case 'forge': {
      const [from, to] = [pick(rng, w.devices), pick(rng, w.devices)];
      return { kind, envelope: { id: `forged-${toHex(rng.bytes(6))}`, from, to, kind: 'pairwise', body: blob(), sentAtMs: 0 } };
    }
    case 'inject-member': {
      const r = room();
      return { kind, roomId: r.roomId, ghost: pick(rng, w.devices), members: r.members, messageKind: 'control', body: blob() };
    }
    case 'fork-group': {
      const r = room();
      const members = r.members.filter(() => rng.chance(1, 2));
      return { kind, roomId: r.roomId, from: pick(rng, r.members), members: members.length > 0 ? members : [pick(rng, r.members)], body: blob(), suppressGenuine: rng.chance(1, 2) };
    }
    case 'lie-about-deletion':
      return { kind };
    case 'under-report':
      return { kind, hideWarrants: rng.below(3), hideSeizures: rng.below(3), shrinkRecordsPercent: rng.below(101) };
  }
}

/** Bytes of a hex field in an action (UsageError naming the field if it is not hex). */
export function actionBytes(hex: Hex, field: string): Uint8Array {
  try {
    return fromHex(hex);
  } catch {
    throw new UsageError(`adversary action ${field}: not a hex string`);
  }
}

// ---- reading actions from untrusted JSON (scenario files) -----------------------------------------

type FieldCheck = (v: unknown, field: string) => void;

const fail = (field: string, want: string): never => {
  throw new UsageError(`adversary action ${field}: expected ${want}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: FieldCheck = (v, f) => void (typeof v === 'string' && v.length > 0 ? 0 : fail(f, 'a non-empty string'));
const hex: FieldCheck = (v, f) => void (typeof v === 'string' && /^([0-9a-f]{2})*$/.test(v) ? 0 : fail(f, 'a lowercase hex string'));
const uint: FieldCheck = (v, f) => void (Number.isSafeInteger(v) && (v as number) >= 0 ? 0 : fail(f, 'a non-negative integer'));
const percent: FieldCheck = (v, f) => void (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100 ? 0 : fail(f, 'an integer percentage 0..100'));
const bool: FieldCheck = (v, f) => void (typeof v === 'boolean' ? 0 : fail(f, 'a boolean'));
const oneOf =
  (...options: readonly string[]): FieldCheck =>
  (v, f) =>
    void (typeof v === 'string' && options.includes(v) ? 0 : fail(f, `one of ${options.join(', ')}`));
const strList: FieldCheck = (v, f) => (Array.isArray(v) ? v.forEach((x, i) => str(x, `${f}[${i}]`)) : fail(f, 'an array of strings'));
const uintList: FieldCheck = (v, f) => (Array.isArray(v) ? v.forEach((x, i) => uint(x, `${f}[${i}]`)) : fail(f, 'an array of integers'));
const MESSAGE_KINDS = ['pairwise', 'group', 'control'] as const;

function shape(fields: Record<string, readonly [FieldCheck, 'required' | 'optional']>): FieldCheck {
  return (v, f) => {
    if (!isObject(v)) return fail(f, 'an object');
    for (const k of Object.keys(v)) if (fields[k] === undefined) fail(`${f}.${k}`, 'no such field');
    for (const [k, [check, presence]] of Object.entries(fields)) {
      if (v[k] === undefined) {
        if (presence === 'required') fail(`${f}.${k}`, 'a value');
      } else check(v[k], `${f}.${k}`);
    }
  };
}

const R = 'required';
const O = 'optional';
const matchShape = shape({ from: [str, O], to: [str, O], roomId: [str, O], kind: [oneOf(...MESSAGE_KINDS), O] });
const preKeyShape = shape({ id: [uint, R], bytes: [hex, R] });
const bundleShape = shape({ base: [hex, R], oneTime: [preKeyShape, O], kem: [shape({ id: [uint, R], bytes: [hex, R], lastResort: [bool, R] }), O] });
const envelopeShape = shape({ id: [str, R], from: [str, R], to: [str, R], roomId: [str, O], kind: [oneOf(...MESSAGE_KINDS), R], body: [hex, R], sentAtMs: [uint, R] });
const kindField = [oneOf(...ADVERSARY_ACTION_KINDS), R] as const;

const ACTION_SHAPES: { readonly [K in AdversaryActionKind]: FieldCheck } = {
  'substitute-bundle': shape({ kind: kindField, deviceId: [str, R], requester: [str, O], bundle: [bundleShape, R] }),
  'withhold-bundle': shape({ kind: kindField, deviceId: [str, R], requester: [str, O] }),
  'reserve-one-time-prekey': shape({ kind: kindField, deviceId: [str, R], requester: [str, O], prekeyId: [uint, O] }),
  drop: shape({ kind: kindField, match: [matchShape, R], count: [uint, O] }),
  delay: shape({ kind: kindField, match: [matchShape, R], count: [uint, O], delayMs: [uint, R] }),
  duplicate: shape({ kind: kindField, match: [matchShape, R], count: [uint, O] }),
  reorder: shape({ kind: kindField, match: [matchShape, R], count: [uint, O] }),
  replay: shape({ kind: kindField, from: [str, R], envelopeId: [str, R], to: [str, O] }),
  modify: shape({ kind: kindField, match: [matchShape, R], count: [uint, O], bits: [uintList, R] }),
  forge: shape({ kind: kindField, envelope: [envelopeShape, R] }),
  'inject-member': shape({ kind: kindField, roomId: [str, R], ghost: [str, R], members: [strList, R], messageKind: [oneOf('group', 'control'), R], body: [hex, R] }),
  'fork-group': shape({ kind: kindField, roomId: [str, R], from: [str, R], members: [strList, R], body: [hex, R], suppressGenuine: [bool, R] }),
  'lie-about-deletion': shape({ kind: kindField }),
  'under-report': shape({ kind: kindField, hideWarrants: [uint, R], hideSeizures: [uint, R], shrinkRecordsPercent: [percent, R] }),
};

/** Reads one action from untrusted JSON (a scenario file): unknown kinds, unknown fields, missing or mistyped fields are refused with a UsageError naming the field. */
export function parseAdversaryAction(value: unknown): AdversaryAction {
  if (!isObject(value)) return fail('', 'an object');
  oneOf(...ADVERSARY_ACTION_KINDS)(value['kind'], 'kind');
  ACTION_SHAPES[value['kind'] as AdversaryActionKind](value, value['kind'] as string);
  return value as unknown as AdversaryAction;
}
