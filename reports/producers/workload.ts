// The workload `sealroom sim` runs: a scenario generated in code from a seed — users in
// pairs of direct rooms who verify each other, messages spread over the days, views, some timers, two
// offline periods, one warrant and one server seizure near the end, and for a malicious server a few
// attacks from the vocabulary. Pure: the same options give the same scenario, byte for byte.
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import type { VariantName } from '../../protocol/variant.ts';
import { PROPERTY_IDS, type Action, type Expectations, type JudgedVerdict, type PropertyId, type Scenario, type ServerMode } from '../../scenarios/types.ts';

export const USERS_MIN = 2;
/** Most users: the judges' key trial grows with parties × messages; beyond this a run takes minutes. */
export const USERS_MAX = 64;
export const DAYS_MIN = 1;
/** Most days: a month of traffic keeps the trace well under the engine's kept-lines limit. */
export const DAYS_MAX = 30;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Messages per room per day: MESSAGES_MIN + below(MESSAGES_SPREAD). */
const MESSAGES_MIN = 2;
const MESSAGES_SPREAD = 4;
/** People chat between 08:00 and 22:00 of each simulated day. */
const CHAT_FROM_MS = 8 * HOUR_MS;
const CHAT_TO_MS = 22 * HOUR_MS;
/** One message in five evaporates on a timer instead of on view. */
const TIMER_ONE_IN = 5;
/** Nine messages in ten are viewed; a view comes 1 min to 6 h after the send. */
const VIEWED = [9, 10] as const;
const VIEW_DELAY_MAX_MS = 6 * HOUR_MS;
const BODY_SIZES = [24, 80, 300, 1200, 4000] as const;
const OFFLINE_PERIODS = 2;
/** Names for the first parties; later ones are `user-N`. */
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'ken', 'lena', 'mike', 'nora', 'oscar', 'peggy'];

export interface WorkloadOptions {
  readonly seed: number;
  readonly users: number;
  readonly days: number;
  readonly server: ServerMode;
  readonly variant: VariantName;
}

function between(rng: Drbg, lo: number, hi: number): number {
  return lo + rng.below(Math.max(1, hi - lo));
}

export function partyName(i: number): string {
  return NAMES[i] ?? `user-${i + 1}`;
}

/** Pairs (0,1), (2,3)…; an odd last user is paired with the first. */
export function pairsOf(parties: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < parties.length; i += 2) pairs.push([parties[i] ?? '', parties[i + 1] ?? '']);
  const last = parties.at(-1);
  if (parties.length % 2 === 1 && last !== undefined && parties[0] !== undefined) pairs.push([last, parties[0]]);
  return pairs;
}

function checkOptions(o: WorkloadOptions): void {
  const int = (v: number, lo: number, hi: number, field: string) => {
    if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new RangeError(`workload ${field}: expected an integer in ${lo}..${hi}, got ${v}`);
  };
  int(o.seed, 0, Number.MAX_SAFE_INTEGER, 'seed');
  int(o.users, USERS_MIN, USERS_MAX, 'users');
  int(o.days, DAYS_MIN, DAYS_MAX, 'days');
}

function chatter(rng: Drbg, pairs: readonly [string, string][], days: number, endMs: number): Action[] {
  const out: Action[] = [];
  let n = 0;
  for (let day = 0; day < days; day++) {
    for (const [a, b] of pairs) {
      const count = MESSAGES_MIN + rng.below(MESSAGES_SPREAD);
      for (let k = 0; k < count; k++) {
        const at = day * DAY_MS + between(rng, CHAT_FROM_MS, CHAT_TO_MS);
        const [from, to] = rng.chance(1, 2) ? [a, b] : [b, a];
        const label = `m${++n}`;
        const evaporation = rng.below(TIMER_ONE_IN) === 0 ? { timerMs: between(rng, 5 * MINUTE_MS, HOUR_MS) } : ('view-once' as const);
        out.push({ at, do: 'send', from, room: `${a}-${b}`, label, evaporation, bytes: BODY_SIZES[rng.below(BODY_SIZES.length)] ?? 24 });
        const viewAt = at + between(rng, MINUTE_MS, VIEW_DELAY_MAX_MS);
        if (rng.chance(VIEWED[0], VIEWED[1]) && viewAt < endMs - HOUR_MS) out.push({ at: viewAt, do: 'view', user: to, label });
      }
    }
  }
  return out;
}

function offlinePeriods(rng: Drbg, parties: readonly string[], endMs: number): Action[] {
  const out: Action[] = [];
  const left = [...parties];
  for (let i = 0; i < OFFLINE_PERIODS && left.length > 0; i++) {
    const user = left.splice(rng.below(left.length), 1)[0] ?? '';
    const start = between(rng, HOUR_MS, Math.max(2 * HOUR_MS, endMs - 18 * HOUR_MS));
    out.push({ at: start, do: 'offline', user }, { at: start + between(rng, 4 * HOUR_MS, 12 * HOUR_MS), do: 'online', user });
  }
  return out;
}

