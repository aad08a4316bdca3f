// A phone's network client, shared by every session engine: each envelope it sends goes to the server
// with doubling retries until the server confirms it ('accepted'); offline, nothing is sent and no
// attempt is counted, and coming back online resumes every envelope on one retry chain. What the
// server pushes is handed to the phone and acknowledged.
import { roomId as toRoomId, type DeviceId } from '../../protocol/ids.ts';
import type { Engine, EventHandle } from '../engine/engine.ts';
import type { Delivery, Network } from '../network/network.ts';
import { SERVER_PARTY, type Envelope, type ServerWire } from '../server/index.ts';

/** First resend of an envelope the server has not confirmed; doubles per attempt. */
const SUBMIT_RETRY_MS = 5_000;
/** Transmissions before a phone gives up on one envelope (bounded like every queue in the world). */
const MAX_SUBMIT_ATTEMPTS = 12;
/** Retry waits stop doubling after this many steps (5 s × 2^6 = 5 min 20 s). */
const MAX_BACKOFF_DOUBLINGS = 6;

interface Outgoing {
  readonly envelope: Envelope;
  attempts: number;
  retry: EventHandle | undefined;
}

export class Outbox {
  private readonly pending = new Map<string, Outgoing>();
  private nextEnvelope = 1;

  constructor(
    private readonly engine: Engine,
    private readonly network: Network<ServerWire>,
    private readonly from: DeviceId,
    private readonly user: string,
    private readonly isOnline: () => boolean,
  ) {}

  /** Number, submit and return a new envelope from this phone. */
  send(to: DeviceId, roomId: string, kind: Envelope['kind'], body: Uint8Array): Envelope {
    const envelope: Envelope = { id: `${this.user}:${this.nextEnvelope++}`, from: this.from, to, roomId: toRoomId(roomId), kind, body, sentAtMs: this.engine.nowMs };
    this.pending.set(envelope.id, { envelope, attempts: 0, retry: undefined });
    this.transmit(envelope.id);
    return envelope;
  }

  /**
   * What the server pushes to this phone: a confirmation stops resending; a delivery goes to `deliver`
   * and is acknowledged. With the radio off nothing arrives: the server keeps it and pushes again later.
   */
  fromServer(d: Delivery<ServerWire>, deliver: (envelope: Envelope, serverId: string) => void): void {
    if (!this.isOnline()) return;
    const m = d.payload;
    if (m.type === 'accepted') this.accepted(m.envelopeId);
    if (m.type !== 'deliver') return;
    deliver(m.envelope, m.serverId);
    this.network.send(this.engine.nowMs, this.from, SERVER_PARTY, { type: 'ack', serverId: m.serverId });
  }

  /** The server stored it: stop resending. */
  private accepted(envelopeId: string): void {
    const out = this.pending.get(envelopeId);
    if (out?.retry !== undefined) this.engine.cancel(out.retry);
    this.pending.delete(envelopeId);
  }

  /** Back online: ask for what waited at the server, and resend everything unconfirmed, each on one fresh chain. */
  reconnect(): void {
    this.network.send(this.engine.nowMs, this.from, SERVER_PARTY, { type: 'pull' });
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
