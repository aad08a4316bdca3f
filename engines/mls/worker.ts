// The MLS engine's worker thread: every device lives here, and ts-mls's asynchronous calls run here;
// bridge.ts posts one call and blocks until the answer, so the world sees synchronous devices.
//
// The clock: ts-mls checks a key package's lifetime against Date.now() when a member adds it. This
// thread runs nothing but the engine, so Date.now() here is the simulated time of the call being served
// (the caller's nowMs), and a key package's validity depends on the run, not on the wall clock.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { add, confirm, createDevice, createRoom, discardPending, epochView, join, keyPackage, processCommit, receive, remove, roomsOf, send, trial, update, type Device } from './device.ts';
import type { Reply, Request } from './messages.ts';
import { decodeDevice, encodeDevice } from './stateCodec.ts';

/** Devices alive at once in this worker: the judges import and release a clone per trial. */
const MAX_LIVE_DEVICES = 10_000;
/** The key trial's copy draws no randomness (receiving and processing commits draw none); any seed will do. */
const TRIAL_SEED = new Uint8Array(32);

let simulatedNowMs = 0;
Date.now = () => simulatedNowMs;

const devices = new Map<number, Device>();
let nextHandle = 1;

function live(h: number): Device {
  const d = devices.get(h);
  if (d === undefined) throw new Error(`no live device ${h}`);
  return d;
}

function keep(d: Device): number {
  if (devices.size >= MAX_LIVE_DEVICES) throw new Error(`MAX_LIVE_DEVICES (${MAX_LIVE_DEVICES}) devices alive: a caller does not release its clones`);
  const h = nextHandle++;
  devices.set(h, d);
  return h;
}

async function handle(q: Request): Promise<unknown> {
  if ('nowMs' in q) simulatedNowMs = q.nowMs;
  switch (q.op) {
    case 'create':
      return keep(await createDevice({ user: q.user, device: q.device }, q.seed, q.retention));
    case 'import':
      return keep(decodeDevice(q.state, q.seed));
    case 'export':
      return encodeDevice(live(q.h));
    case 'release':
      devices.delete(q.h);
      return undefined;
    case 'identity':
      return live(q.h).publicKey;
    case 'address':
      return live(q.h).address;
    case 'rooms':
      return roomsOf(live(q.h));
    case 'key-package':
      return keyPackage(live(q.h));
    case 'create-group':
      return createRoom(live(q.h), q.room);
    case 'add':
      return add(live(q.h), q.room, q.keyPackages);
    case 'remove':
      return remove(live(q.h), q.room, q.members);
    case 'update':
      return update(live(q.h), q.room);
    case 'confirm':
      return confirm(live(q.h), q.room, q.commit);
    case 'discard':
      discardPending(live(q.h), q.room);
      return undefined;
    case 'process-commit':
      return processCommit(live(q.h), q.room, q.commit);
    case 'join':
      return join(live(q.h), q.welcome);
    case 'send':
      return send(live(q.h), q.room, q.plaintext);
    case 'receive':
      return receive(live(q.h), q.room, q.message);
    case 'epoch':
      return epochView(live(q.h), q.room);
    case 'open':
      return trial(decodeDevice(q.state, TRIAL_SEED), q.room, q.message, q.handshakes);
  }
}

/** One call: answer on the reply port, then wake the caller blocked on the shared flag. */
function serve(port: MessagePort, flag: Int32Array): void {
  port.on('message', (q: Request) => {
    handle(q)
      .then(
        (value): Reply => ({ ok: true, value }),
        (e: unknown): Reply => ({ ok: false, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
      )
      .then((reply) => {
        port.postMessage(reply);
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      });
  });
}

if (parentPort === null) throw new Error('engines/mls/worker.ts runs as a worker thread only');
parentPort.once('message', (m: { port: MessagePort; flag: SharedArrayBuffer }) => serve(m.port, new Int32Array(m.flag)));
