// The report files `sealroom check` and `sealroom merge` write beside what they print: --junit (JUnit
// XML), --sarif (SARIF 2.1.0), and the campaign page in the output directory (campaign.{md,html,json}
// and its index, with the run's metadata). All are rendered from the same JSON result --json prints.

import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CounterexampleTimeline } from '../../reports/producers/campaignPage.ts';
import type { CheckJson } from '../../properties/checkReport.ts';
import type { CliIo } from '../command.ts';
import { checkJunit } from '../formats/junit.ts';
import { checkSarif } from '../formats/sarif.ts';
import { writeOutputFile } from '../outputs.ts';
import { runMeta } from '../runMeta.ts';
import { packageVersion } from '../version.ts';
import { CliInputError } from '../exitCodes.ts';

export interface FormatFlags {
  readonly junit: string | undefined;
  readonly sarif: string | undefined;
}

/** The catalogue's promise of each property (loaded with the judges, so only when SARIF is asked for). */
async function promises(): Promise<(id: string) => string | null> {
  const { CATALOGUE } = await import('../../properties/catalogue.ts');
  return (id) => CATALOGUE.find((p) => p.id === id)?.promise ?? null;
}

/**
 * Each counterexample file the result names, loaded and run again to draw its timeline (a shrunk
 * world: one short run each). A file that is missing, does not load or crashes is said, not drawn.
 */
async function counterexampleTimelines(json: CheckJson): Promise<CounterexampleTimeline[]> {
  const failed = json.results.filter((r) => r.counterexample?.scenarioFile != null);
  if (failed.length === 0) return [];
  const [{ loadScenarioFile }, { runScenario }, { summarizeRun }] = await Promise.all([
    import('../../scenarios/load.ts'),
    import('../../scenarios/run.ts'),
    import('../../reports/producers/runSummary.ts'),
  ]);
  return failed.map((r): CounterexampleTimeline => {
    const file = r.counterexample?.scenarioFile as string;
    if (!existsSync(file)) return { property: r.property, run: `the file ${file} was not written` };
    try {
      const scenario = loadScenarioFile(file, json.engine === undefined ? {} : { allowExec: json.engine });
      // One run for the drawing: the replay that DET-REPLAY would add draws nothing.
      const result = runScenario(scenario, { replay: false });
      return { property: r.property, run: summarizeRun(scenario, result, result.log.traceLines) };
    } catch (e) {
      return { property: r.property, run: `running ${file} again failed (${e instanceof Error ? e.message : String(e)})` };
    }
  });
}

/**
 * Writes the campaign page of a check or merge result into `outDir` and returns the index path. A
 * directory that cannot be written is bad input (exit 2), told after the results were printed.
 */
export async function writeCampaignPage(json: CheckJson, outDir: string, io: CliIo, flag: string): Promise<string> {
  // The renderer (and Vega under it) loads only when a page is written, not with every command.
  const [{ checkCampaignBundle, CAMPAIGN_PAGE_NAME }, { writeReports }] = await Promise.all([import('../../reports/producers/campaignPage.ts'), import('../reportFiles.ts')]);
  const bundle = checkCampaignBundle(json, (file) => relative(outDir, file), await counterexampleTimelines(json));
  try {
    const site = await writeReports(outDir, [{ name: CAMPAIGN_PAGE_NAME, bundle }], undefined, runMeta(io, json.seed));
    io.stderr(`wrote the campaign page: ${join(outDir, `${CAMPAIGN_PAGE_NAME}.html`)}\n`);
    return site.indexHtml;
  } catch (e) {
    if (e instanceof CliInputError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new CliInputError(`${flag} ${outDir}: cannot write the campaign page (${why}); the results above still stand`);
  }
}

export async function writeCheckFormats(json: CheckJson, flags: FormatFlags, io: CliIo, exitCode: number): Promise<void> {
  if (flags.junit !== undefined) {
    writeOutputFile('--junit', resolve(io.cwd, flags.junit), checkJunit(json));
    io.stderr(`wrote JUnit XML to ${flags.junit}\n`);
  }
  if (flags.sarif !== undefined) {
    const sarif = checkSarif(json, { cwd: io.cwd, toolVersion: packageVersion(), promise: await promises(), exitCode });
    writeOutputFile('--sarif', resolve(io.cwd, flags.sarif), `${JSON.stringify(sarif, null, 2)}\n`);
    io.stderr(`wrote SARIF to ${flags.sarif}\n`);
  }
}
