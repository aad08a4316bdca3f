// The engine: ordering, seeded streams, trace hash determinism, and the event/queue bounds.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { Engine } from './engine.ts';
import { EventQueue } from './eventQueue.ts';
import { isSimLimitExceeded } from './simLimitError.ts';

/** A small self-driving workload: timers that draw from seeded streams and schedule more timers. */
function runToy(seed: number, options: { readonly parties: number; readonly rounds: number }): Engine {
  const engine = new Engine({ seed, runOptions: { ...options } });
  for (let p = 0; p < options.parties; p++) {
    const rng = engine.stream(`device:p${p}`);
    let left = options.rounds;
    const tick = (): void => {
      engine.record('draw', { party: p, value: rng.below(1000) });
      if (--left > 0) engine.after(1 + rng.below(5_000), 'tick', { party: p }, tick);
    };
    engine.after(rng.below(100), 'tick', { party: p }, tick);
  }
  engine.run();
  return engine;
}

describe('Engine', () => {
  test('runs events in (time, insertion) order and advances the clock to untilMs', () => {
    const engine = new Engine({ seed: 1 });
    const order: string[] = [];
    engine.schedule(10, 'e', {}, () => order.push('b@10'));
    engine.schedule(5, 'e', {}, () => order.push('a@5'));
    engine.schedule(10, 'e', {}, () => order.push('c@10'));
    engine.schedule(10, 'e', {}, () => engine.after(0, 'e', {}, () => order.push('d@10')));
    const r = engine.run({ untilMs: 1_000 });
    expect(order).toEqual(['a@5', 'b@10', 'c@10', 'd@10']);
    expect(r).toEqual({ nowMs: 1_000, eventsRun: 5, idle: true });
  });

  test('cancelled events do not run and do not count', () => {
    const engine = new Engine({ seed: 1 });
    let ran = 0;
    const h = engine.after(5, 'x', {}, () => ran++);
    engine.after(6, 'y', {}, () => ran++);
    engine.cancel(h);
    expect(engine.pendingEvents).toBe(1);
    expect(engine.run().eventsRun).toBe(1);
    expect(ran).toBe(1);
  });

  test('refuses to schedule in the past', () => {
    const engine = new Engine({ seed: 1 });
    engine.run({ untilMs: 100 });
    expect(() => engine.schedule(99, 'x', {}, () => {})).toThrow(UsageError);
  });

  test('DET-REPLAY: a stream depends only on the seed and its label, and reads on', () => {
    const a = new Engine({ seed: 7 });
    const b = new Engine({ seed: 7 });
    b.stream('other').bytes(100);
    expect(toHex(a.stream('device:alice').bytes(16))).toBe(toHex(b.stream('device:alice').bytes(16)));
    expect(toHex(a.stream('device:alice').bytes(16))).not.toBe(toHex(new Engine({ seed: 7 }).stream('device:alice').bytes(16)));
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { numRuns: 20 })('DET-REPLAY: same seed and options give the same trace hash', (seed) => {
    const a = runToy(seed, { parties: 3, rounds: 20 });
    const b = runToy(seed, { parties: 3, rounds: 20 });
    expect(a.trace.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.trace.traceHash).toBe(b.trace.traceHash);
    expect(a.trace.toJsonl()).toBe(b.trace.toJsonl());
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { numRuns: 20 })('DET-REPLAY: one changed option or seed changes the hash', (seed) => {
    const base = runToy(seed, { parties: 3, rounds: 20 }).trace.traceHash;
    expect(runToy(seed, { parties: 3, rounds: 21 }).trace.traceHash).not.toBe(base);
    expect(runToy(seed + 1, { parties: 3, rounds: 20 }).trace.traceHash).not.toBe(base);
  });

  test('DET-REPLAY: the trace hash is sha256 of the JSONL text', () => {
    const engine = runToy(3, { parties: 2, rounds: 5 });
    expect(engine.trace.traceHash).toBe(toHex(sha256(utf8(engine.trace.toJsonl()))));
    expect(JSON.parse(engine.trace.lines()[0] ?? '')).toMatchObject({ kind: 'run-start', t: 0, format: 'sealroom-trace/1' });
  });

  test('MAX_EVENTS_PER_RUN: a livelocked timer ends the run with a clear error', () => {
    const engine = new Engine({ seed: 1, maxEvents: 50 });
    const loop = (): void => void engine.after(1, 'loop', {}, loop);
    engine.after(0, 'loop', {}, loop);
    let caught: unknown;
    try {
      engine.run();
    } catch (e) {
      caught = e;
    }
    expect(isSimLimitExceeded(caught, 'MAX_EVENTS_PER_RUN')).toBe(true);
    expect(engine.eventsDispatched).toBe(50);
    expect(engine.failed).toBe(caught);
    expect(() => engine.run()).toThrow(UsageError);
    expect(JSON.parse(engine.trace.lines().at(-1) ?? '')).toMatchObject({ kind: 'run-failed', limit: 'MAX_EVENTS_PER_RUN' });
  });

  test('MAX_PENDING_EVENTS: a flood of scheduled events ends the run', () => {
    const engine = new Engine({ seed: 1, maxPendingEvents: 10 });
    engine.after(0, 'fanout', {}, () => {
      for (let i = 0; i < 11; i++) engine.after(1, 'leaf', {}, () => {});
    });
    expect(() => engine.run()).toThrow(expect.objectContaining({ name: 'SimLimitExceeded', limit: 'MAX_PENDING_EVENTS' }));
    expect(() => engine.after(1, 'late', {}, () => {})).toThrow(UsageError);
  });

  test('MAX_SIM_TIME_MS: an event past a year of virtual time ends the run', () => {
    const engine = new Engine({ seed: 1 });
    expect(() => engine.schedule(400 * 24 * 3600 * 1000, 'far', {}, () => {})).toThrow(expect.objectContaining({ limit: 'MAX_SIM_TIME_MS' }));
  });

  test('configured bounds may only lower the named limits', () => {
    expect(() => new Engine({ seed: 1, maxEvents: 0 })).toThrow(UsageError);
    expect(() => new Engine({ seed: 1, maxPendingEvents: 10 ** 12 })).toThrow(UsageError);
  });

  test('a handler error ends the run and is recorded in the trace', () => {
    const engine = new Engine({ seed: 1 });
    engine.after(3, 'boom', {}, () => {
      throw new Error('bug');
    });
    expect(() => engine.run()).toThrow('bug');
    expect(JSON.parse(engine.trace.lines().at(-1) ?? '')).toMatchObject({ kind: 'run-failed', t: 3 });
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 })], { numRuns: 50 })('EventQueue pops in (time, seq) order under interleaved push/pop', (ops) => {
    const q = new EventQueue<{ atMs: number; seq: number }>(1_000);
    const popped: { atMs: number; seq: number }[] = [];
    ops.forEach(([atMs, pop], seq) => {
      q.push({ atMs: atMs + (popped.at(-1)?.atMs ?? 0), seq });
      q.checkHeap();
      if (pop) popped.push(q.pop() as { atMs: number; seq: number });
    });
    for (let i = 1; i < popped.length; i++) {
      const [a, b] = [popped[i - 1], popped[i]] as [{ atMs: number; seq: number }, { atMs: number; seq: number }];
      expect(a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)).toBe(true);
    }
  });
});