/** A few attacks a malicious server makes; the reference protocol must withstand each. */
function attacks(rng: Drbg, pairs: readonly [string, string][], chat: readonly Action[], endMs: number): Action[] {
  const first = chat.find((a) => a.do === 'send');
  if (first === undefined || first.do !== 'send') return [];
  const pair = pairs.find(([a, b]) => `${a}-${b}` === first.room);
  if (pair === undefined) return [];
  const to = first.from === pair[0] ? pair[1] : pair[0];
  const mid = Math.floor(endMs / 2);
  return [
    { at: first.at + MINUTE_MS, do: 'adversary', attack: 'replay', from: first.from, to, nth: 1 },
    { at: mid, do: 'adversary', attack: 'modify', match: { room: first.room }, count: 1, bits: [between(rng, 0, 256)] },
    { at: mid + HOUR_MS, do: 'adversary', attack: 'duplicate', match: { to }, count: 1 },
    { at: mid + 2 * HOUR_MS, do: 'adversary', attack: 'delay', match: { to: first.from }, count: 1, delayMs: 30 * MINUTE_MS },
    { at: mid + 3 * HOUR_MS, do: 'adversary', attack: 'reorder', match: { room: first.room }, count: 2 },
  ];
}

/** The generated scenario; throws RangeError on options out of range. */
export function workloadScenario(o: WorkloadOptions): Scenario {
  checkOptions(o);
  const rng = createDrbg(`sealroom-sim-workload:${o.seed}`);
  const parties = Array.from({ length: o.users }, (_, i) => partyName(i));
  const pairs = pairsOf(parties);
  const endMs = o.days * DAY_MS;
  const verify: Action[] = pairs.flatMap(([a, b]) => [
    { at: MINUTE_MS, do: 'verify', user: a, peer: b },
    { at: MINUTE_MS, do: 'verify', user: b, peer: a },
  ]);
  const chat = chatter(rng.fork('chatter'), pairs, o.days, endMs);
  const target = parties[rng.below(parties.length)] ?? parties[0] ?? '';
  const authority: Action[] = [
    { at: endMs - 3 * HOUR_MS, do: 'warrant', target: { user: target }, scope: ['content', 'metadata'], fromMs: 0, toMs: endMs - 3 * HOUR_MS },
    { at: endMs - HOUR_MS, do: 'seize-server' },
  ];
  const adversary =
    o.server === 'malicious'
      ? attacks(
          rng.fork('attacks'),
          pairs,
          [...chat].sort((a, b) => a.at - b.at),
          endMs,
        )
      : [];
  const timeline = [...verify, ...chat, ...offlinePeriods(rng.fork('offline'), parties, endMs), ...adversary, ...authority].sort((a, b) => a.at - b.at);
  return {
    name: `sim-seed-${o.seed}`,
    description: {
      goal: `A generated workload: ${o.users} users in ${pairs.length} direct rooms chatting for ${o.days} days against a ${o.server} server.`,
      threat: `${o.server === 'malicious' ? 'The server replays, modifies, duplicates, delays and reorders envelopes, and an' : 'An'} authority serves a warrant for one account and seizes the whole server near the end.`,
      expected:
        o.variant === 'reference'
          ? 'Every property the workload exercises holds; those it gives nothing to judge (groups, key substitution, phone seizure and theft) are not exercised.'
          : `Variant ${o.variant}: the properties it weakens may fail.`,
    },
    seed: o.seed,
    variant: o.variant,
    server: { mode: o.server, warrantPolicy: 'refuse-content' },
    parties,
    rooms: pairs.map(([a, b]) => ({ id: `${a}-${b}`, kind: 'direct' as const, members: [a, b] })),
    timeline,
    endMs,
    expect: o.variant === 'reference' ? expectationsOf(o.server) : {},
  };
}

/**
 * What the workload gives each judge on the reference, by its design: direct rooms only (no group to
 * judge), no key substitution, phone seizure or theft (nothing for SEC-MITM, SEC-FS, SEC-PCS), a
 * retention policy that binds only an honest server, delivery promised only by a server that relays.
 * Everything it does exercise must pass.
 */
function expectationsOf(server: WorkloadOptions['server']): Expectations {
  const expected: Partial<Record<PropertyId, JudgedVerdict>> = Object.fromEntries(PROPERTY_IDS.map((p) => [p, 'pass' as const]));
  for (const p of ['SEC-GROUP', 'SEC-MITM', 'SEC-FS', 'SEC-PCS'] as const) expected[p] = 'not exercised';
  if (server !== 'honest') expected['SEC-RETENTION'] = 'not applicable';
  if (server === 'malicious') expected['LIVE-DELIVERY'] = 'not applicable';
  return expected;
}
