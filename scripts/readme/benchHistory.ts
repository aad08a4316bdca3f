// Saved bench runs (bench/history/): one folder per measuring session, named by its date
// (`2026-12-04`, a second one that day `2026-12-04-2`), each holding the `bench-results.json` of one or
// more `sealroom bench --json` runs (bench/harness/results.ts) under names that sort in run order.
// The README's performance figures are rendered from the newest folder (scripts/readmePerformance.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchResults, RESULTS_FORMAT, RESULTS_VERSION } from '../../bench/harness/results.ts';

export class BenchHistoryError extends Error {
  override readonly name = 'BenchHistoryError';
}

/** One saved run: the file it came from (relative to the history folder's parent) and its results. */
export interface SavedRun {
  readonly file: string;
  readonly results: BenchResults;
}

/** A measuring session: its folder (repository-relative) and its runs in name order. */
export interface HistorySession {
  readonly folder: string;
  readonly runs: readonly SavedRun[];
}

const SESSION_NAME = /^\d{4}-\d{2}-\d{2}(-\d+)?$/;

/** Orders `2026-12-04` before `2026-12-04-2` before `2026-12-04-10` before `2026-12-05`. */
function sessionKey(name: string): [string, number] {
  const suffix = /-(\d+)$/.exec(name.slice(10));
  return [name.slice(0, 10), suffix === null ? 1 : Number(suffix[1])];
}

/** The newest session folder's name in `historyDir`. */
export function newestSession(historyDir: string): string {
  const names = readdirSync(historyDir).filter((n) => SESSION_NAME.test(n) && statSync(join(historyDir, n)).isDirectory());
  if (names.length === 0) throw new BenchHistoryError(`${historyDir}: no session folder (YYYY-MM-DD) with saved bench results`);
  return names.sort((a, b) => {
    const [da, na] = sessionKey(a);
    const [db, nb] = sessionKey(b);
    return da === db ? na - nb : da < db ? -1 : 1;
  })[names.length - 1] as string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks what the renderer reads; anything else in the file is passed through untouched. */
export function parseSavedResults(text: string, file: string): BenchResults {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BenchHistoryError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(raw)) throw new BenchHistoryError(`${file}: expected a JSON object`);
  if (raw['format'] !== RESULTS_FORMAT) throw new BenchHistoryError(`${file}: format is ${JSON.stringify(raw['format'])}, expected "${RESULTS_FORMAT}"`);
  if (raw['version'] !== RESULTS_VERSION) throw new BenchHistoryError(`${file}: version is ${JSON.stringify(raw['version'])}, expected ${RESULTS_VERSION}`);
  for (const key of ['cases', 'sizes', 'ratios']) {
    if (!Array.isArray(raw[key])) throw new BenchHistoryError(`${file}: \`${key}\` must be an array`);
  }
  if (raw['targets'] !== null && !Array.isArray(raw['targets'])) throw new BenchHistoryError(`${file}: \`targets\` must be an array or null`);
  const machine = raw['machine'];
  if (!isObject(machine) || typeof machine['cpuModel'] !== 'string' || typeof machine['node'] !== 'string') {
    throw new BenchHistoryError(`${file}: \`machine\` must name the CPU and Node version`);
  }
  if (typeof raw['finishedAt'] !== 'string' || typeof raw['mode'] !== 'string') throw new BenchHistoryError(`${file}: \`finishedAt\` and \`mode\` must be strings`);
  return raw as unknown as BenchResults;
}

/** Every run of session `name` under `historyDir`; `label` is how the folder is named in messages and output. */
export function loadSession(historyDir: string, name: string, label: string): HistorySession {
  const dir = join(historyDir, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new BenchHistoryError(`${label}: no .json bench results`);
  return { folder: label, runs: files.map((f) => ({ file: f, results: parseSavedResults(readFileSync(join(dir, f), 'utf8'), `${label}/${f}`) })) };
}
