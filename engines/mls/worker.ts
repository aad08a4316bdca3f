// The MLS engine's worker thread: every device lives here, and ts-mls's asynchronous calls run here;
// bridge.ts posts one call and blocks until the answer, so the world sees synchronous devices.
//
// The clock: ts-mls checks a key package's lifetime against Date.now() when a member adds it. This
// thread runs nothing but the engine, so Date.now() here is the simulated time of the call being served
// (the caller's nowMs), and a key package's validity depends on the run, not on the wall clock.
import { Handles, serveWorker } from '../blockingWorker.ts';
import { add, confirm, createDevice, createRoom, discardPending, epochView, join, keyPackage, processCommit, receive, remove, roomsOf, send, trial, update } from './device.ts';
import type { Device } from './state.ts';
import type { Reply, Request } from './messages.ts';
import { decodeDevice, encodeDevice } from './stateCodec.ts';

/** The key trial's copy draws no randomness (receiving and processing commits draw none); any seed will do. */
const TRIAL_SEED = new Uint8Array(32);

let simulatedNowMs = 0;
Date.now = () => simulatedNowMs;

const devices = new Handles<Device>();
const live = (h: number): Device => devices.live(h);
const keep = (item: Device): number => devices.keep(item);

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
      devices.release(q.h);
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

serveWorker('engines/mls/worker.ts', (q: Request) =>
  handle(q).then(
    (value): Reply => ({ ok: true, value }),
    (e: unknown): Reply => ({ ok: false, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
  ),
);
