// A synchronous call into the MLS worker: post the request, block on a shared flag until the worker
// answers, read the answer off the port (the libsignal engine's pattern, engines/libsignal/bridge.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { EngineFault } from '../fault.ts';
import type { Reply, Request } from './messages.ts';

/** How long one call may take before the engine is declared hung (the first call loads ts-mls; a join into a large tree takes seconds). */
const CALL_TIMEOUT_MS = 120_000;

/** The MLS worker crashed, hung, or failed in its own code. */
export class MlsEngineCrash extends EngineFault {
  override readonly name = 'MlsEngineCrash';
  constructor(detail: string) {
    super('mls', 'crashed', detail);
  }
}

export class Bridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;

  constructor() {
    const ts = new URL('./worker.ts', import.meta.url);
    const entry = existsSync(fileURLToPath(ts)) ? ts : new URL('./worker.js', import.meta.url);
    this.worker = new Worker(new URL('../workerBoot.mjs', import.meta.url), { workerData: { entry: entry.href } });
    this.worker.unref();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker.postMessage({ port: port2, flag: this.flag.buffer }, [port2]);
  }

  /** One call's value; a crash, a hang or a failure of the worker's code is thrown. */
  call(q: Request): unknown {
    if (this.closed) throw new MlsEngineCrash(`mls worker: ${q.op} after the engine was closed`);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(q);
    if (Atomics.wait(this.flag, 0, 0, CALL_TIMEOUT_MS) === 'timed-out') throw new MlsEngineCrash(`mls worker: ${q.op} took over ${CALL_TIMEOUT_MS} ms`);
    const got = receiveMessageOnPort(this.port);
    if (got === undefined) throw new MlsEngineCrash(`mls worker: ${q.op} woke with no answer`);
    const reply = got.message as Reply;
    if (!reply.ok) throw new MlsEngineCrash(`mls worker: ${q.op}: ${reply.detail}`);
    return reply.value;
  }

  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }
}
