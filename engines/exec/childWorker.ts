// The worker thread that owns an exec engine's process (channel.ts is the other side): it starts the
// command in a process group of its own, writes the lines the channel posts to the engine's standard
// input, posts back each line the engine writes and its exit, and keeps the tail of its standard error.
// Every post sets the shared flag and wakes the channel, which blocks on it.
import { spawn } from 'node:child_process';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { ChildMessage, ChannelMessage } from './channelMessages.ts';

/** Characters of standard error kept for a fault report. */
const STDERR_KEPT = 64 * 1024;
/** The longest line an engine may write (a base64 state of about 48 MB); past it the engine is misbehaving. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

const { command, cwd, port, flag: flagBuffer } = workerData as { command: string; cwd: string; port: MessagePort; flag: SharedArrayBuffer };
const flag = new Int32Array(flagBuffer);

function post(m: ChildMessage): void {
  port.postMessage(m);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
let stderr = '';
/** The line being read, in the chunks it came in: each chunk is searched once, so a long line costs its length, not its square. */
let pending: string[] = [];
let pendingChars = 0;
let overflowed = false;
let exited = false;

child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk: string) => {
  stderr = (stderr + chunk).slice(-STDERR_KEPT);
});
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk: string) => {
  if (overflowed) return;
  let rest = chunk;
  for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n')) {
    pending.push(rest.slice(0, nl));
    post({ kind: 'line', line: pending.join('') });
    pending = [];
    pendingChars = 0;
    rest = rest.slice(nl + 1);
  }
  if (rest === '') return;
  pending.push(rest);
  pendingChars += rest.length;
  if (pendingChars > MAX_LINE_CHARS) {
    overflowed = true;
    pending = [];
    post({ kind: 'overflow', limit: MAX_LINE_CHARS });
  }
});
// A write after the engine died fails with EPIPE; its exit is what the channel is told.
child.stdin.on('error', () => {});
child.on('error', (e) => {
  exited = true;
  post({ kind: 'exit', code: null, signal: null, stderr: `${stderr}${e.message}\n` });
});
/** How long after the engine's own exit its output may stay open (a process it started still holds the pipe) before the exit is reported anyway. */
const CLOSE_GRACE_MS = 500;
let reported = false;

function reportExit(code: number | null, signal: NodeJS.Signals | null): void {
  if (reported) return;
  reported = true;
  exited = true;
  if (pending.length > 0) post({ kind: 'line', line: pending.join('') });
  post({ kind: 'exit', code, signal, stderr });
}

child.on('exit', (code, signal) => {
  setTimeout(() => reportExit(code, signal), CLOSE_GRACE_MS).unref();
});
child.on('close', (code, signal) => reportExit(code, signal));

port.on('message', (m: ChannelMessage) => {
  if (m.kind === 'line') {
    if (!exited) child.stdin.write(`${m.line}\n`);
  } else if (m.kind === 'stderr') post({ kind: 'stderr', stderr });
  else if (m.kind === 'end') child.stdin.end();
});

post({ kind: 'started', pid: child.pid ?? -1 });
