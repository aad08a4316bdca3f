// Library scenarios run with every phone on one device engine (engines/*/judged.test.ts): the scenario
// file as it is, only its engine replaced.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { runScenario, type ScenarioResult } from '../../scenarios/run.ts';

const LIBRARY = fileURLToPath(new URL('../../scenarios/library/', import.meta.url));

/** Runs library scenario `name` on `engine`. */
export function onEngine(engine: string): (name: string) => ScenarioResult {
  return (name) => runScenario({ ...loadScenarioFile(join(LIBRARY, `${name}.json`)), engine });
}
