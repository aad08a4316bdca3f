// SEC-WARRANT in the published report page: totals add up across runs, the content line says "none" only
// when no content record left, charts of warrants by outcome and by category, and an auditor's note when
// the operator lied or the published figures did not match ground truth.
import { describe, expect, test } from 'vitest';
import { deviceId } from '../../protocol/ids.ts';
import { TransparencyLedger, memoryServerView, serveWarrant, transparencyReport, type Warrant } from '../../sim/authority/index.ts';
import { ALICE, sampleRecords } from '../../test/kits/serverRecords.ts';
import { parseBundle } from '../render/bundle.ts';
import { totalsOf, transparencyBundle, type PublishedReport } from './transparencyPage.ts';

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
    expect(transparencyBundle([published('a', 'refuse-content')]).summary).toContain('Conversation content disclosed: none.');
    const comply = published('b', 'comply');
    const text = transparencyBundle([comply]).summary ?? '';
    expect(comply.report.conversationContentDisclosed).toBeGreaterThan(0);
    expect(text).not.toContain('disclosed: none');
  });

  test('charts: warrants by outcome (bar) and by category (grouped bar); the bundle is valid', () => {
    const b = parseBundle(transparencyBundle([published('a', 'refuse-content')]));
    const charts = b.sections.flatMap((s) => (s.kind === 'chart' ? [s.chart] : []));
    expect(charts.map((c) => c.type)).toEqual(['bar', 'grouped-bar']);
    const outcome = charts[0];
    expect(outcome?.type === 'bar' ? outcome.bars.reduce((n, x) => n + (x.value ?? 0), 0) : -1).toBe(1);
  });

  test("SEC-WARRANT: an auditor's note names runs whose published figures were false", () => {
    expect(transparencyBundle([published('a', 'refuse-content')]).summary).not.toContain("Auditor's note");
    const note = transparencyBundle([published('a', 'refuse-content'), published('liar', 'refuse-content', { lied: true, warrantVerdict: 'fail' })]).summary ?? '';
    expect(note).toContain("Auditor's note");
    expect(note).toContain('liar (the operator published from a doctored ledger)');
  });
});
