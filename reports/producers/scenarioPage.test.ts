// The per-scenario page: a valid report bundle with the timeline, verdicts (with ✓/✗ against the
// expectation and the violations), seizures, what the server saw by size bucket, and the replay command.
import { describe, expect, test } from 'vitest';
import { parseBundle, type TableSection } from '../render/bundle.ts';
import { renderSite } from '../render/site.ts';
import { scenarioPageBundle, scenarioPageName } from './scenarioPage.ts';
import { testSummary } from '../../test/kits/runSummary.ts';

const table = (id: string) => {
  const s = scenarioPageBundle(testSummary()).sections.find((x) => x.id === id);
  if (s?.kind !== 'table') throw new Error(`no table ${id}`);
  return s as TableSection;
};

describe('scenarioPageBundle', () => {
  test('is a valid bundle whose first section is the timeline chart', () => {
    const b = parseBundle(scenarioPageBundle(testSummary(), { replayCommand: 'sealroom scenario run fixture-run' }));
    expect(b.title).toBe('Scenario: fixture-run');
    expect(b.sections[0]?.kind).toBe('chart');
    expect(b.sections.at(-1)).toMatchObject({ kind: 'markdown', markdown: expect.stringContaining('sealroom scenario run fixture-run') });
    expect(scenarioPageName('x')).toBe('scenario-x');
  });

  test('verdicts: ✓/✗ against the expectation, blank without one, violations listed', () => {
    const rows = table('verdicts').rows;
    const row = (p: string) => rows.find((r) => r[0] === p);
    expect(row('SEC-FS')).toEqual(['SEC-FS', 'fail', 'pass', '✗', 'phone seized after messages were decrypted', 'bob kept a key for alice-m1 | second | third']);
    expect(row('SEC-EVAPORATE')?.[3]).toBe('✓');
    expect(row('SEC-MITM')?.slice(1, 4)).toEqual(['pass', 'fail', '✗']);
    expect(row('SEC-PQ')?.[3]).toBe('');
  });

  test('the summary names the unmet expectations', () => {
    expect(scenarioPageBundle(testSummary()).summary).toContain('SEC-FS (fail, expected pass)');
    expect(scenarioPageBundle(testSummary({ matches: true })).meta?.[0]).toEqual({ label: 'result', value: 'as expected' });
  });

  test('server sizes are grouped by bucket; injected envelopes (no traced size) are listed but not bucketed', () => {
    expect(table('server-buckets').rows).toEqual([[2048, 1, 1325]]);
    expect(table('server-saw').rows).toHaveLength(2);
    expect(table('server-saw').rows[1]?.[6]).toBe('injected (replay)');
  });

  test('seizures in time order with items, bytes and where the items were found', () => {
    const rows = table('seizures').rows;
    expect(rows.map((r) => r[1])).toEqual(["bob's phone", 'whole server']);
    expect(rows[1]?.slice(2, 5)).toEqual([10, 12_000, 1]);
    expect(rows[1]?.[5]).toContain('archive: 6 items');
  });

  test('renders to HTML and Markdown through the site renderer', () => {
    const files = renderSite([{ name: 'scenario-fixture-run', bundle: scenarioPageBundle(testSummary()) }]);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['scenario-fixture-run.html', 'scenario-fixture-run.md', 'scenario-fixture-run.timeline.svg', 'index.html']));
  });
});
