// A synchronous call into a worker thread, for engines over asynchronous libraries (libsignal, ts-mls,
// @privacyresearch): the caller posts a request and blocks on a shared flag until the worker answers,
// then reads the answer off the port. The world is a synchronous simulation; this is where it meets a
// library that only offers promises. `serveWorker` is the worker's side of the same exchange.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, parentPort, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { EngineFault } from './fault.ts';

/** How long the caller sleeps between looks for an answer the flag announced but the port has not shown yet. */
const ANSWER_POLL_MS = 1;

export class BlockingWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;

  /**
   * Starts `worker.ts` beside `from` (an engine module's import.meta.url; `worker.js` in the built
   * package) through engines/workerBoot.mjs. `engine` names the faults; a call over `timeoutMs` is a hang.
   */
  constructor(
    from: string,
    private readonly engine: string,
    private readonly timeoutMs: number,
  ) {
    const ts = new URL('./worker.ts', from);
    const entry = existsSync(fileURLToPath(ts)) ? ts : new URL('./worker.js', from);
    this.worker = new Worker(new URL('./workerBoot.mjs', import.meta.url), { workerData: { entry: entry.href } });
    this.worker.unref();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker.postMessage({ port: port2, flag: this.flag.buffer }, [port2]);
  }

  /** The worker's answer to `q` as it came; a closed engine, a hang or a missing answer is an EngineFault. */
  exchange(q: { readonly op: string }): unknown {
    if (this.closed) throw new EngineFault(this.engine, 'failed', `${q.op} after the engine was closed`);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(q);
    const started = performance.now();
    if (Atomics.wait(this.flag, 0, 0, this.timeoutMs) === 'timed-out') throw new EngineFault(this.engine, 'hung', `${q.op} took over ${this.timeoutMs} ms`);
    // The worker posts its answer before it raises the flag, but on a loaded machine the message can
    // reach this side's port a moment after the flag: poll for it (the flag stays raised, so each wait
    // is a short sleep) until the call's time limit.
    let got = receiveMessageOnPort(this.port);
    while (got === undefined && performance.now() - started < this.timeoutMs) {
      Atomics.wait(this.flag, 0, 1, ANSWER_POLL_MS);
      got = receiveMessageOnPort(this.port);
    }
    if (got === undefined) throw new EngineFault(this.engine, 'crashed', `${q.op} woke with no answer`);
    return got.message;
  }

  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }
}

/**
 * The worker's side: answers each request with `handle`'s reply on the port, then wakes the caller.
 * `handle` turns its own failures into replies; `after` runs once a reply is posted-ready (a library's
 * bookkeeping to clear between calls).
 */
export function serveWorker<Q, R>(file: string, handle: (q: Q) => Promise<R>, after?: () => void): void {
  if (parentPort === null) throw new Error(`${file} runs as a worker thread only`);
  parentPort.once('message', (m: { port: MessagePort; flag: SharedArrayBuffer }) => {
    const flag = new Int32Array(m.flag);
    m.port.on('message', (q: Q) => {
      void handle(q).then((reply) => {
        after?.();
        m.port.postMessage(reply);
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      });
    });
  });
}

/** Devices alive at once in one worker: the judges import and release a clone per trial. */
const MAX_LIVE_DEVICES = 10_000;

/** A worker's live devices by handle, bounded (a caller that never releases its clones is a bug). */
export class Handles<T> {
  private readonly items = new Map<number, T>();
  private next = 1;

  live(h: number): T {
    const item = this.items.get(h);
    if (item === undefined) throw new Error(`no live device ${h}`);
    return item;
  }

  keep(item: T): number {
    if (this.items.size >= MAX_LIVE_DEVICES) throw new Error(`MAX_LIVE_DEVICES (${MAX_LIVE_DEVICES}) devices alive: a caller does not release its clones`);
    const h = this.next++;
    this.items.set(h, item);
    return h;
  }

  /** Puts `item` in the place of the live device `h` (a step that succeeded on a copy). */
  replace(h: number, item: T): void {
    this.live(h);
    this.items.set(h, item);
  }

  release(h: number): void {
    this.items.delete(h);
  }
}
