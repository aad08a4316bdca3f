// The catch-matrix section of `sealroom run`: every (weak variant, property) row of
// properties/catchMatrix.ts runs that property's default campaign on the variant from --seed — a
// catch is a counterexample, never a coverage shortfall — beside the library scenarios of the same
// variant that expect the property to fail. Its page (reports/producers/catchMatrixPage.ts) joins the site.
import { join, relative } from 'node:path';
import type { RunSummary } from '../../reports/producers/runSummary.ts';
import type { SiteBundle } from '../../reports/render/site.ts';
import type { CliIo } from '../command.ts';
import { runCampaigns, type PoolTask } from '../campaigns/pool.ts';
import { createProgress } from '../progress.ts';

/** Runs the catch matrix; `missed` counts the pairs whose campaign found no counterexample; `files` are the counterexamples written (relative to `out`). */
export async function catchMatrixSection(
  o: { readonly out: string; readonly seed: number; readonly counterexampleSubdir: string; readonly jobs: number },
  io: CliIo,
  summaries: readonly RunSummary[],
): Promise<{ bundle: SiteBundle; missed: number; total: number; files: string[] }> {
  const [{ CATCH_MATRIX }, { campaignFor }, { runCampaign }, page] = await Promise.all([
    import('../../properties/catchMatrix.ts'),
    import('../../properties/campaign.ts'),
    import('../../properties/campaignRun.ts'),
    import('../../reports/producers/catchMatrixPage.ts'),
  ]);
  const pairs = CATCH_MATRIX.flatMap((row) => row.breaks.map((property) => ({ row, property })));
  const progress = createProgress({ label: 'catch matrix', total: pairs.length, stream: io.progressStream, env: io.env });
  const counterexampleDir = join(o.out, o.counterexampleSubdir);
  const tasks = pairs.map(({ row, property }): PoolTask => {
    const spec = campaignFor(property);
    if (spec === undefined) throw new Error(`catch matrix: no campaign for ${property}`);
    return { options: { property, variant: row.variant, seed: o.seed, runs: spec.defaultRuns, counterexampleDir }, onDone: () => progress.tick() };
  });
  // Each pair's campaign in a worker thread when there are cores for it: the results are the serial ones (cli/campaigns/pool.ts).
  const results = await runCampaigns(tasks, o.jobs, runCampaign);
  const cells = pairs.map(({ row, property }, i) => {
    const r = results[i] as (typeof results)[number];
    const caught = r.status === 'fail' && r.reason === 'counterexample';
    const scenarios = summaries.filter((s) => s.variant === row.variant && s.expected[property] === 'fail').map((s) => ({ name: s.scenario, matched: s.verdicts[property] === 'fail' }));
    return {
      variant: row.variant,
      property,
      why: row.why,
      status: caught ? ('fail' as const) : ('pass' as const),
      runs: r.runs,
      counterexample: caught && r.counterexample !== null ? { scenarioFile: r.counterexample.scenarioFile, replay: r.counterexample.replay, violations: r.counterexample.violations } : null,
      scenarios,
    };
  });
  const missed = cells.filter((c) => c.status === 'pass').length;
  progress.finish(`${pairs.length - missed} of ${pairs.length} weak-variant pairs caught`);
  const bundle = page.catchMatrixBundle(cells, { seed: o.seed, link: (file) => relative(o.out, file) });
  const files = cells.flatMap((c) => (c.counterexample?.scenarioFile == null ? [] : [relative(o.out, c.counterexample.scenarioFile)]));
  return { bundle: { name: page.CATCH_MATRIX_PAGE_NAME, bundle }, missed, total: pairs.length, files };
}
