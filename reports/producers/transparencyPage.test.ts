// SEC-WARRANT in the published report pages: one page per world and period in calendar dates with the
// shares operators publish, an index that never adds worlds up; totals add up across runs, the content line says "none" only
// when no content record left, charts of warrants by outcome and by category, and an auditor's note when
// the operator lied or the published figures did not match ground truth.
import { describe, expect, test } from 'vitest';
import { deviceId } from '../../protocol/ids.ts';
import { TransparencyLedger, memoryServerView, serveWarrant, transparencyReport, type Warrant } from '../../sim/authority/index.ts';
import { ALICE, sampleRecords } from '../../test/kits/serverRecords.ts';
import { parseBundle } from '../render/bundle.ts';
import { SIMULATED_EPOCH_MS, dateTime, periodLabel } from './simulatedCalendar.ts';
import { transparencyPageName, transparencyPages } from './transparencyIndex.ts';
import { totalsOf, transparencyBundle, type PublishedReport } from './transparencyPage.ts';

const CAL = { epochMs: SIMULATED_EPOCH_MS };

const view = memoryServerView(sampleRecords());
const warrant = (id: string, at: number): Warrant => ({ id, servedAtMs: at, target: { kind: 'user', userId: ALICE }, scope: ['content', 'metadata'], fromMs: 0, toMs: 10_000 });

function published(scenario: string, policy: 'refuse-content' | 'comply', extra: Partial<PublishedReport> = {}): PublishedReport {
  const ledger = new TransparencyLedger({ reportSeizures: true });
  serveWarrant(ledger, warrant('w1', 10_000), policy, view, 10_000);
  ledger.recordServerSeizure({ items: [{ label: 'disk/x', bytes: new Uint8Array(10) }], atRestKeys: [new Uint8Array(32)] }, 20_000);
  ledger.recordPhoneSeizure({ deviceId: deviceId('bob'), userId: ALICE }, 30_000);
  return { scenario, report: transparencyReport(ledger, { fromMs: 0, toMs: 100_000 }), lied: false, warrantVerdict: 'pass', ...extra };
}

describe('transparency page', () => {
  test('SEC-WARRANT: totals add up the runs', () => {
    const t = totalsOf([published('a', 'refuse-content'), published('b', 'comply')]);
    expect(t).toMatchObject({ runs: 2, simulatedMs: 200_000, received: 2, returns: 2, seizures: { server: 2, phone: 2 } });
    expect(t.byScope.content).toBe(2);
    expect(t.byOutcome['complied-in-part'] + t.byOutcome['complied-in-full']).toBe(2);
    expect(t.disclosed.metadata.returns).toBe(2);
    expect(t.contentRecords).toBe(t.disclosed.content.records);
    expect(t.returnsWithRecords.metadata).toBeLessThanOrEqual(t.disclosed.metadata.returns);
    expect(t.returnsWithRecords.content > 0).toBe(t.contentRecords > 0);
  });

  test('SEC-WARRANT: "Conversation content disclosed: none" appears only when it is true', () => {
    expect(transparencyBundle([published('a', 'refuse-content')], CAL).summary).toContain('Conversation content disclosed: none.');
    const comply = published('b', 'comply');
    const text = transparencyBundle([comply], CAL).summary ?? '';
    expect(comply.report.conversationContentDisclosed).toBeGreaterThan(0);
    expect(text).not.toContain('disclosed: none');
  });

  test('charts: warrants by outcome (bar) and by category (grouped bar); the bundle is valid', () => {
    const b = parseBundle(transparencyBundle([published('a', 'refuse-content')], CAL));
    const charts = b.sections.flatMap((s) => (s.kind === 'chart' ? [s.chart] : []));
    expect(charts.map((c) => c.type)).toEqual(['bar', 'grouped-bar']);
    const outcome = charts[0];
    expect(outcome?.type === 'bar' ? outcome.bars.reduce((n, x) => n + (x.value ?? 0), 0) : -1).toBe(1);
  });

  test("SEC-WARRANT: an auditor's note names runs whose published figures were false", () => {
    expect(transparencyBundle([published('a', 'refuse-content')], CAL).summary).not.toContain("Auditor's note");
    const note = transparencyBundle([published('a', 'refuse-content'), published('liar', 'refuse-content', { lied: true, warrantVerdict: 'fail' })], CAL).summary ?? '';
    expect(note).toContain("Auditor's note");
    expect(note).toContain('liar (the operator published from a doctored ledger)');
  });
});

