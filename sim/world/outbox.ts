// A phone's network client for what it sends: each envelope goes to the server with doubling retries
// until the server confirms it ('accepted'). Offline, nothing is sent and no attempt is counted;
// coming back online resumes every envelope on one retry chain. Shared by every session engine.
import type { DeviceId } from '../../protocol/ids.ts';
import type { Engine, EventHandle } from '../engine/engine.ts';
import type { Network } from '../network/network.ts';
import { SERVER_PARTY, type Envelope, type ServerWire } from '../server/index.ts';

/** First resend of an envelope the server has not confirmed; doubles per attempt. */
export const SUBMIT_RETRY_MS = 5_000;
/** Transmissions before a phone gives up on one envelope (bounded like every queue in the world). */
export const MAX_SUBMIT_ATTEMPTS = 12;
/** Retry waits stop doubling after this many steps (5 s × 2^6 = 5 min 20 s). */
const MAX_BACKOFF_DOUBLINGS = 6;

interface Outgoing {
  readonly envelope: Envelope;
  attempts: number;
  retry: EventHandle | undefined;
}

export class Outbox {
  private readonly pending = new Map<string, Outgoing>();

  constructor(
    private readonly engine: Engine,
    private readonly network: Network<ServerWire>,
    private readonly from: DeviceId,
    private readonly user: string,
    private readonly isOnline: () => boolean,
  ) {}

  submit(envelope: Envelope): void {
    this.pending.set(envelope.id, { envelope, attempts: 0, retry: undefined });
    this.transmit(envelope.id);
  }

  /** The server stored it: stop resending. */
  accepted(envelopeId: string): void {
    const out = this.pending.get(envelopeId);
    if (out?.retry !== undefined) this.engine.cancel(out.retry);
    this.pending.delete(envelopeId);
  }

  /** Back online: resend everything still unconfirmed, each on a fresh single chain. */
  resume(): void {
    for (const id of [...this.pending.keys()]) this.transmit(id);
  }

  private transmit(envelopeId: string): void {
    const out = this.pending.get(envelopeId);
    if (out === undefined) return;
    if (out.retry !== undefined) this.engine.cancel(out.retry);
    out.retry = undefined;
    if (!this.isOnline()) return;
    if (out.attempts >= MAX_SUBMIT_ATTEMPTS) {
      this.pending.delete(envelopeId);
      this.engine.record('submit-gave-up', { device: this.user, envelopeId });
      return;
    }
    out.attempts++;
    this.network.send(this.engine.nowMs, this.from, SERVER_PARTY, { type: 'submit', envelope: out.envelope });
    const wait = SUBMIT_RETRY_MS * 2 ** Math.min(out.attempts - 1, MAX_BACKOFF_DOUBLINGS);
    out.retry = this.engine.after(wait, 'submit-retry', { device: this.user, envelopeId }, () => {
      out.retry = undefined;
      this.transmit(envelopeId);
    });
  }
}
