// Coverage gates: a campaign counts, over its generated runs, how many produced each
// rare situation its property states; fewer than the stated share fails the campaign, because a
// property that passed since its bad event never happened proves nothing.
import type { CoverageGate } from './campaign.ts';

export interface CoverageTally {
  readonly situation: string;
  readonly runs: number;
  readonly hits: number;
  readonly share: number;
  readonly minShare: number;
  readonly met: boolean;
}

/** Tally gates over the situations of each run (one list per run). */
export function tallyCoverage(gates: readonly CoverageGate[], runs: readonly (readonly string[])[]): CoverageTally[] {
  return gates.map((g) => {
    const hits = runs.filter((situations) => situations.includes(g.situation)).length;
    const share = runs.length === 0 ? 0 : hits / runs.length;
    return { situation: g.situation, runs: runs.length, hits, share, minShare: g.minShare, met: hits > 0 && share >= g.minShare };
  });
}

export function describeShortfall(t: readonly CoverageTally[]): string[] {
  return t.filter((x) => !x.met).map((x) => `"${x.situation}" in ${x.hits} of ${x.runs} runs (needs ${Math.round(x.minShare * 100)}%)`);
}