describe('simulated calendar', () => {
  test('simulated time 0 is 1 January 2026, UTC; an exclusive end shows its last day', () => {
    expect(new Date(SIMULATED_EPOCH_MS).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(periodLabel(SIMULATED_EPOCH_MS, { fromMs: 0, toMs: 2 * 86_400_000 + 1 })).toBe('1 January 2026 to 3 January 2026');
    expect(periodLabel(SIMULATED_EPOCH_MS, { fromMs: 0, toMs: 86_400_000 })).toBe('1 January 2026');
    expect(dateTime(SIMULATED_EPOCH_MS, 345_605_000)).toBe('2026-01-05 00:00:05 UTC');
    expect(() => dateTime(SIMULATED_EPOCH_MS, Number.NaN)).toThrow(RangeError);
  });
});

describe('transparency report per world and period', () => {
  test('the page shows the period in calendar dates and each outcome as a share of the warrants received', () => {
    const b = parseBundle(transparencyBundle([published('alpha', 'refuse-content')], CAL));
    expect(b.title).toBe('Transparency report — sealroom operator, world alpha');
    expect(b.sections.some((x) => x.id === 'runs')).toBe(false);
    expect(transparencyBundle([published('a', 'comply'), published('b', 'comply')], CAL).sections.some((x) => x.id === 'runs')).toBe(true);
    expect(b.subtitle).toBe('Reporting period: 1 January 2026');
    const outcomes = b.sections.find((s) => s.id === 'outcomes');
    expect(outcomes?.kind).toBe('table');
    const rows = outcomes?.kind === 'table' ? outcomes.rows : [];
    expect(rows.at(-1)).toEqual(['All warrants received', 1, '100%']);
    const shares = rows.slice(0, -1).map((r) => r[2]);
    expect(shares.filter((x) => x === '100%')).toHaveLength(1);
    expect(shares.filter((x) => x === '0%')).toHaveLength(3);
    expect(b.summary).toMatch(/Complied with: 1 \(100%\)/);
    expect(b.summary).toContain('Accounts affected by disclosures: ');
    const returns = b.sections.find((s) => s.id === 'returns');
    expect(returns?.kind === 'table' ? returns.rows[0]?.[2] : null).toBe('2026-01-01 00:00:10 UTC');
  });

  test('a report with no warrants shows no share rather than 0% or NaN', () => {
    const empty = new TransparencyLedger({ reportSeizures: true });
    const r: PublishedReport = { scenario: 'quiet', report: transparencyReport(empty, { fromMs: 0, toMs: 1000 }), lied: false, warrantVerdict: 'pass' };
    const b = transparencyBundle([r], CAL);
    expect(b.summary).toContain('Refused: 0 (–)');
    expect(JSON.stringify(b)).not.toContain('NaN');
  });

  test('one page per world, never added up, and an index linking each with its period and shares', () => {
    const reports = [published('alpha', 'refuse-content'), published('beta', 'comply'), published('liar', 'refuse-content', { lied: true, warrantVerdict: 'fail' })];
    const pages = transparencyPages(reports, CAL);
    expect(pages.map((p) => p.name)).toEqual(['transparency', 'transparency-alpha-2026-01-01', 'transparency-beta-2026-01-01', 'transparency-liar-2026-01-01']);
    for (const p of pages) parseBundle(p.bundle);
    // Each world's page counts only its own warrant.
    expect(pages[1]?.bundle.summary).toContain('Warrants received: 1 ');
    const index = pages[0]?.bundle;
    const table = index?.sections.find((s) => s.id === 'reports');
    const rows = table?.kind === 'table' ? table.rows : [];
    expect(rows.map((r) => r[0])).toEqual(reports.map((r) => ({ text: `sealroom operator, world ${r.scenario}`, href: `${transparencyPageName(r, SIMULATED_EPOCH_MS)}.html` })));
    expect(rows[0]?.[1]).toBe('1 January 2026');
    expect(rows[0]?.[8]).toBe('none');
    expect(String(rows[1]?.[8])).toMatch(/^✗ \d+ records$/);
    expect(rows[2]?.[9]).toBe('✗ no (SEC-WARRANT): doctored ledger');
    expect(index?.summary).toContain('Conversation content was disclosed in 1 of 3 reports');
    expect(index?.summary).toContain("Auditor's note");
    expect(JSON.stringify(transparencyPages(reports, CAL))).toBe(JSON.stringify(pages));
  });
});
