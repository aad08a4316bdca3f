// `sealroom sim`'s summary: counts read from the run summary, verdicts, and a valid report page.
import { describe, expect, test } from 'vitest';
import { parseBundle } from '../render/bundle.ts';
import { SIM_SUMMARY_FORMAT, simCounts, simSummary, simSummaryBundle } from './simReport.ts';
import { testSummary } from '../../test/kits/runSummary.ts';

const options = { seed: 5, users: 2, days: 1, server: 'curious', variant: 'reference' } as const;

describe('sim summary', () => {
  test('counts come from the run summary', () => {
    expect(simCounts(testSummary())).toMatchObject({
      messagesSent: 1,
      deliveries: 1,
      views: 1,
      inputsRefused: 1,
      envelopesSeenByServer: 2,
      envelopesErasedByServer: 1,
      serverBackups: 1,
      serverSeizures: 1,
      phoneSeizures: 1,
      warrants: 1,
      traceLines: 50,
    });
  });

  test('the JSON summary carries format, options, trace hash, verdicts and whether all passed', () => {
    const s = simSummary(testSummary(), options);
    expect(s.format).toBe(SIM_SUMMARY_FORMAT);
    expect(s.options).toEqual(options);
    expect(s.allPass).toBe(false);
    expect(simSummary(testSummary({ verdicts: { ...testSummary().verdicts, 'SEC-FS': 'pass' } }), options).allPass).toBe(true);
  });

  test('the page is a valid bundle linking the timeline, transparency report and trace', () => {
    const b = parseBundle(simSummaryBundle(testSummary(), options, { trace: 'trace.jsonl', scenario: 'scenario.json' }));
    expect(b.links?.map((l) => l.href)).toEqual(expect.arrayContaining(['scenario-fixture-run.html', 'transparency.html', 'trace.jsonl', 'scenario.json']));
    expect(b.summary).toContain('SEC-FS');
  });
});
