// The seizure timeline (docs/reports.md): lanes per party plus server and authority, seizures
// highlighted, offline spans, and a window that ends just after the last action.
import { describe, expect, test } from 'vitest';
import { renderChart } from '../render/svg/chart.ts';
import { testSummary } from '../../test/kits/runSummary.ts';
import { AUTHORITY_LANE, SERVER_LANE, timelineEndMs, timelineSpec } from './timelineSpec.ts';

describe('timelineSpec', () => {
  test('lanes: each party, then server and authority', () => {
    const { chart } = timelineSpec(testSummary());
    expect(chart.lanes.map((l) => l.id)).toEqual(['alice', 'bob', SERVER_LANE, AUTHORITY_LANE]);
  });

  test('sends, deliveries, views, refusals, stores, erasures, attacks and warrants land on their lanes', () => {
    const { chart } = timelineSpec(testSummary());
    const on = (lane: string) => chart.events.filter((e) => e.lane === lane).map((e) => e.kind);
    expect(on('alice')).toEqual(['send']);
    expect(on('bob')).toEqual(expect.arrayContaining(['deliver', 'view', 'refuse', 'seize-phone']));
    expect(on(SERVER_LANE)).toEqual(expect.arrayContaining(['store', 'erase', 'inject', 'attack', 'seize-server']));
    expect(on(AUTHORITY_LANE)).toEqual(['warrant']);
  });

  test('seizures are highlighted and nothing else is', () => {
    const { chart } = timelineSpec(testSummary());
    expect(
      chart.events
        .filter((e) => e.highlight === true)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['seize-phone', 'seize-server']);
  });

  test('the window ends just after the last action; later events are counted, not drawn', () => {
    const s = testSummary();
    const end = timelineEndMs(s);
    expect(end).toBeGreaterThan(s.lastActionMs);
    expect(end).toBeLessThan(s.lastActionMs + 5_000);
    const { chart, notDrawn } = timelineSpec(s);
    expect(chart.end).toBe(end);
    expect(chart.events.every((e) => e.at <= end)).toBe(true);
    expect(notDrawn).toBe(1); // the backup at 6 h
    expect(chart.spans).toEqual([
      { lane: 'alice', start: 2_000, end: 4_000, kind: 'offline' },
      { lane: AUTHORITY_LANE, start: 15_000, end: 18_000, kind: 'gag order' },
    ]);
  });

  test('SEC-WARRANT: a notification sent after the last action (a gag expiring) stays in the window', () => {
    const s = testSummary();
    const late = { atMs: 172_800_000, kind: 'notification' as const, warrant: 'W1', detail: 'bob told', gagUntilMs: null };
    const { chart } = timelineSpec({ ...s, authority: [...s.authority, late] });
    expect(chart.end).toBeGreaterThan(late.atMs);
    expect(chart.events.some((e) => e.kind === 'notification' && e.at === late.atMs)).toBe(true);
  });

  test('an arrow per message copy from its send to its acceptance; a replay made up by the server is marked', () => {
    const { chart } = timelineSpec(testSummary());
    expect(chart.links).toContainEqual({ from: 'alice', fromAt: 1_000, to: 'bob', toAt: 1_100, kind: 'message', label: 'hello → bob' });
    // The injected replay at 9.4 s reaches bob, who refuses it at 9.5 s.
    expect(chart.links).toContainEqual({ from: SERVER_LANE, fromAt: 9_400, to: 'bob', toAt: 9_500, kind: 'replay', label: 's2 injected (replay) → bob' });
  });

  test('a copy never accepted stops short: held back for a key change, or never arrived', () => {
    const s = testSummary();
    const m = { ...s.messages[0], messageId: 'alice-m2', label: 'lost', recipients: ['bob'], heldFor: [] } as (typeof s.messages)[number];
    const held = { ...m, messageId: 'alice-m3', label: 'held', heldFor: ['bob'] };
    const { chart } = timelineSpec({ ...s, messages: [...s.messages, m, held] });
    expect(chart.links?.filter((l) => l.toAt === undefined).map((l) => [l.label, l.kind])).toEqual([
      ['lost → bob', 'never arrived'],
      ['held → bob', 'held back'],
    ]);
  });

  test('a copy accepted twice: the second acceptance is a replay', () => {
    const s = testSummary();
    const again = { atMs: 9_450, recipient: 'bob', claimedFrom: 'alice', messageId: 'alice-m1' };
    const { chart } = timelineSpec({ ...s, deliveries: [...s.deliveries, again] });
    expect(chart.links).toContainEqual({ from: SERVER_LANE, fromAt: 9_400, to: 'bob', toAt: 9_450, kind: 'replay', label: 'hello accepted again by bob' });
  });

  test('each seizure says what it took, and what the judges found it opens', () => {
    const s = testSummary();
    const judgements = s.judgements.map((j) =>
      j.property === 'SEC-FS' ? { ...j, violations: ['phone of bob seized at 10000 ms opens earlier message hello', 'phone of alice seized at 10000 ms opens x'] } : j,
    );
    const { chart } = timelineSpec({ ...s, judgements });
    const phone = chart.events.find((e) => e.kind === 'seize-phone');
    expect(phone?.detail).toEqual(['took the encrypted device store (4.88 KiB) and the key that opens it', 'opens — SEC-FS: phone of bob seized at T+10s opens earlier message hello']);
    const server = chart.events.find((e) => e.kind === 'seize-server');
    expect(server?.detail?.[0]).toBe('took 10 items, 11.7 KiB — archive 6 (7.81 KiB), disk 4 (3.91 KiB), and 1 at-rest key');
    expect(server?.detail?.[1]).toMatch(/^the judges found nothing it opens \(SEC-SERVER-BLIND, SEC-EVAPORATE, SEC-RETENTION, .*pass\)$/);
  });

  test('the spec renders to an SVG naming the scenario', () => {
    const svg = renderChart(timelineSpec(testSummary()).chart);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fixture-run');
  });
});
