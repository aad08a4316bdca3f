// The run's append-only event log and its trace (docs/architecture.md "One record of truth"). A typed
// event is kept in memory as it is (bytes and states included, for the judges) and written to the
// engine's trace as one canonical JSON line: its scalar fields as they are, plus the SHA-256 of the
// whole event, so the trace hash covers every byte the judges read. Closed once the world has
// performed its end-of-run seizures; nothing can be appended after that.
import { createHash, type Hash } from 'node:crypto';
import { UsageError } from '../../protocol/errors.ts';
import type { CanonicalObject, CanonicalValue } from '../engine/canonicalJson.ts';
import type { Engine } from '../engine/engine.ts';
import type { EventOf, RunEvent, RunEventKind, WorldSettings } from './events.ts';

/** Objects walked per digested event: bounds a cyclic or hostile state (the walk fails loudly past it). */
const MAX_DIGEST_NODES = 5_000_000;

type Unstamped<E> = E extends unknown ? Omit<E, 'atMs'> : never;

export class RunLog {
  private readonly list: RunEvent[] = [];
  private closedAt: number | undefined;

  constructor(private readonly engine: Engine) {}

  /** Appends an event stamped with the engine's current time, and writes its trace line. */
  append(event: Unstamped<RunEvent>): void {
    if (this.closedAt !== undefined) throw new UsageError(`run log: closed at ${this.closedAt} ms; cannot append ${event.kind}`);
    const stamped = { ...event, atMs: this.engine.nowMs } as RunEvent;
    this.list.push(stamped);
    this.engine.record(`log:${stamped.kind}`, traceFields(stamped));
  }

  /** Every typed event, in the order it happened. */
  get events(): readonly RunEvent[] {
    return this.list;
  }

  of<K extends RunEventKind>(kind: K): EventOf<K>[] {
    return this.list.filter((e): e is EventOf<K> => e.kind === kind);
  }

  /** SHA-256 of the trace: every typed event and every simulator step, in order. */
  get traceHash(): string {
    return this.engine.trace.traceHash;
  }

  /** The trace as JSON Lines text lines (what `sealroom sim` writes as trace.jsonl). */
  get traceLines(): readonly string[] {
    return this.engine.trace.lines();
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  close(): void {
    this.closedAt ??= this.engine.nowMs;
  }
}

/** A trace line for an event: its top-level scalars (readable in trace.jsonl) and a digest of all of it. */
function traceFields(e: RunEvent): CanonicalObject {
  const out: Record<string, CanonicalValue> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'kind' || k === 'atMs') continue;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
  }
  out['digest'] = digestOf(e.kind === 'run-started' ? { ...e, settings: withoutWhere(e.settings) } : e);
  return out;
}

/** The settings a trace covers: all but where an out-of-process engine ran (events.ts WorldSettings.engineAt). */
function withoutWhere(s: WorldSettings): WorldSettings {
  const { engineAt: _where, ...what } = s;
  return what;
}

/** SHA-256 over a type-tagged walk of `value`: equal values give equal digests, on every run. */
export function digestOf(value: unknown): string {
  const h = createHash('sha256');
  const budget = { nodes: 0 };
  feed(h, value, budget);
  return h.digest('hex');
}

function feed(h: Hash, v: unknown, budget: { nodes: number }): void {
  if (++budget.nodes > MAX_DIGEST_NODES) throw new UsageError(`run log digest: more than ${MAX_DIGEST_NODES} nodes (a cycle?)`);
  if (v === undefined) return void h.update('u');
  if (v === null) return void h.update('n');
  switch (typeof v) {
    case 'boolean':
      return void h.update(v ? 'T' : 'F');
    case 'number':
    case 'bigint':
      return void h.update(`#${String(v)};`);
    case 'string':
      return void h.update(`s${v.length}:${v}`);
    case 'object':
      break;
    default:
      throw new UsageError(`run log digest: unsupported ${typeof v}`);
  }
  if (v instanceof Uint8Array) {
    h.update(`b${v.length}:`);
    return void h.update(v);
  }
  if (v instanceof Map) {
    h.update(`m${v.size}{`);
    for (const [k, x] of v) {
      feed(h, k, budget);
      feed(h, x, budget);
    }
    return void h.update('}');
  }
  if (Array.isArray(v)) {
    h.update(`a${v.length}[`);
    for (const x of v) feed(h, x, budget);
    return void h.update(']');
  }
  const keys = Object.keys(v).sort();
  h.update(`o${keys.length}{`);
  for (const k of keys) {
    h.update(`k${k.length}:${k}`);
    feed(h, (v as Record<string, unknown>)[k], budget);
  }
  h.update('}');
}
