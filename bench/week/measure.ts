// Measures the 1,000-user simulated week in a child process (bench/week/week.ts), so the peak RSS
// reported is that run's own and not the bench process's. Throws if the week did not deliver.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SizeResult } from '../harness/types.ts';

const WEEK_USERS = 1_000;
const WEEK_DAYS = 7;
/** A week takes ~35 s on 2 cores; anything past this is a hang. */
const WEEK_TIMEOUT_MS = 10 * 60 * 1000;
/** The size row (and the target's measurement) this run produces. */
export const WEEK_ROW_ID = 'sim.week-1000-users.peak-rss';

export function measureWeek(): SizeResult {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'week.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, String(WEEK_USERS), String(WEEK_DAYS)], { encoding: 'utf8', timeout: WEEK_TIMEOUT_MS });
  // A crash, a kill or an out-of-memory death is an internal error of the benchmark (exit 3), shown with its signal.
  if (r.error !== undefined) throw new Error(`week run could not start or timed out: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`week run ${r.signal === null ? `exited ${String(r.status)}` : `was killed by ${r.signal}`}: ${r.stderr.slice(-500)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { messages: number; accepted: number; peakRssBytes: number; wallMs: number };
  if (out.accepted !== out.messages) throw new Error(`week run: ${out.accepted} of ${out.messages} messages accepted`);
  return {
    id: WEEK_ROW_ID,
    label: `peak RSS of a simulated week with ${WEEK_USERS} users`,
    impl: 'sealroom-native',
    bytes: out.peakRssBytes,
    note: `child process maxRSS: ${WEEK_USERS} users in ${WEEK_USERS / 2} direct rooms, ${WEEK_DAYS} days, one view-once message a day each (${out.messages} sent and viewed), honest server, one warrant and one seizure; ${out.wallMs} ms`,
  };
}
