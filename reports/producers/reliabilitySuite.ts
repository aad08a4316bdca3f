// The whole reliability suite as `sealroom run` puts it on its page: the mutation fuzzer on every 1:1
// and group path, a small crash-injection budget (the hardened store killed at each named point of
// a write, two children at a time, and the negative control), and a short soak. Returns the page's
// bundle and its problem count (reliabilityPage.ts says what counts).
import { crashFiguresOf, namedKillCases, runCrashInjection, type CrashCase } from '../../sim/storage/crashInjection.ts';
import { SQLITE_HARDENED } from '../../sim/storage/sqliteConfig.ts';
import type { ReportBundle } from '../render/bundle.ts';
import { runReliabilityFuzz } from './reliabilityFuzz.ts';
import { reliabilityBundle, reliabilityProblems, type CrashSection } from './reliabilityPage.ts';
import { runSoak, type SoakOptions } from './reliabilitySoak.ts';

/** The configuration whose acknowledged deletes a crash must leave in the -wal (no checkpoint): the search is not vacuous. */
export const CRASH_CONTROL_CONFIG = 'wal-secure-delete';

/**
 * The crash budget of `sealroom run`: every named kill point of the hardened store (nine children,
 * about 0.4 s each here, two at a time) and the negative control. crash.test.ts runs every point of
 * both hardened designs and kills at instants too.
 */
export function runCrashBudget(): CrashCase[] {
  return [...namedKillCases([SQLITE_HARDENED]), { config: CRASH_CONTROL_CONFIG, kill: 'acked' }];
}

/** Runs `cases` (the last one the negative control) and splits the control's figures off. */
export async function crashSection(seed: string, cases: readonly CrashCase[]): Promise<CrashSection> {
  const results = await runCrashInjection({ seed, cases });
  const control = results.filter((r) => r.case.config === CRASH_CONTROL_CONFIG);
  return {
    figures: crashFiguresOf(results.filter((r) => r.case.config !== CRASH_CONTROL_CONFIG)),
    ...(control.length === 0 ? {} : { control: { config: CRASH_CONTROL_CONFIG, deletedBytesFound: crashFiguresOf(control).deletedBytesFound } }),
  };
}

export interface ReliabilitySuite {
  readonly bundle: ReportBundle;
  readonly problems: number;
  /** Mutated inputs the fuzzer tried. */
  readonly tried: number;
}

export async function runReliabilitySuite(o: { readonly seed: string; readonly fuzzBudget: number; readonly crash?: readonly CrashCase[]; readonly soak?: SoakOptions }): Promise<ReliabilitySuite> {
  const figures = runReliabilityFuzz({ seed: o.seed, budget: o.fuzzBudget });
  const crash = o.crash === undefined ? undefined : await crashSection(o.seed, o.crash);
  const soak = o.soak === undefined ? undefined : runSoak(o.soak);
  const extra = { ...(crash === undefined ? {} : { crash }), ...(soak === undefined ? {} : { soak }) };
  return {
    bundle: reliabilityBundle(figures, { seed: o.seed, budget: o.fuzzBudget, ...extra }),
    problems: reliabilityProblems(figures, extra),
    tried: figures.reduce((n, f) => n + f.tried, 0),
  };
}
