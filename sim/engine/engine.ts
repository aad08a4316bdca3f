// The discrete-event engine (docs/architecture.md): a virtual clock in integer milliseconds, a
// bounded queue of events run in (time, insertion) order, one master seed with a labelled
// sub-stream per party and subsystem, and the run's trace. Same seed and options → same trace hash.
import { toHex } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import type { CanonicalObject, CanonicalValue } from './canonicalJson.ts';
import { EventQueue } from './eventQueue.ts';
import { MAX_EVENTS_PER_RUN, MAX_PENDING_EVENTS, MAX_SIM_TIME_MS } from './limits.ts';
import { boundWithin, SimLimitExceeded } from './simLimitError.ts';
import { Trace, type TraceOptions } from './trace.ts';

type Seed = bigint | number | string | Uint8Array;

const TRACE_FORMAT = 'sealroom-trace/1';

export interface EngineOptions {
  readonly seed: Seed;
  /** Every option that shapes the run, recorded in the trace header: change one and the hash changes. */
  readonly runOptions?: CanonicalValue;
  /** Lower bound on dispatched events (at most MAX_EVENTS_PER_RUN). */
  readonly maxEvents?: number;
  /** Lower bound on pending events (at most MAX_PENDING_EVENTS). */
  readonly maxPendingEvents?: number;
  readonly trace?: TraceOptions;
}

export interface EventHandle {
  readonly seq: number;
  readonly atMs: number;
}

interface ScheduledEvent extends EventHandle {
  readonly kind: string;
  readonly fields: CanonicalObject;
  readonly action: () => void;
}

export interface RunResult {
  readonly nowMs: number;
  /** Events dispatched by this call. */
  readonly eventsRun: number;
  /** True when the queue was empty at the end (nothing left to happen). */
  readonly idle: boolean;
}

export class Engine {
  readonly trace: Trace;
  readonly maxEvents: number;
  private readonly master: Drbg;
  private readonly streams = new Map<string, Drbg>();
  private readonly queue: EventQueue<ScheduledEvent>;
  /** Sequence numbers of events still in the queue, and the subset of them cancelled. */
  private readonly queued = new Set<number>();
  private readonly cancelled = new Set<number>();
  private now = 0;
  private nextSeq = 0;
  private dispatched = 0;
  private failure: Error | undefined;

  constructor(options: EngineOptions) {
    this.maxEvents = boundWithin(options.maxEvents, MAX_EVENTS_PER_RUN, 'engine maxEvents');
    this.queue = new EventQueue(boundWithin(options.maxPendingEvents, MAX_PENDING_EVENTS, 'engine maxPendingEvents'));
    this.master = createDrbg(options.seed);
    this.trace = new Trace(options.trace);
    this.trace.append({ t: 0, kind: 'run-start', format: TRACE_FORMAT, seed: seedForTrace(options.seed), options: options.runOptions ?? null });
  }

  get nowMs(): number {
    return this.now;
  }

  get eventsDispatched(): number {
    return this.dispatched;
  }

  get pendingEvents(): number {
    return this.queue.size - this.cancelled.size;
  }

  /** The error that ended the run, if one did. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /**
   * The seeded sub-stream for `label` ('network', 'server', 'device:alice', …). It depends only on
   * the master seed and the label, and is the same object on every call, so it reads on.
   */
  stream(label: string): Drbg {
    let s = this.streams.get(label);
    if (s === undefined) {
      s = this.master.fork(label);
      this.streams.set(label, s);
    }
    return s;
  }

  /** Appends a trace line stamped with the current virtual time. */
  record(kind: string, fields: CanonicalObject = {}): void {
    this.trace.append({ ...fields, t: this.now, kind });
  }

  /** Schedules `action` at virtual time `atMs` (>= now). `kind` and `fields` go into its trace line. */
  schedule(atMs: number, kind: string, fields: CanonicalObject, action: () => void): EventHandle {
    this.checkLive();
    if (!Number.isSafeInteger(atMs) || atMs < this.now) throw new UsageError(`schedule: atMs must be an integer >= now (${this.now}), got ${atMs}`);
    if (atMs > MAX_SIM_TIME_MS) throw this.fail(new SimLimitExceeded('MAX_SIM_TIME_MS', MAX_SIM_TIME_MS, `event '${kind}' at ${atMs} ms`));
    const event: ScheduledEvent = { atMs, seq: this.nextSeq++, kind, fields, action };
    try {
      this.queue.push(event);
    } catch (e) {
      throw this.fail(e);
    }
    this.queued.add(event.seq);
    return { seq: event.seq, atMs };
  }

  /** Schedules `action` `delayMs` from now. */
  after(delayMs: number, kind: string, fields: CanonicalObject, action: () => void): EventHandle {
    if (!Number.isSafeInteger(delayMs) || delayMs < 0) throw new UsageError(`after: delayMs must be a non-negative integer, got ${delayMs}`);
    return this.schedule(this.now + delayMs, kind, fields, action);
  }

  /** Cancels a pending event; cancelling one that already ran (or was cancelled) does nothing. */
  cancel(handle: EventHandle): void {
    if (this.queued.has(handle.seq)) this.cancelled.add(handle.seq);
  }

  /**
   * Runs events in order until the queue is empty or the next event is after `untilMs`; then the
   * clock stands at `untilMs` (if given). A handler's error, or a broken bound, ends the run for good.
   */
  run(options: { readonly untilMs?: number } = {}): RunResult {
    this.checkLive();
    const untilMs = options.untilMs;
    if (untilMs !== undefined && (!Number.isSafeInteger(untilMs) || untilMs < this.now || untilMs > MAX_SIM_TIME_MS)) {
      throw new UsageError(`run: untilMs must be an integer in now (${this.now})..${MAX_SIM_TIME_MS}, got ${untilMs}`);
    }
    let eventsRun = 0;
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined || (untilMs !== undefined && next.atMs > untilMs)) break;
      this.queue.pop();
      this.queued.delete(next.seq);
      if (this.cancelled.delete(next.seq)) continue;
      if (this.dispatched >= this.maxEvents) {
        throw this.fail(new SimLimitExceeded('MAX_EVENTS_PER_RUN', this.maxEvents, `event '${next.kind}' at ${next.atMs} ms`));
      }
      this.dispatched++;
      eventsRun++;
      this.now = next.atMs;
      this.trace.append({ ...next.fields, t: this.now, kind: next.kind, seq: next.seq });
      this.dispatch(next);
    }
    if (untilMs !== undefined) this.now = untilMs;
    return { nowMs: this.now, eventsRun, idle: this.queue.size === this.cancelled.size };
  }

  private dispatch(event: ScheduledEvent): void {
    try {
      event.action();
    } catch (e) {
      throw this.fail(e);
    }
  }

  /** Ends the run: records why in the trace and keeps the error for `failed`. Returns it to throw. */
  private fail(e: unknown): Error {
    const err = e instanceof Error ? e : new Error(String(e));
    if (this.failure === undefined) {
      this.failure = err;
      const limit = err instanceof SimLimitExceeded ? err.limit : undefined;
      this.trace.append({ t: this.now, kind: 'run-failed', error: err.name, limit });
    }
    return err;
  }

  private checkLive(): void {
    if (this.failure !== undefined) throw new UsageError(`engine: the run already ended (${this.failure.name}: ${this.failure.message})`);
  }
}

function seedForTrace(seed: Seed): CanonicalValue {
  if (seed instanceof Uint8Array) return { bytes: toHex(seed) };
  if (typeof seed === 'string') return { string: seed };
  return { int: BigInt(seed) };
}
