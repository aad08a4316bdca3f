// The blocking call into the privacyresearch worker: the library is asynchronous (WebCrypto, promises
// throughout), the world is a synchronous simulation. A call posts its request, parks this thread on a
// shared flag until the worker raises it, and takes the answer off the port.
import { createRequire } from 'node:module';
import { BlockingWorker } from '../blockingWorker.ts';
import { EngineFault } from '../fault.ts';
import type { Reply, Request } from './messages.ts';

/** The npm package this engine adapts (GPL-3.0-only, a devDependency). */
export const PACKAGE = '@privacyresearch/libsignal-protocol-typescript';

/** How long one call may take before the engine counts as hung (the first call compiles the library's curve code). */
const CALL_TIMEOUT_MS = 60_000;

/** The privacyresearch worker crashed, hung, or failed in its own code. */
class PrivacyresearchCrash extends EngineFault {
  override readonly name = 'PrivacyresearchCrash';
  constructor(detail: string) {
    super('privacyresearch', 'crashed', detail);
  }
}

/** Whether the package can be resolved from here (a devDependency, so it may be absent). */
export function privacyresearchInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve(PACKAGE);
    return true;
  } catch {
    return false;
  }
}

export class Bridge {
  private readonly worker = new BlockingWorker(import.meta.url, 'privacyresearch', CALL_TIMEOUT_MS);

  /** The value the worker answers; its crash, a hang or a failure of its code is thrown. */
  call(q: Request): unknown {
    const reply = this.worker.exchange(q) as Reply;
    if (!reply.ok) throw new PrivacyresearchCrash(`${q.op}: ${reply.detail}`);
    return reply.value;
  }

  close(): void {
    this.worker.close();
  }
}
