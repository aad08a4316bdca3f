// A synchronous call into the libsignal worker: post the request, block on a shared flag until the
// worker answers, read the answer off the port. The world is a synchronous simulation and libsignal's
// Node API is asynchronous; this is the one place the two meet.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
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
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    const ts = new URL('./worker.ts', import.meta.url);
    const entry = existsSync(fileURLToPath(ts)) ? ts : new URL('./worker.js', import.meta.url);
    this.worker = new Worker(new URL('../workerBoot.mjs', import.meta.url), { workerData: { entry: entry.href } });
    this.worker.unref();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker.postMessage({ port: port2, flag: this.flag.buffer }, [port2]);
  }

  private closed = false;

  /** One call; a refusal is returned, a crash or a hang is thrown. */
  call(q: Request): Reply {
    if (this.closed) throw new EngineCrash(`libsignal worker: ${q.op} after the engine was closed`);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(q);
    if (Atomics.wait(this.flag, 0, 0, CALL_TIMEOUT_MS) === 'timed-out') throw new EngineCrash(`libsignal worker: ${q.op} took over ${CALL_TIMEOUT_MS} ms`);
    const got = receiveMessageOnPort(this.port);
    if (got === undefined) throw new EngineCrash(`libsignal worker: ${q.op} woke with no answer`);
    const reply = got.message as Reply;
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
    this.closed = true;
    void this.worker.terminate();
  }
}
