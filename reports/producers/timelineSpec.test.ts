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

  test('the spec renders to an SVG naming the scenario', () => {
    const svg = renderChart(timelineSpec(testSummary()).chart);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fixture-run');
  });
});
