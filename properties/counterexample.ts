// A campaign's shrunk failure as a scenario file (docs/scenario-language.md): the generated
// scenario renamed, described, with `expect` set to the failing verdict, written as JSON that
// passes the published schema, plus the exact command that replays the campaign.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VariantName } from '../protocol/variant.ts';
import type { CampaignPropertyId } from './outcome.ts';
import type { Scenario } from './scenario.ts';

/** Description fields quote at most this much of the first violation. */
const MAX_QUOTED_CHARS = 400;

export interface CampaignCoordinates {
  readonly property: CampaignPropertyId;
  readonly variant: VariantName;
  readonly seed: number;
  readonly runs: number;
}

/** The command that reruns one campaign exactly (same seed, same run count: same runs, same shrink). */
export function replayCommand(c: CampaignCoordinates): string {
  return `npx tsx cli/main.ts check --property ${c.property} --variant ${c.variant} --seed ${c.seed} --runs ${c.runs}`;
}

function counterexampleName(c: CampaignCoordinates): string {
  return `cx-${c.property.toLowerCase()}-${c.variant}-s${c.seed}`.slice(0, 64);
}

/** The failing scenario, renamed and expecting the failure it showed. */
export function counterexampleScenario(found: Scenario, c: CampaignCoordinates, violations: readonly string[]): Scenario {
  const first = (violations[0] ?? 'the property failed').slice(0, MAX_QUOTED_CHARS);
  const json = {
    ...found,
    name: counterexampleName(c),
    description: {
      goal: `Shrunk counterexample: ${c.property} fails on the ${c.variant} variant.`,
      threat: found.description.threat,
      expected: `${c.property} fails: ${first}. Found by: ${replayCommand(c)}`,
    },
    expect: { [c.property]: 'fail' },
  };
  return JSON.parse(JSON.stringify(json)) as Scenario;
}

/** Writes the scenario as `<dir>/<name>.json`; returns the path. */
export function writeCounterexample(dir: string, s: Scenario): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${s.name}.json`);
  writeFileSync(file, `${JSON.stringify(s, null, 2)}\n`);
  return file;
}
