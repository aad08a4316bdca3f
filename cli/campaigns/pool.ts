// `sealroom check --jobs N`: property campaigns spread over worker threads, one campaign per task, so
// each runs exactly as it would alone (same seed, same runs, same shrinking): the results are the
// serial run's, value for value, in the order asked for (cli/campaigns/pool.test.ts compares them).
// A campaign is single-threaded and takes seconds, so the unit of work is the whole campaign; the
// longest budgets start first. One job, or one campaign, runs in this thread with no worker at all.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CampaignOptions, CampaignResult } from '../../properties/campaignRun.ts';
import { EngineFault, type EngineFaultKind } from '../../engines/fault.ts';
import { CliInputError } from '../exitCodes.ts';
import type { TaskAnswer } from './worker.ts';

/** Runs one campaign in this thread (the serial path). */
export type RunCampaign = (o: CampaignOptions) => CampaignResult;

export interface PoolTask {
  readonly options: CampaignOptions;
  /** Said once the task starts (progress on standard error). */
  readonly onStart?: () => void;
  /** Said once its result is in (a progress bar's tick). */
  readonly onDone?: (result: CampaignResult) => void;
}

/** The results of `tasks`, in their order, computed by at most `jobs` threads. */
export async function runCampaigns(tasks: readonly PoolTask[], jobs: number, runHere: RunCampaign): Promise<CampaignResult[]> {
  if (jobs <= 1 || tasks.length <= 1) {
    return tasks.map((t) => {
      t.onStart?.();
      const r = runHere(t.options);
      t.onDone?.(r);
      return r;
    });
  }
  const results: (CampaignResult | undefined)[] = tasks.map(() => undefined);
  // The error a serial run would have stopped at: the first by task order, not the first in time.
  const errors = new Map<number, unknown>();
  // Longest budget first, so the last campaign to start is a short one.
  const queue = tasks.map((_, i) => i).sort((a, b) => (tasks[b] as PoolTask).options.runs - (tasks[a] as PoolTask).options.runs || a - b);
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => startWorker());
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          const task = tasks[next] as PoolTask;
          task.onStart?.();
          try {
            const r = await w.run(task.options);
            results[next] = r;
            task.onDone?.(r);
          } catch (e) {
            errors.set(next, e);
            // A serial run would not have reached the tasks after this one.
            for (let i = queue.length - 1; i >= 0; i--) if ((queue[i] as number) > next) queue.splice(i, 1);
            if (w.broken()) return;
          }
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
  const first = [...errors.keys()].sort((a, b) => a - b)[0];
  if (first !== undefined) throw errors.get(first);
  return results.map((r, i) => {
    if (r === undefined) throw new Error(`campaign pool: task ${i} has no result`);
    return r;
  });
}

/** How long a worker may take to close its engines and stop before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

interface PoolWorker {
  run(options: CampaignOptions): Promise<CampaignResult>;
  /** The thread died (not a campaign's own error): it takes no more tasks. */
  broken(): boolean;
  close(): Promise<void>;
}

function workerEntry(): URL {
  const ts = new URL('./worker.ts', import.meta.url);
  return existsSync(fileURLToPath(ts)) ? ts : new URL('./worker.js', import.meta.url);
}

function startWorker(): PoolWorker {
  const worker = new Worker(new URL('../../engines/workerBoot.mjs', import.meta.url), { workerData: { entry: workerEntry().href } });
  let pending: { resolve: (r: CampaignResult) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    pending?.reject(e);
    pending = undefined;
  };
  worker.on('message', (answer: TaskAnswer) => {
    const p = pending;
    pending = undefined;
    if (p === undefined) return;
    if (answer.ok) p.resolve(answer.result);
    else p.reject(rebuildError(answer.error));
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => fail(new Error(`campaign worker exited (code ${code}) before it answered`)));
  return {
    broken: () => failure !== undefined,
    run(options) {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(options);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      if (failure !== undefined) {
        await worker.terminate();
        return;
      }
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The worker's error as the class the serial path would have thrown, so exit codes stay the same. */
function rebuildError(e: Extract<TaskAnswer, { ok: false }>['error']): Error {
  if (e.kind === 'engine-fault') return new EngineFault(e.engine ?? 'unknown', (e.faultKind ?? 'failed') as EngineFaultKind, e.detail ?? e.message, e.stderr ?? '');
  if (e.kind === 'input') return new CliInputError(e.message);
  const out = new Error(e.message);
  out.name = e.name;
  if (e.stack !== undefined) out.stack = e.stack;
  return out;
}
