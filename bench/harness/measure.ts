// Runs benchmark cases one at a time with tinybench: each case is prepared untimed, warmed up,
// then sampled for a time budget; its latency samples become a CaseResult. A case that throws (in
// prepare or while timed) becomes a CaseFailure with its message: a broken row is shown, never hidden.
import { Bench } from 'tinybench';
import { summarize } from './stats.ts';
import type { BenchCase, CaseFailure, CaseResult } from './types.ts';

export interface Budget {
  /** Sampling time per case (ms). */
  readonly timeMs: number;
  readonly warmupMs: number;
  /** Minimum timed calls for a light case. */
  readonly minIterations: number;
  /** Minimum timed calls for a heavy case (milliseconds per call). */
  readonly minIterationsHeavy: number;
}

/** Full run: about a second per case, enough samples for a stable median. */
export const FULL_BUDGET: Budget = { timeMs: 1_000, warmupMs: 200, minIterations: 64, minIterationsHeavy: 8 };
/** --quick: short budgets so the whole suite finishes in under 2 minutes on 2 cores. */
export const QUICK_BUDGET: Budget = { timeMs: 250, warmupMs: 50, minIterations: 16, minIterationsHeavy: 3 };

export type CaseOutcome = { readonly ok: true; readonly result: CaseResult } | { readonly ok: false; readonly failure: CaseFailure };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function toResult(c: BenchCase, samplesMs: readonly number[]): CaseResult {
  const s = summarize(samplesMs);
  const opsPerSec = s.median > 0 ? 1_000 / s.median : Number.POSITIVE_INFINITY;
  return {
    id: c.id,
    suite: c.suite,
    op: c.op,
    impl: c.impl,
    params: c.params,
    unit: c.unit,
    samples: s.samples,
    medianMs: s.median,
    meanMs: s.mean,
    madMs: s.mad,
    iqrMs: s.iqr,
    minMs: s.min,
    maxMs: s.max,
    opsPerSec,
    ...(c.items === undefined ? {} : { itemsPerSec: c.items.perOp * opsPerSec, itemUnit: c.items.unit }),
  };
}

/** Prepares, warms up and samples one case. */
export async function measureCase(c: BenchCase, budget: Budget): Promise<CaseOutcome> {
  const fail = (e: unknown): CaseOutcome => ({ ok: false, failure: { id: c.id, suite: c.suite, impl: c.impl, error: message(e) } });
  let fn;
  try {
    fn = await c.prepare();
  } catch (e) {
    return fail(e);
  }
  const bench = new Bench({
    time: budget.timeMs,
    warmupTime: budget.warmupMs,
    iterations: c.heavy === true ? budget.minIterationsHeavy : budget.minIterations,
    warmupIterations: c.heavy === true ? 1 : 4,
    retainSamples: true,
    throws: true,
  });
  bench.add(c.id, fn);
  try {
    await bench.run();
  } catch (e) {
    return fail(e);
  }
  const r = bench.tasks[0]?.result;
  if (r === undefined || r.state !== 'completed') return fail(new Error(`task ended in state ${r?.state ?? 'missing'}`));
  return { ok: true, result: toResult(c, r.latency.samples ?? []) };
}
