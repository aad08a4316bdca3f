// A generation profile: how one property's campaign biases its generated worlds —
// which server modes, how many parties, which rare-situation motifs every run carries ("focus"),
// what background noise surrounds them, how faulty the network is, and the retention TTL.
import fc from 'fast-check';
import type { ServerMode } from '../../sim/server/types.ts';
import type { LinkFaultsSpec } from '../../sim/world/spec.ts';
import type { MotifWeights } from './motifArbs.ts';

export type NetworkKind = 'clean' | 'mild' | 'faulty';

export interface Profile {
  readonly modes: readonly ServerMode[];
  /** 'direct' (default): one direct room per pair. 'group': a group room too (cast.ts groupCastOf). 'either': the group cast exactly when the run drew a group motif. */
  readonly cast?: 'direct' | 'group' | 'either';
  /** Parties (direct cast) or the group room's initial members (group cast: plus one outsider). */
  readonly partyCount: readonly [min: number, max: number];
  /** Every run carries at least `focusCount[0]` of these: the situations the property is about. */
  readonly focus: MotifWeights;
  readonly focusCount: readonly [min: number, max: number];
  /** Everything else that may happen around them. */
  readonly background: MotifWeights;
  readonly backgroundCount: readonly [min: number, max: number];
  readonly network: NetworkKind;
  /** 'short': a configured TTL of 1–6 h, so seizures past it fit in a short run. */
  readonly ttl: 'default' | 'short';
}

const SHORT_TTL_MIN_MS = 60 * 60 * 1000;
const SHORT_TTL_MAX_MS = 6 * 60 * 60 * 1000;
/** Link delays stay far below the sender's first retry (5 s) and the motifs' settle time (30 s). */
const MAX_LINK_DELAY_MS = 2_000;
/** Fault probabilities are 1 in 4 … 1 in 20: frequent enough to matter in a dozen messages. */
const FAULT_DEN_MIN = 4;
const FAULT_DEN_MAX = 20;

const probability = () => fc.integer({ min: FAULT_DEN_MIN, max: FAULT_DEN_MAX }).map((den) => [1, den] as const);

function faults(withDrop: boolean): fc.Arbitrary<LinkFaultsSpec> {
  return fc
    .record({
      minMs: fc.integer({ min: 0, max: 100 }),
      spreadMs: fc.integer({ min: 0, max: MAX_LINK_DELAY_MS - 100 }),
      drop: withDrop ? fc.option(probability(), { nil: undefined, freq: 4 }) : fc.constant(undefined),
      duplicate: fc.option(probability(), { nil: undefined, freq: 3 }),
      reorder: fc.option(probability(), { nil: undefined, freq: 3 }),
    })
    .map(({ minMs, spreadMs, drop, duplicate, reorder }) => ({
      delayMs: [minMs, minMs + spreadMs] as const,
      ...(drop === undefined ? {} : { drop }),
      ...(duplicate === undefined ? {} : { duplicate }),
      ...(reorder === undefined ? {} : { reorder }),
    }));
}

export function networkArb(kind: NetworkKind): fc.Arbitrary<LinkFaultsSpec | undefined> {
  switch (kind) {
    case 'clean':
      return fc.constant(undefined);
    case 'mild':
      return faults(false);
    case 'faulty':
      return faults(true);
  }
}

export function ttlArb(ttl: Profile['ttl']): fc.Arbitrary<number | undefined> {
  return ttl === 'default' ? fc.constant(undefined) : fc.integer({ min: SHORT_TTL_MIN_MS, max: SHORT_TTL_MAX_MS });
}
