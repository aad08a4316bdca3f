// The --jobs flag of `sealroom check` and `sealroom run`: how many campaigns run at once, each in a
// worker thread (pool.ts). Default: the core count; more than MAX_JOBS is bad input.
import { availableParallelism } from 'node:os';
import { CliInputError } from '../exitCodes.ts';

/** More jobs than this are refused: each is a thread holding a whole world. */
const MAX_JOBS = 64;

export function parseJobs(jobs: number | undefined): number {
  if (jobs === undefined) return availableParallelism();
  if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new CliInputError(`--jobs must be an integer from 1 to ${MAX_JOBS}; found ${jobs}`);
  return jobs;
}
