// A campaign's shrunk failure as a scenario file (docs/scenario-language.md): the generated
// scenario renamed, described, with `expect` set to the failing verdict, written as JSON that
// passes the published schema, plus the exact command that replays the campaign.
import { createHash } from 'node:crypto';
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
  readonly seed: number | bigint;
  readonly runs: number;
  /** `i/n` when the campaign ran as one shard of a longer one (`runs` is then the whole campaign's). */
  readonly shard?: string;
  /** The engine the campaign judged, when not the variant's own (a registered name or `exec:COMMAND`). */
  readonly engine?: string;
}

/** A word for the shell: as it is when it is plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that reruns one campaign (or shard) exactly: same seed, same runs, same shrink. */
export function replayCommand(c: CampaignCoordinates): string {
  const shard = c.shard === undefined ? '' : ` --shard ${c.shard}`;
  const engine = c.engine === undefined ? '' : ` --engine ${shellWord(c.engine)}`;
  return `npx tsx cli/main.ts check --property ${c.property} --variant ${c.variant}${engine} --seed ${c.seed} --runs ${c.runs}${shard}`;
}

/** A registered engine's name, or for `exec:COMMAND` a short tag of the command's words and a digest of all of it (two commands never share a file). */
function engineTag(engine: string): string {
  if (!engine.startsWith('exec:')) return engine;
  const words = engine
    .toLowerCase()
    .slice('exec:'.length)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const digest = createHash('sha256').update(engine).digest('hex').slice(0, 8);
  return `exec-${words.slice(0, 20).replace(/-+$/, '')}-${digest}`;
}

function counterexampleName(c: CampaignCoordinates): string {
  const shard = c.shard === undefined ? '' : `-k${c.shard.replace('/', 'of')}`;
  const name = `cx-${c.property.toLowerCase()}-${c.engine === undefined ? c.variant : engineTag(c.engine)}-s${c.seed}`;
  return `${name.slice(0, 64 - shard.length)}${shard}`;
}

/** The failing scenario, renamed and expecting the failure it showed. */
export function counterexampleScenario(found: Scenario, c: CampaignCoordinates, violations: readonly string[]): Scenario {
  const first = (violations[0] ?? 'the property failed').slice(0, MAX_QUOTED_CHARS);
  const json = {
    ...found,
    name: counterexampleName(c),
    description: {
      goal: `Shrunk counterexample: ${c.property} fails on ${c.engine === undefined ? `the ${c.variant} variant` : `the engine ${c.engine}`}.`,
      threat: found.description.threat,
      expected: `${c.property} fails: ${first}. Found by: ${replayCommand(c)}`,
    },
    expect: { [c.property]: 'fail' },
  };
  return JSON.parse(JSON.stringify(json)) as Scenario;
}

/** Where writeCounterexample puts a scenario: `<dir>/<name>.json`. */
export function counterexampleFile(dir: string, s: Scenario): string {
  return join(dir, `${s.name}.json`);
}

/** Writes the scenario as `<dir>/<name>.json`; returns the path. */
export function writeCounterexample(dir: string, s: Scenario): string {
  mkdirSync(dir, { recursive: true });
  const file = counterexampleFile(dir, s);
  writeFileSync(file, `${JSON.stringify(s, null, 2)}\n`);
  return file;
}
