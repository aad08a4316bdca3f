// A campaign worker thread (cli/campaigns/pool.ts): runs each campaign it is sent, one at a time, with
// the same code as the serial path, and answers with the result or the error it threw.
import { parentPort } from 'node:worker_threads';
import { EngineFault } from '../../engines/fault.ts';
import { closeLoadedEngines } from '../../engines/loadedEngines.ts';
import { runCampaign, type CampaignOptions, type CampaignResult } from '../../properties/campaignRun.ts';
import { CliInputError } from '../exitCodes.ts';

export type TaskAnswer =
  | { readonly ok: true; readonly result: CampaignResult }
  | {
      readonly ok: false;
      readonly error: {
        readonly kind: 'engine-fault' | 'input' | 'other';
        readonly name: string;
        readonly message: string;
        readonly stack?: string | undefined;
        readonly engine?: string;
        readonly faultKind?: string;
        readonly detail?: string;
        readonly stderr?: string;
      };
    };

function answerOf(e: unknown): TaskAnswer {
  if (e instanceof EngineFault) return { ok: false, error: { kind: 'engine-fault', name: e.name, message: e.message, engine: e.engine, faultKind: e.kind, detail: e.detail, stderr: e.stderr } };
  if (e instanceof CliInputError) return { ok: false, error: { kind: 'input', name: e.name, message: e.message } };
  const err = e instanceof Error ? e : new Error(String(e));
  return { ok: false, error: { kind: 'other', name: err.name, message: err.message, stack: err.stack } };
}

const port = parentPort;
if (port === null) throw new Error('cli/campaigns/worker.ts runs as a worker thread');
port.on('message', (message: CampaignOptions | 'close') => {
  if (message === 'close') {
    // Engines this thread started (an exec engine's process) stop before the thread does.
    closeLoadedEngines();
    port.close();
    return;
  }
  const options = message;
  let answer: TaskAnswer;
  try {
    answer = { ok: true, result: runCampaign(options) };
  } catch (e) {
    answer = answerOf(e);
  }
  port.postMessage(answer);
});
