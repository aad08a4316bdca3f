// A synchronous call into the MLS worker: post the request, block on a shared flag until the worker
// answers, read the answer off the port (the libsignal engine's pattern, engines/libsignal/bridge.ts).
import { BlockingWorker } from '../blockingWorker.ts';
import { EngineFault } from '../fault.ts';
import type { Reply, Request } from './messages.ts';

/** How long one call may take before the engine is declared hung (the first call loads ts-mls; a join into a large tree takes seconds). */
const CALL_TIMEOUT_MS = 120_000;

/** The MLS worker crashed, hung, or failed in its own code. */
class MlsEngineCrash extends EngineFault {
  override readonly name = 'MlsEngineCrash';
  constructor(detail: string) {
    super('mls', 'crashed', detail);
  }
}

export class Bridge {
  private readonly worker = new BlockingWorker(import.meta.url, 'mls', CALL_TIMEOUT_MS);

  /** The value the worker answers; its crash, a hang or a failure of its code is thrown. */
  call(q: Request): unknown {
    const reply = this.worker.exchange(q) as Reply;
    if (!reply.ok) throw new MlsEngineCrash(`mls worker: ${q.op}: ${reply.detail}`);
    return reply.value;
  }

  close(): void {
    this.worker.close();
  }
}
