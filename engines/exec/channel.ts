// A synchronous line channel to an engine process (docs/engine-protocol.md "Running an engine"): a
// worker thread owns the process (childWorker.ts); the caller posts a line and blocks on a shared flag
// until the engine's next line, its exit, or the time limit. The world is a synchronous simulation, so
// this is where it meets a process it cannot call directly. No engine process outlives sealroom: the
// channel kills the process group on close, on a hang, and when sealroom exits.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { EngineFault } from '../fault.ts';
import type { ChannelMessage, ChildMessage } from './channelMessages.ts';

/** How long an engine may take to start and answer its first line. */
const START_TIMEOUT_MS = 30_000;
/** How long an engine has to exit after its input ends, before its process group is killed. */
const EXIT_GRACE_MS = 2_000;

/** Process groups of the channels still open, killed if sealroom exits first. */
const live = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
  live.delete(pid);
}

/** Signals that end sealroom: the engines' groups are killed first, then the signal does what it would have done. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of [...live]) killGroup(pid);
  });
  for (const signal of ENDING_SIGNALS) {
    const onSignal = (): void => {
      for (const pid of [...live]) killGroup(pid);
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** What came back for one line: the engine's answer, or how it ended. */
export type Answer = { readonly kind: 'line'; readonly line: string } | { readonly kind: 'exit'; readonly code: number | null; readonly signal: string | null };

export class LineChannel {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly pid: number;
  private exit: { code: number | null; signal: string | null; stderr: string } | undefined;
  private readonly lines: string[] = [];
  private closed = false;

  constructor(
    /** The shell command, as the user gave it after `exec:`. */
    readonly command: string,
    /** The name faults carry: the command until the engine has said its name. */
    public label: string = command,
  ) {
    installExitHook();
    const ts = new URL('./childWorker.ts', import.meta.url);
    const entry = existsSync(fileURLToPath(ts)) ? ts : new URL('./childWorker.js', import.meta.url);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('../workerBoot.mjs', import.meta.url), {
      workerData: { entry: entry.href, command, cwd: process.cwd(), port: port2, flag: this.flag.buffer },
      transferList: [port2],
    });
    this.worker.unref();
    const started = this.next(START_TIMEOUT_MS, 'starting');
    if (started.kind !== 'started') throw this.fault('crashed', 'did not start');
    this.pid = started.pid;
    live.add(this.pid);
  }

  /** The next message from the worker, blocking up to `timeoutMs`. */
  private next(timeoutMs: number, doing: string): ChildMessage {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got !== undefined) return got.message as ChildMessage;
      const left = deadline - Date.now();
      if (left <= 0) throw this.hung(doing, timeoutMs);
      Atomics.store(this.flag, 0, 0);
      // A message posted between the read above and the store is still on the port: look once more before sleeping.
      const raced = receiveMessageOnPort(this.port);
      if (raced !== undefined) return raced.message as ChildMessage;
      Atomics.wait(this.flag, 0, 0, left);
    }
  }

  private post(m: ChannelMessage): void {
    this.port.postMessage(m);
  }

  /** Writes one line to the engine and waits for the line it writes back (or its exit). */
  exchange(line: string, timeoutMs: number, doing: string): Answer {
    if (this.closed) throw this.fault('failed', `${doing} after the engine was stopped`);
    if (this.exit !== undefined) return { kind: 'exit', code: this.exit.code, signal: this.exit.signal };
    this.post({ kind: 'line', line });
    return this.read(timeoutMs, doing);
  }

  /** The engine's next line without writing one (its answer to a line sent raw), or its exit. */
  read(timeoutMs: number, doing: string): Answer {
    const queued = this.lines.shift();
    if (queued !== undefined) return { kind: 'line', line: queued };
    for (;;) {
      const m = this.next(timeoutMs, doing);
      if (m.kind === 'line') return { kind: 'line', line: m.line };
      if (m.kind === 'overflow') throw this.fault('misbehaving', `wrote a line of over ${m.limit} characters while ${doing}`);
      if (m.kind === 'exit') {
        this.exit = { code: m.code, signal: m.signal, stderr: m.stderr };
        live.delete(this.pid);
        return { kind: 'exit', code: m.code, signal: m.signal };
      }
    }
  }

  /** The last of what the engine wrote on standard error. */
  stderr(): string {
    if (this.exit !== undefined) return this.exit.stderr;
    if (this.closed) return '';
    this.post({ kind: 'stderr' });
    try {
      for (;;) {
        const m = this.next(EXIT_GRACE_MS, 'reading its standard error');
        if (m.kind === 'stderr') return m.stderr;
        if (m.kind === 'line') this.lines.push(m.line);
        if (m.kind === 'exit') {
          this.exit = { code: m.code, signal: m.signal, stderr: m.stderr };
          return m.stderr;
        }
      }
    } catch {
      return '';
    }
  }

  /** A fault of this engine, carrying its standard error. */
  fault(kind: EngineFault['kind'], detail: string): EngineFault {
    return new EngineFault(this.label, kind, detail, this.stderr());
  }

  private hung(doing: string, timeoutMs: number): EngineFault {
    const stderr = this.stderr();
    killGroup(this.pid);
    this.closed = true;
    void this.worker.terminate();
    return new EngineFault(this.label, 'hung', `no answer to ${doing} within ${timeoutMs} ms (its processes were killed)`, stderr);
  }

  /** Whether the engine exited within the grace period after its input ended (else its group was killed), and what it wrote meanwhile. */
  close(): { readonly exitedCleanly: boolean; readonly code: number | null; readonly linesAfterEnd: number } {
    if (this.closed) return { exitedCleanly: false, code: null, linesAfterEnd: 0 };
    let linesAfterEnd = this.lines.length;
    this.lines.length = 0;
    if (this.exit === undefined) {
      this.post({ kind: 'end' });
      try {
        while (this.exit === undefined) if (this.read(EXIT_GRACE_MS, 'exiting at the end of its input').kind === 'line') linesAfterEnd++;
      } catch {
        // hung at exit: killed below
      }
    }
    this.closed = true;
    const code = this.exit?.code ?? null;
    killGroup(this.pid);
    void this.worker.terminate();
    return { exitedCleanly: this.exit !== undefined, code, linesAfterEnd };
  }
}
