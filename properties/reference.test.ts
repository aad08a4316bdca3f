// The reference protocol keeps every promise: each property's campaign passes
// over its default budget of generated worlds from the pinned seed, with its coverage gates met.
// A failure prints the seed, the fast-check path, the command that replays it and the scenario file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PINNED_SEED } from './budget.ts';
import { CAMPAIGNS } from './campaign.ts';
import { runCampaign } from './campaignRun.ts';
import { checkText } from './checkReport.ts';

const outDir = mkdtempSync(join(tmpdir(), 'sealroom-reference-'));

describe('reference protocol: every property holds on generated runs', () => {
  test.each(CAMPAIGNS.map((c) => [c.id, c.defaultRuns] as const))('%s holds over %i generated runs with its coverage gates met', (id, runs) => {
    const r = runCampaign({ property: id, variant: 'reference', seed: PINNED_SEED, runs, counterexampleDir: outDir });
    const report = checkText({ variant: 'reference', seed: PINNED_SEED, runs, shard: null }, [r]);
    expect(r.counterexample, report).toBeNull();
    expect(r.shortfall, report).toEqual([]);
    expect(r.status, report).toBe('pass');
    expect(r.runs).toBe(runs);
  });
});
