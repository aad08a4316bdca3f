// A synchronous call into the libsignal worker: post the request, block on a shared flag until the
// worker answers, read the answer off the port. The world is a synchronous simulation and libsignal's
// Node API is asynchronous; this is the one place the two meet.
import { createRequire } from 'node:module';
import { BlockingWorker } from '../blockingWorker.ts';
import { EngineFault } from '../fault.ts';
import type { Reply, Request } from './messages.ts';

/** How long one call may take before the engine is declared hung (a first call loads the native module). */
const CALL_TIMEOUT_MS = 60_000;

/** The libsignal worker crashed, hung or refused a call that must not be refused. */
export class EngineCrash extends EngineFault {
  override readonly name = 'EngineCrash';
  constructor(detail: string) {
    super('libsignal', 'crashed', detail);
  }
}

/** Whether @signalapp/libsignal-client can be loaded here (it is an optional devDependency). */
export function libsignalInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@signalapp/libsignal-client');
    return true;
  } catch {
    return false;
  }
}

export class Bridge {
  private readonly worker = new BlockingWorker(import.meta.url, 'libsignal', CALL_TIMEOUT_MS);

  /** One call; a refusal is returned, a crash or a hang is thrown. */
  call(q: Request): Reply {
    const reply = this.worker.exchange(q) as Reply;
    if (!reply.ok && reply.code === 'CRASH') throw new EngineCrash(`libsignal worker: ${q.op}: ${reply.detail}`);
    return reply;
  }

  /** The value of a call that must not be refused. */
  value(q: Request): unknown {
    const r = this.call(q);
    if (!r.ok) throw new EngineCrash(`libsignal worker: ${q.op} refused (${r.code}): ${r.detail}`);
    return r.value;
  }

  close(): void {
    this.worker.close();
  }
}
