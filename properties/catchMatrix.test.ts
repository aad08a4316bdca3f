// The catch matrix: every weak variant fails the properties its missing safeguard
// breaks, within the default run budget; the shrunk counterexample is written as a scenario file
// that passes the schema (and the loader's per-variant rules), and replaying that file with
// runScenario fails the same way. shipped-2014 worlds cost an RSA-2048 key per install (cached).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { WEAK_VARIANTS } from '../protocol/variant.ts';
import { loadScenarioFile } from '../scenarios/load.ts';
import { runScenario } from '../scenarios/run.ts';
import { PINNED_SEED } from './budget.ts';
import { campaignFor } from './campaign.ts';
import { runCampaign } from './campaignRun.ts';
import { CATCH_MATRIX } from './catchMatrix.ts';

const outDir = mkdtempSync(join(tmpdir(), 'sealroom-catch-'));
const caught = CATCH_MATRIX.flatMap((row) => row.breaks.map((p) => [row.variant, p, row.underMaliciousServer?.includes(p) === true] as const));

describe('catch matrix', () => {
  test('every weak variant has a row that names at least one property it breaks', () => {
    expect(CATCH_MATRIX.map((r) => r.variant).sort()).toEqual([...WEAK_VARIANTS].sort());
    for (const row of CATCH_MATRIX) expect(row.breaks.length, row.variant).toBeGreaterThan(0);
  });

  test('shipped-2014 is caught by at least SEC-MITM, SEC-INTEGRITY, SEC-FS and SEC-SERVER-BLIND (under a malicious server)', () => {
    const row = CATCH_MATRIX.find((r) => r.variant === 'shipped-2014')!;
    expect(row.breaks).toEqual(expect.arrayContaining(['SEC-MITM', 'SEC-INTEGRITY', 'SEC-FS', 'SEC-SERVER-BLIND']));
    expect(row.underMaliciousServer).toContain('SEC-SERVER-BLIND');
  });

  test.each(caught)('%s is caught by %s: counterexample written and replayed', (variant, property, malicious) => {
    const runs = campaignFor(property)!.defaultRuns;
    const r = runCampaign({ property, variant, seed: PINNED_SEED, runs, counterexampleDir: outDir });
    expect(r.status).toBe('fail');
    expect(r.reason).toBe('counterexample');
    const cx = r.counterexample!;
    expect(cx.crash).toBeUndefined();
    expect(cx.replay).toBe(`npx tsx cli/main.ts check --property ${property} --variant ${variant} --seed ${PINNED_SEED} --runs ${runs}`);
    expect(cx.scenarioFile).not.toBeNull();
    expect(existsSync(cx.scenarioFile!)).toBe(true);
    const loaded = loadScenarioFile(cx.scenarioFile!); // schema + semantic checks
    expect(loaded.variant).toBe(variant);
    expect(loaded.expect).toEqual({ [property]: 'fail' });
    if (malicious) expect(loaded.server.mode).toBe('malicious');
    const replayed = runScenario(loaded, { replay: property === 'DET-REPLAY' });
    expect(replayed.verdicts[property]).toBe('fail');
    expect(replayed.matches).toBe(true);
    // The same failure: the replay's judge names the violation the campaign shrank to.
    expect(replayed.judgements.find((j) => j.property === property)?.violations).toContain(cx.violations[0]);
  });
});
