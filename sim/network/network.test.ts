// The network: fault rates within loose bounds at a fixed seed, partitions and heals, the
// in-flight bound, and per-link streams.
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../protocol/errors.ts';
import { Engine } from '../engine/engine.ts';
import { isSimLimitExceeded } from '../engine/simLimitError.ts';
import type { LinkFaults } from './linkFaults.ts';
import { Network, type Delivery } from './network.ts';

const FAULTY: LinkFaults = {
  delayMinMs: 10,
  delayMaxMs: 100,
  drop: { num: 1, den: 10 },
  duplicate: { num: 1, den: 20 },
  reorder: { num: 1, den: 5 },
  reorderExtraMaxMs: 1_000,
};

function world(seed: number, faults: LinkFaults = FAULTY): { engine: Engine; net: Network<number>; got: Delivery<number>[] } {
  const engine = new Engine({ seed });
  const net = new Network<number>(engine, { defaultLink: faults }, (n) => ({ n }));
  const got: Delivery<number>[] = [];
  net.attach('a', (d) => got.push(d));
  net.attach('b', (d) => got.push(d));
  return { engine, net, got };
}

/** Sends n messages a → b, one every 10 ms, and runs the world. */
function sendMany(w: ReturnType<typeof world>, n: number): void {
  for (let i = 0; i < n; i++) w.engine.schedule(i * 10, 'send', {}, () => w.net.send(w.engine.nowMs, 'a', 'b', i));
  w.engine.run();
}

describe('Network', () => {
  test('LIVE-DELIVERY: fault statistics stay within loose bounds at a fixed seed', () => {
    const w = world(2024);
    sendMany(w, 4_000);
    const s = w.net.stats;
    expect(s.sent).toBe(4_000);
    expect(s.dropped / s.sent).toBeGreaterThan(0.07);
    expect(s.dropped / s.sent).toBeLessThan(0.13);
    expect(s.duplicated / (s.sent - s.dropped)).toBeGreaterThan(0.03);
    expect(s.duplicated / (s.sent - s.dropped)).toBeLessThan(0.07);
    expect(s.reordered / (s.sent - s.dropped + s.duplicated)).toBeGreaterThan(0.16);
    expect(s.reordered / (s.sent - s.dropped + s.duplicated)).toBeLessThan(0.24);
    expect(s.delivered).toBe(s.sent - s.dropped + s.duplicated);
    expect(w.got.length).toBe(s.delivered);
    for (const d of w.got) {
      expect(d.deliverAtMs - d.sentAtMs).toBeGreaterThanOrEqual(10);
      expect(d.deliverAtMs - d.sentAtMs).toBeLessThanOrEqual(1_100);
    }
    const order = w.got.map((d) => d.payload);
    expect(order.some((x, i) => i > 0 && x < (order[i - 1] as number))).toBe(true);
    expect(w.net.messagesInFlight).toBe(0);
  });

  test('a reliable link delivers every message once, in order', () => {
    const w = world(1, { delayMinMs: 5, delayMaxMs: 5, drop: { num: 0, den: 1 }, duplicate: { num: 0, den: 1 }, reorder: { num: 0, den: 1 }, reorderExtraMaxMs: 0 });
    sendMany(w, 100);
    expect(w.got.map((d) => d.payload)).toEqual([...Array(100).keys()]);
  });

  test('DET-REPLAY: the same seed gives the same deliveries; faults on one link do not shift another', () => {
    const one = world(9);
    const two = world(9);
    sendMany(one, 300);
    two.engine.schedule(0, 'noise', {}, () => {
      for (let i = 0; i < 50; i++) two.net.send(0, 'b', 'a', -1);
    });
    sendMany(two, 300);
    const ab = (w: ReturnType<typeof world>) => w.got.filter((d) => d.to === 'b').map((d) => [d.payload, d.deliverAtMs]);
    expect(ab(two)).toEqual(ab(one));
    const again = world(9);
    sendMany(again, 300);
    expect(again.engine.trace.traceHash).toBe(one.engine.trace.traceHash);
    expect(two.engine.trace.traceHash).not.toBe(one.engine.trace.traceHash);
  });

  test('partition and heal: a cut party neither sends nor receives, in flight included', () => {
    const engine = new Engine({ seed: 3 });
    const net = new Network<string>(engine, {
      partitions: [
        { party: 'b', atMs: 1_000, healAtMs: 2_000 },
        { link: { from: 'b', to: 'a' }, atMs: 5_000 },
      ],
    });
    const got: string[] = [];
    net.attach('a', (d) => got.push(`a:${d.payload}`));
    net.attach('b', (d) => got.push(`b:${d.payload}`));
    engine.schedule(980, 's', {}, () => net.send(980, 'a', 'b', 'in-flight-at-cut'));
    engine.schedule(1_500, 's', {}, () => net.send(1_500, 'a', 'b', 'during-cut'));
    engine.schedule(1_500, 's', {}, () => net.send(1_500, 'b', 'a', 'from-cut'));
    engine.schedule(2_000, 's', {}, () => net.send(2_000, 'a', 'b', 'after-heal'));
    engine.schedule(6_000, 's', {}, () => net.send(6_000, 'b', 'a', 'cut-link'));
    engine.schedule(6_000, 's', {}, () => net.send(6_000, 'a', 'b', 'other-direction'));
    engine.run();
    expect(got).toEqual(['b:after-heal', 'b:other-direction']);
    expect(net.stats.partitionDropped).toBe(4);
  });

  test('MAX_IN_FLIGHT_MESSAGES: a flood past the bound ends the run', () => {
    const engine = new Engine({ seed: 1 });
    const net = new Network<number>(engine, { maxInFlight: 20 });
    net.attach('b', () => {});
    engine.schedule(0, 'flood', {}, () => {
      for (let i = 0; i < 21; i++) net.send(0, 'a', 'b', i);
    });
    let caught: unknown;
    try {
      engine.run();
    } catch (e) {
      caught = e;
    }
    expect(isSimLimitExceeded(caught, 'MAX_IN_FLIGHT_MESSAGES')).toBe(true);
  });

  test('refuses bad link settings and a send stamped with the wrong time', () => {
    const engine = new Engine({ seed: 1 });
    expect(() => new Network(engine, { defaultLink: { ...FAULTY, delayMinMs: 200 } })).toThrow(UsageError);
    expect(() => new Network(engine, { defaultLink: { ...FAULTY, drop: { num: 3, den: 2 } } })).toThrow(UsageError);
    expect(() => new Network(engine, { defaultLink: { ...FAULTY, reorderExtraMaxMs: 0 } })).toThrow(UsageError);
    const net = new Network<number>(engine);
    expect(() => net.send(5, 'a', 'b', 1)).toThrow(UsageError);
  });
});
