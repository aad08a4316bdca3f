// The benchmark vocabulary: a case is one timed operation of one implementation, a result is its
// latency summary, a size is a measured byte count. Plain data, so results serialize to JSON unchanged.

/** Which part of the suite a row belongs to. */
export type SuiteName = 'primitives' | 'protocol' | 'group' | 'peers' | 'world' | 'storage';

/** Who performs the operation: sealroom on one provider, a peer library, or the raw reference. */
export type ImplName =
  | 'sealroom-noble'
  | 'sealroom-native'
  | 'libsignal-client'
  | 'privacyresearch'
  | 'node-crypto'
  | 'contract-in-process'
  | 'contract-exec'
  /** The reference's sender-key group rooms on the noble provider (bench/suites/groupDesigns.ts). */
  | 'sender-keys'
  /** The same sender-key rooms on the native provider. */
  | 'sender-keys-native'
  /** RFC 9420 MLS groups: engines/mls, ts-mls behind its worker bridge. */
  | 'mls-ts';

/** One timed call; may be async (the peers' APIs are). Throws if the operation did not do its job. */
export type BenchFn = () => unknown;

export interface CaseParams {
  /** Plaintext or input size. */
  readonly bytes?: number;
  /** Group size. */
  readonly members?: number;
}

export interface BenchCase {
  /** Stable id used by ratios and targets, e.g. `protocol.one-way.1024B.sealroom-native`. */
  readonly id: string;
  readonly suite: SuiteName;
  /** The operation, e.g. `one-way`, `aead-seal.chacha20poly1305`. */
  readonly op: string;
  readonly impl: ImplName;
  readonly params: CaseParams;
  /** What one timed call does, e.g. `message (encrypt + decrypt)`. */
  readonly unit: string;
  /** True when one call takes milliseconds: the runner asks for fewer iterations. */
  readonly heavy?: boolean;
  /** Items one call processes (e.g. 200 simulated messages): the result also reports items per second. */
  readonly items?: { readonly perOp: number; readonly unit: string };
  /** Builds the state the call runs on (untimed) and returns the call. */
  readonly prepare: () => BenchFn | Promise<BenchFn>;
}

export interface CaseResult {
  readonly id: string;
  readonly suite: SuiteName;
  readonly op: string;
  readonly impl: ImplName;
  readonly params: CaseParams;
  readonly unit: string;
  readonly samples: number;
  readonly medianMs: number;
  readonly meanMs: number;
  /** Median absolute deviation of the latency samples (ms). */
  readonly madMs: number;
  /** p75 - p25 of the latency samples (ms). */
  readonly iqrMs: number;
  /** Fastest and slowest latency sample (ms); absent in results saved before they were kept. */
  readonly minMs?: number;
  readonly maxMs?: number;
  /** 1000 / median latency. */
  readonly opsPerSec: number;
  /** perOp × opsPerSec, for a case that declares `items`. */
  readonly itemsPerSec?: number;
  readonly itemUnit?: string;
}

export interface CaseFailure {
  readonly id: string;
  readonly suite: SuiteName;
  readonly impl: ImplName;
  readonly error: string;
}

/** A byte count: state size, wire size, store size, memory. */
export interface SizeResult {
  readonly id: string;
  readonly label: string;
  readonly impl: ImplName | 'process';
  readonly bytes: number;
  /** Exactly what was measured. */
  readonly note: string;
}

/** A row that could not be measured in this build (an API not yet available): named, never faked. */
export interface PendingRow {
  readonly id: string;
  readonly reason: string;
}
