// The property-campaign page: held / failed per property, coverage gates with their shares, and for a
// failure the counterexample file link or the replay command.
import { describe, expect, test } from 'vitest';
import { parseBundle } from '../render/bundle.ts';
import { testSummary } from '../../test/kits/runSummary.ts';
import { campaignBundle, type CampaignRow } from './campaignPage.ts';

const held: CampaignRow = {
  property: 'SEC-FS',
  status: 'pass',
  runs: 15,
  seed: 1,
  reason: null,
  coverage: [{ situation: 'phone seized after a view', hits: 6, runs: 15, minShare: 0.2, met: true }],
  shortfall: [],
  counterexample: null,
};
const broke: CampaignRow = {
  property: 'SEC-INTEGRITY',
  status: 'fail',
  runs: 4,
  seed: 1,
  reason: 'counterexample',
  coverage: [],
  shortfall: [],
  counterexample: { scenarioFile: '/out/counterexamples/sec-integrity.json', replay: 'sealroom check --property SEC-INTEGRITY --seed 1 --path 3', violations: ['bob accepted a replay'] },
};
const rare: CampaignRow = { ...held, property: 'SEC-PCS', status: 'fail', reason: 'coverage', shortfall: ['healing round trip: 0/20, needs 10%'] };

describe('campaignBundle', () => {
  test('all held: the summary says so and counts the worlds', () => {
    const b = parseBundle(campaignBundle([held], { variant: 'reference', seed: 1 }));
    expect(b.summary).toContain('**Every property held** over 15 generated worlds');
    const t = b.sections[0];
    expect(t?.kind === 'table' ? t.rows[0] : null).toEqual(['SEC-FS', '✓ held', 15, 'phone seized after a view: 6/15 (needs 20%)', '—']);
  });

  test('SEC-INTEGRITY failure: links the counterexample file and lists the replay command; a coverage failure names the shortfall', () => {
    const b = parseBundle(campaignBundle([held, broke, rare], { variant: 'reference', seed: 1, link: (f) => f.replace('/out/', '') }));
    expect(b.summary).toContain('**2 of 3 properties failed**');
    expect(b.summary).toContain('sealroom check --property SEC-INTEGRITY --seed 1 --path 3');
    const t = b.sections[0];
    const rows = t?.kind === 'table' ? t.rows : [];
    expect(rows[1]?.[4]).toEqual({ text: 'bob accepted a replay (counterexample file)', href: 'counterexamples/sec-integrity.json' });
    expect(rows[2]?.[1]).toBe('✗ coverage');
    expect(rows[2]?.[4]).toContain('healing round trip');
  });

  test("a counterexample's run is drawn as a timeline under its replay command; one that could not run is said", () => {
    const run = testSummary();
    const b = parseBundle(campaignBundle([held, broke], { variant: 'reference', seed: 1, timelines: [{ property: 'SEC-INTEGRITY', run }] }));
    const chart = b.sections.find((s) => s.id === 'timeline-sec-integrity');
    expect(chart?.kind).toBe('chart');
    expect(chart?.kind === 'chart' ? chart.caption : '').toContain('sealroom check --property SEC-INTEGRITY --seed 1 --path 3');
    const notDrawn = parseBundle(campaignBundle([held, broke], { variant: 'reference', seed: 1, timelines: [{ property: 'SEC-INTEGRITY', run: 'the file was not written' }] }));
    const md = notDrawn.sections.find((s) => s.id === 'timeline-sec-integrity');
    expect(md?.kind === 'markdown' ? md.markdown : '').toContain('Not drawn: the file was not written');
  });
});
